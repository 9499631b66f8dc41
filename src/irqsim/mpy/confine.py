"""Keeping firmware inside MicroPython's world: no host files, processes or interpreter internals.

Firmware runs as CPython code, so "MicroPython's module set" is enforced at the seams a
firmware can reach: the importer (``Port._import`` refuses unknown modules, as MicroPython
does), the builtins table (no ``open``, no ``__loader__``), host modules handed out as
copies of their public API only (no ``json.codecs``, no ``io.open``), and the attribute
names that lead from any object back to CPython internals (``__globals__``, ``__self__``,
``__subclasses__``, frames ...). MicroPython firmware never needs those: most do not exist
on MicroPython at all. Names are checked statically in the firmware's AST, and dynamically
in ``getattr``/``setattr``/``delattr``/``hasattr`` and in source given to ``exec``/``eval``.

This is a seam check, not a security boundary: a CPython process cannot sandbox code it
runs. ``irqsim grade`` runs each submission in its own process with CPU-time and memory
limits; the checks here make an attempt fail early and *visibly* (a refusal is recorded on
the port and reported as "forbidden"), rather than be the only wall.
"""

from __future__ import annotations

import ast
import sys
from types import ModuleType

from ..errors import IrqsimError

# Attributes that reach module globals, builtins, the class tree, frames or bound objects.
BLOCKED_ATTRS = frozenset({
    "__globals__", "__builtins__", "__subclasses__", "__bases__", "__base__", "__mro__", "__code__",
    "__closure__", "__func__", "__self__", "__wrapped__", "__loader__", "__spec__", "__import__",
    "__getattribute__", "__reduce__", "__reduce_ex__", "__traceback__", "__defaults__",
    "__kwdefaults__", "__objclass__", "__getstate__",
    "f_back", "f_globals", "f_builtins", "f_locals", "tb_frame", "tb_next", "gi_frame", "cr_frame",
    "ag_frame",
})
# Host modules refused as risky even when the firmware catches the ImportError.
DANGEROUS_MODULES = frozenset({
    "subprocess", "socket", "ctypes", "multiprocessing", "threading", "_thread", "signal", "shutil",
    "pathlib", "importlib", "builtins", "posix", "nt", "pty", "fcntl", "resource", "pickle", "marshal",
    "code", "codeop", "inspect", "gc_host", "urllib", "http", "ftplib", "telnetlib", "webbrowser",
    "tempfile", "glob", "platform", "shlex", "runpy", "pdb", "faulthandler", "mmap", "select", "os.path",
})
# The API each host-backed module has in MicroPython (dir() of the unix port built at rp2's ROM
# level, MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES; hashlib: sha256 only, as on a Pico 2 without
# ssl): firmware that uses CPython-only names (math.comb, struct.Struct, collections.Counter)
# fails here with AttributeError as on the chip. io: the in-memory streams only; the host's
# io.open would read real files.
PUBLIC = {
    "io": ("StringIO", "BytesIO", "IOBase"),
    "math": ("acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "copysign", "cos", "cosh",
             "degrees", "e", "erf", "erfc", "exp", "expm1", "fabs", "factorial", "floor", "fmod", "frexp",
             "gamma", "inf", "isclose", "isfinite", "isinf", "isnan", "ldexp", "lgamma", "log", "log10",
             "log2", "modf", "nan", "pi", "pow", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "tau",
             "trunc"),
    "cmath": ("cos", "e", "exp", "log", "log10", "phase", "pi", "polar", "rect", "sin", "sqrt"),
    "struct": ("calcsize", "pack", "pack_into", "unpack", "unpack_from"),
    "array": ("array",),
    "collections": ("OrderedDict", "deque", "namedtuple"),
    "binascii": ("a2b_base64", "b2a_base64", "crc32", "hexlify", "unhexlify"),
    "errno": ("EACCES", "EADDRINUSE", "EAGAIN", "EALREADY", "EBADF", "ECONNABORTED", "ECONNREFUSED",
              "ECONNRESET", "EEXIST", "EHOSTUNREACH", "EINPROGRESS", "EINVAL", "EIO", "EISDIR", "ENOBUFS",
              "ENODEV", "ENOENT", "ENOMEM", "ENOTCONN", "EOPNOTSUPP", "EPERM", "ETIMEDOUT", "errorcode"),
    "json": ("dump", "dumps", "load", "loads"),
    "re": ("compile", "match", "search", "sub"),
    "hashlib": ("sha256",),
    "heapq": ("heapify", "heappop", "heappush"),
}
# Under STRICT (set by ``irqsim grade`` in its worker processes) these are refused too. Empty since
# asyncio/uasyncio became irqsim's own firmware-level package (mpy/bundled.py): it never reaches
# the host's asyncio, which ran on wall-clock time and handed out loops that could start processes.
STRICT_REFUSED: frozenset[str] = frozenset()
STRICT = False


class ConfinementError(IrqsimError):
    """Firmware reached for something outside MicroPython's world (exit code 1)."""

    exit_code = 1


def refuse(port, what: str, *, file=None, line=None) -> ConfinementError:
    """Record a refusal on the port (the grader reads it) and build the error to raise."""
    refusals = getattr(port, "refusals", None)
    if refusals is not None:
        refusals.append(what)
    return ConfinementError(f"firmware may not use {what}", file=file, line=line,
                            hint="firmware is confined to MicroPython's modules and builtins; "
                                 "interpreter internals and host files are out of reach")


def check_source(port, source: str, filename: str, display: str | None = None) -> None:
    """Refuse firmware source that names a blocked attribute (statically)."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError:
        return  # the compiler reports it with the firmware's own line numbers
    check_tree(port, tree, display or filename)


def check_tree(port, tree: ast.AST, display: str) -> None:
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.MatchClass):
            name = next((a for a in node.kwd_attrs if a in BLOCKED_ATTRS), None)
        if name in BLOCKED_ATTRS:
            raise refuse(port, f"'.{name}'", file=display, line=getattr(node, "lineno", None))


def check_name(port, name) -> None:
    if isinstance(name, str) and name in BLOCKED_ATTRS:
        raise refuse(port, f"'.{name}'")


def host_module(name: str, module: ModuleType) -> ModuleType:
    """A copy of a host module's public API, without submodules or ``__builtins__``."""
    copy = ModuleType(name)
    allowed = PUBLIC.get(name)
    for key, value in vars(module).items():
        if key.startswith("_") or isinstance(value, ModuleType):
            continue
        if allowed is not None and key not in allowed:
            continue
        setattr(copy, key, value)
    return copy


def guarded_builtins(port, table: dict) -> None:
    """Replace the introspection builtins in a firmware builtins table with checked ones."""
    import builtins as _b

    for name in ("__loader__", "__spec__", "__import__"):
        table.pop(name, None)
    checked_code: list = []
    real_getattr, real_setattr, real_delattr, real_hasattr = _b.getattr, _b.setattr, _b.delattr, _b.hasattr
    real_compile, real_exec, real_eval = _b.compile, _b.exec, _b.eval

    def getattr(obj, name, *default):
        check_name(port, name)
        return real_getattr(obj, name, *default)

    def setattr(obj, name, value):
        check_name(port, name)
        return real_setattr(obj, name, value)

    def delattr(obj, name):
        check_name(port, name)
        return real_delattr(obj, name)

    def hasattr(obj, name):
        check_name(port, name)
        return real_hasattr(obj, name)

    def _source(src, mode="exec"):
        if isinstance(src, (bytes, bytearray)):
            src = bytes(src).decode("utf-8")
        if isinstance(src, str):
            check_tree(port, ast.parse(src, mode=mode), "<string>")
            return src
        if any(src is c for c in checked_code):
            return src
        raise refuse(port, "exec/eval of a code object it did not compile")

    def compile(source, filename, mode, *args, **kwargs):
        code = real_compile(_source(source, mode), filename, mode, *args, **kwargs)
        checked_code.append(code)
        return code

    def _namespaces(globals, locals):
        if globals is None:  # like the builtins: the caller's namespaces
            frame = sys._getframe(2)
            globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
        globals.setdefault("__builtins__", table)
        return globals, locals

    def exec(source, globals=None, locals=None, /):
        return real_exec(_source(source), *_namespaces(globals, locals))

    def eval(source, globals=None, locals=None, /):
        return real_eval(_source(source, "eval"), *_namespaces(globals, locals))

    def open(file, *args, **kwargs):
        # rp2 has a flash filesystem; irqsim simulates none, so every file is missing
        # (host files are never reachable).
        import errno

        exc = OSError(errno.ENOENT)   # MicroPython: OSError: [Errno 2] ENOENT, args == (2,)
        exc.errno = errno.ENOENT
        raise exc

    for fn in (getattr, setattr, delattr, hasattr, compile, exec, eval, open):
        table[fn.__name__] = fn
