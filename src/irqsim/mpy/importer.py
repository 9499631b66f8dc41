"""Firmware packages: ``import pkg.sub``, ``from . import x``, ``from .mod import y``.

py/builtinimport.c: a directory with ``__init__.py`` is a package (its module gets
``__path__``); submodules load on demand and become attributes of their parent; a relative
import resolves against the importing module's ``__name__`` (a package's own name, or a
submodule's parent), taken from the *current* globals when ``__import__`` is called with
``globals=None`` (the lazy ``__getattr__`` loaders of micropython-lib and of
peterhinch's ``primitives`` do that). Packages live in the firmware directory, a scenario
``lib`` directory, or the board's filesystem (mpy/vfs.py).
"""

from __future__ import annotations

import sys
from pathlib import Path


def absolute_name(globals_, name: str, level: int) -> str:
    """The absolute module name of a level-``level`` relative import (ImportError as MicroPython)."""
    if globals_ is None:
        globals_ = sys._getframe(2).f_globals   # the caller of __import__ (builtinimport.c: mp_globals)
    this = globals_.get("__name__") or ""
    package = this if "__path__" in globals_ else this.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or not package or this == "__main__":
        raise ImportError("can't perform relative import")
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{name}" if name else base


def locate(port, dotted: str):
    """Where ``dotted`` lives: ("host", path, is_pkg) / ("vfs", path, is_pkg), or None."""
    parent, _, leaf = dotted.rpartition(".")
    if parent:
        where = getattr(port, "package_dirs", {}).get(parent)
        if where is None:
            return None
        kind, base = where
        roots = [(kind, base)]
    else:
        from .bundled import LIB_DIR

        roots = [("host", d) for d in (port.firmware_dir, *port.lib_dirs, LIB_DIR)]
        roots.append(("vfs", port.vfs.cwd.rstrip("/")))
        roots.append(("vfs", "/lib"))
    for kind, base in roots:
        if kind == "host":
            base_path = Path(base)
            if (base_path / leaf / "__init__.py").is_file():
                return kind, base_path / leaf / "__init__.py", True
            if (base_path / f"{leaf}.py").is_file():
                return kind, base_path / f"{leaf}.py", False
        else:
            pkg_init = f"{base}/{leaf}/__init__.py"
            if pkg_init in port.vfs.files:
                return kind, pkg_init, True
            if f"{base}/{leaf}.py" in port.vfs.files:
                return kind, f"{base}/{leaf}.py", False
    return None


def load(port, dotted: str, found):
    """Run the module ``dotted`` found by :func:`locate`; registers it and, for a submodule,
    sets it as an attribute of its parent."""
    kind, path, is_pkg = found
    dirs = port.__dict__.setdefault("package_dirs", {})
    if kind == "host":
        if is_pkg:
            dirs[dotted] = ("host", path.parent)
        shown = port.display_name(str(path.resolve()))
    else:
        if is_pkg:
            dirs[dotted] = ("vfs", path.rpartition("/")[0])
        shown = path.lstrip("/") if path.count("/") == 1 else path

    def load_with_path():
        if kind == "host":
            g, code = port.load_firmware(path, dotted)
        else:
            g, code = port.load_source(port.vfs.files[path].decode("utf-8"), shown, shown, dotted)
        if is_pkg:
            g["__path__"] = shown.rpartition("/")[0]   # as MicroPython: the package's directory
        return g, code

    module = port._exec_module(dotted, load_with_path)
    parent, _, leaf = dotted.rpartition(".")
    if parent and parent in port.modules:
        setattr(port.modules[parent], leaf, module)
    return module
