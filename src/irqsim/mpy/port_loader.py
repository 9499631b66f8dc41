"""Loading and importing firmware, a mixin of :class:`Port`: MicroPython's ``import``.

Split from port.py: instrumenting a source file (confine check, cost rewrite), the globals
injected into it, and the module lookup order (firmware dir, lib dirs, bundled
micropython-lib, the board's filesystem, then the host modules that stand in for rp2's
built-in ones) are one concept.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

from ..runtime.instrument import ALLOC, BRANCH, BUDGET, CATCHABLE, CHARGE, LINE, compile_firmware
from . import builtin_methods_rewrite, bundled, confine, floatfmt_rewrite, importer
from .builtin_methods import HELPERS as BUILTIN_METHOD_HELPERS
from .floatfmt_text import HELPERS as FLOAT_TEXT_HELPERS

# Modules of MicroPython's rp2 firmware that map onto CPython's own (same API subset).
HOST_MODULES = {
    "math": "math", "cmath": "cmath", "array": "array",
    "struct": "irqsim.mpy.struct_module", "ustruct": "irqsim.mpy.struct_module",  # modstruct.c rules
    "uarray": "array", "collections": "collections", "ucollections": "collections",
    "binascii": "binascii", "ubinascii": "binascii", "errno": "errno", "uerrno": "errno",
    "json": "json", "ujson": "json", "re": "re", "ure": "re", "hashlib": "hashlib",
    "uhashlib": "hashlib", "heapq": "heapq", "uheapq": "heapq", "io": "io", "uio": "io",
}  # asyncio/uasyncio: irqsim's own firmware-level package (bundled.py, mpy/lib/asyncio)
SHIM_MODULES = ("machine", "time", "utime", "micropython", "rp2", "gc", "sys", "usys", "random",
                "urandom", "os", "uos", "select", "uselect", "_thread")


# Each rewrite pass walks the whole tree in Python; a C-speed scan of the source decides first
# whether it can change anything (a module with no such site would compile unchanged anyway).
# The patterns over-match (a `%` anywhere, a name in a comment), never under-match.
_FLOAT_TEXT_SITES = re.compile(r"""%|\.[\s\\]*format\b|\b(?:str|repr)\s*\(|(?:^|[^\w])(?:[rR]?[fF]|[fF][rR])['"]""")
_METHOD_SITES = re.compile(r"\.[\s\\]*(?:%s)\b" % "|".join(
    sorted(builtin_methods_rewrite.ATTR_NAMES | builtin_methods_rewrite.KEYWORD_NAMES)))


def _rewriter(source: str):
    float_text = _FLOAT_TEXT_SITES.search(source) is not None
    methods = _METHOD_SITES.search(source) is not None
    if not (float_text or methods):
        return None

    def rewrite(tree) -> None:
        if float_text:
            floatfmt_rewrite.rewrite(tree)      # first: it turns ``x.format(...)`` into a helper call
        if methods:
            builtin_methods_rewrite.rewrite(tree)

    return rewrite


class LoaderMixin:
    """Needs ``cpu``, ``system``, ``modules``, ``builtins``, ``catchable``, ``alloc``,
    ``firmware_files``, ``firmware_globals``, ``refusals`` and ``display_name`` (Port)."""

    # -- loading firmware ----------------------------------------------------------------
    def injected(self) -> dict:
        return {BUDGET: self.cpu.B, LINE: self.cpu.line, BRANCH: self.cpu.branch, ALLOC: self.alloc,
                CATCHABLE: self.catchable, CHARGE: self.cpu.charge, "__builtins__": self.builtins,
                **FLOAT_TEXT_HELPERS, **BUILTIN_METHOD_HELPERS}

    def load_firmware(self, path: Path, name: str = "__main__") -> tuple[dict, object]:
        return self.load_source(path.read_text(encoding="utf-8"), str(path.resolve()), path.name, name)

    def load_source(self, source: str, filename: str, file: str, name: str) -> tuple[dict, object]:
        """Instrument firmware source; ``filename`` names it in tracebacks (a host path made
        relative by display_name, or a path on the board's filesystem)."""
        confine.check_source(self, source, filename, self.display_name(filename))
        import warnings

        with warnings.catch_warnings():
            # CPython's compile-time hints ("'int' object is not subscriptable; perhaps you
            # missed a comma?") are host warnings MicroPython never gives: the error, if any,
            # comes at run time with MicroPython's text.
            warnings.simplefilter("ignore", SyntaxWarning)
            # floats print as on the chip (binary32) and builtin types have the chip's methods:
            # text conversions and method loads rewritten after costing
            code = compile_firmware(source, filename, self.system.costs,
                                    self.system.board.cycles_to_ns, rewrite=_rewriter(source))[0]
        self.firmware_files.add(filename)
        g = {"__name__": name, "__file__": file}
        g.update(self.injected())
        self.firmware_globals.append(g)
        return g, code

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level:   # from . import x / from .mod import y (importer.py)
            name = importer.absolute_name(globals, name, level)
        top = name.split(".")[0]
        if top in bundled.PACKAGES:  # asyncio: unless the firmware or its lib dirs ship their own
            module = bundled.import_module(self, name, fromlist)
            if module is not None:
                return module
        module = self.modules.get(top)
        if module is None:
            module = self._import_top(name, top)
        leaf, dotted = module, top
        for part in name.split(".")[1:]:   # submodules of a firmware package, loaded on demand
            dotted = f"{dotted}.{part}"
            sub = self.modules.get(dotted) or getattr(leaf, part, None)
            if not isinstance(sub, ModuleType):
                found = importer.locate(self, dotted)
                if found is None:
                    raise ImportError(f"no module named '{dotted}'")
                sub = importer.load(self, dotted, found)
            leaf = sub
        if not fromlist:
            return module
        if isinstance(fromlist, (list, tuple)) and dotted in self.__dict__.get("package_dirs", {}):
            for item in fromlist:   # `from pkg import submodule`
                if item != "*" and item not in vars(leaf):
                    found = importer.locate(self, f"{dotted}.{item}")
                    if found is not None:
                        importer.load(self, f"{dotted}.{item}", found)
        return leaf

    def _import_top(self, name: str, top: str) -> ModuleType:
        # firmware dir, scenario lib dirs, irqsim's bundled micropython-lib subset, then the
        # board's filesystem (sys.path "" and "/lib")
        found = importer.locate(self, top)
        if found is not None:
            return importer.load(self, top, found)
        host = HOST_MODULES.get(top, "")
        if top in confine.STRICT_REFUSED and confine.STRICT:
            self.refusals.append(f"import {top}")
            raise ImportError(f"no module named '{name}' (the host's asyncio runs in wall-clock time)")
        if host:
            import importlib

            module = confine.host_module(top, importlib.import_module(host))
            self.modules[top] = module
            return module
        if top in confine.DANGEROUS_MODULES:
            self.refusals.append(f"import {top}")
        raise ImportError(f"no module named '{name}'")

    def _exec_module(self, top: str, load) -> ModuleType:
        module = ModuleType(top)
        self.modules[top] = module
        g, code = load()
        module.__dict__.update(g)
        try:
            exec(code, module.__dict__)
        except BaseException:
            del self.modules[top]
            raise
        return module
