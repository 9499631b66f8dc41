"""The text conversions firmware reaches (print, str, repr, f-strings, str.format, %) with
floats shown as MicroPython on rp2 shows them (floatfmt.mp_float_repr).

A float handed to a formatting operation is wrapped in :class:`F32`, a ``float`` subclass that
holds the binary32-rounded value and prints itself with MicroPython's repr: ``%s``/``%r``/``{}``/
``{!r}`` then give the chip's text, and explicit specs (``%.2f``, ``{:.3e}``) go through
floatfmt_spec.py, which formats as py/objstr.c + py/mpprint.c do (``'%+.1f' % 2.25`` ->
``+2.3``). An int or bool meeting a spec is wrapped too (:class:`SpecInt`), since a float
type formats it as a float (``'{:.2f}'.format(3)``). Containers are shown element by element,
as MicroPython's list/tuple/dict/set print functions do. Nothing else changes: ``str`` stays
the builtin type, so ``isinstance(x, str)`` holds.
"""

from __future__ import annotations

import array
import builtins as _b

from .floatfmt import f32, mp_float_repr
from .floatfmt_spec import format_number, has_float_conversion, int_spec_is_float, mod_format

_CONTAINERS = (list, tuple, dict, set, frozenset)


class F32(float):
    """A float on its way into text: binary32 value, MicroPython's repr."""

    __slots__ = ()
    mp_type_name = "float"

    def __repr__(self) -> str:
        return mp_float_repr(self)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return mp_float_repr(self) if not spec else format_number(self, spec)


class SpecInt(int):
    """An int on its way into a format spec: float types format it as a float (py/objstr.c
    lets the e/f/g/% formatters take anything that looks like an integer)."""

    __slots__ = ()
    mp_type_name = "int"

    def __repr__(self) -> str:
        return int.__repr__(int(self))

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if int_spec_is_float(spec):
            return format_number(int(self), spec)
        return int.__format__(int(self), spec)


class SpecBool(SpecInt):
    """A bool on its way into a format spec: prints ``True`` in a plain field, an int in a
    spec'd one (MicroPython's arg_looks_integer), a float with a float type."""

    __slots__ = ()
    mp_type_name = "bool"

    def __repr__(self) -> str:
        return "True" if self else "False"

    __str__ = __repr__


class Shown:
    """A container on its way into text (``"{}".format([0.1])``, ``"%s" % ([0.1],)``)."""

    __slots__ = ("obj",)

    def __init__(self, obj) -> None:
        self.obj = obj

    def __repr__(self) -> str:
        return mp_repr(self.obj)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(mp_repr(self.obj), spec)

    def __getattr__(self, name):
        return getattr(self.obj, name)

    def __getitem__(self, key):
        return self.obj[key]


def _has_float(obj, seen: set) -> bool:
    cls = obj.__class__
    if cls is float:
        return True
    if cls is array.array:
        return obj.typecode in "fd"
    if not isinstance(obj, _CONTAINERS) or id(obj) in seen:
        return False
    seen.add(id(obj))
    if isinstance(obj, dict):
        return any(_has_float(k, seen) or _has_float(v, seen) for k, v in obj.items())
    return any(_has_float(i, seen) for i in obj)


def _container(obj, seen: set) -> str:
    if id(obj) in seen:
        return "[...]" if isinstance(obj, list) else "{...}" if isinstance(obj, dict) else "(...)"
    seen = seen | {id(obj)}
    cls = obj.__class__
    if cls is list:
        return "[" + ", ".join(_repr(x, seen) for x in obj) + "]"
    if cls is tuple:
        inner = ", ".join(_repr(x, seen) for x in obj)
        return "(" + inner + ("," if len(obj) == 1 else "") + ")"
    if cls is dict:
        return "{" + ", ".join(f"{_repr(k, seen)}: {_repr(v, seen)}" for k, v in obj.items()) + "}"
    if cls is set:
        return "{" + ", ".join(_repr(x, seen) for x in obj) + "}" if obj else "set()"
    if cls is frozenset:
        return "frozenset({" + ", ".join(_repr(x, seen) for x in obj) + "})" if obj else "frozenset()"
    if isinstance(obj, tuple) and hasattr(cls, "_fields"):   # namedtuple: py/objnamedtuple.c
        return cls.__name__ + "(" + ", ".join(f"{k}={_repr(v, seen)}" for k, v in zip(cls._fields, obj)) + ")"
    return _b.repr(obj)


def _repr(obj, seen: set) -> str:
    cls = obj.__class__
    if cls is float or cls is F32:
        return mp_float_repr(obj)
    if cls is array.array and obj.typecode in "fd":   # extmod/objarray.c array_print
        if not obj:
            return f"array('{obj.typecode}')"
        return f"array('{obj.typecode}', [" + ", ".join(mp_float_repr(x) for x in obj) + "])"
    if isinstance(obj, _CONTAINERS) and _has_float(obj, set()):
        return _container(obj, seen)
    return _b.repr(obj)


def mp_repr(obj) -> str:
    """``repr(obj)`` as MicroPython on rp2 prints it (floats in binary32)."""
    return _repr(obj, set())


def mp_str(obj, *rest, **kwargs) -> str:
    """``str(obj)``: MicroPython's text for floats and containers holding them."""
    if rest or kwargs:
        return _b.str(obj, *rest, **kwargs)
    cls = obj.__class__
    if cls is _b.str:
        return obj
    if cls is float or isinstance(obj, _CONTAINERS) or cls is array.array:
        return _repr(obj, set())
    return _b.str(obj)


def shown(obj):
    """The value a formatting operation should see in place of ``obj``."""
    cls = obj.__class__
    if cls is float:
        return F32(f32(obj))
    if (isinstance(obj, _CONTAINERS) or cls is array.array) and _has_float(obj, set()):
        return Shown(obj)
    return obj


def shown_spec(obj):
    """:func:`shown` for a value meeting a format spec (an f-string field ``{x:...}``): ints
    and bools are wrapped too, so a float type formats them as the chip does."""
    cls = obj.__class__
    if cls is float:
        return F32(f32(obj))
    if cls is int:
        return SpecInt(obj)
    if cls is bool:
        return SpecBool(obj)
    return shown(obj)


def mp_strformat(template, /, *args, **kwargs):
    """``"literal".format(...)``; ints are wrapped only when the template has a spec."""
    wrap = shown_spec if ":" in template else shown
    return template.format(*map(wrap, args), **{k: wrap(v) for k, v in kwargs.items()})


def mp_anyformat(obj, /, *args, **kwargs):
    """``obj.format(...)`` for a receiver only known at run time: a str formats as
    :func:`mp_strformat`; anything else (a firmware class with a ``format`` method) is called."""
    if obj.__class__ is str:
        return mp_strformat(obj, *args, **kwargs)
    return obj.format(*args, **kwargs)


def mp_mod(template, args):
    """``"literal" % args``: float conversions as py/objstr.c str_modulo_format (mod_format),
    templates without one through CPython's ``%`` with floats shown as the chip shows them."""
    if has_float_conversion(template):
        return mod_format(template, args, shown)
    if args.__class__ is tuple:
        args = tuple(map(shown, args))
    elif isinstance(args, dict):
        args = {k: shown(v) for k, v in args.items()}
    else:
        args = shown(args)
    return template % args


# names the rewritten firmware calls (floatfmt_rewrite.py); injected into its globals
HELPERS = {"_irqsim_fv": shown, "_irqsim_fvs": shown_spec, "_irqsim_str": mp_str, "_irqsim_repr": mp_repr,
           "_irqsim_strformat": mp_strformat, "_irqsim_anyformat": mp_anyformat,
           "_irqsim_mod": mp_mod}
