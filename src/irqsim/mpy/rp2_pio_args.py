"""Argument conversion for ``rp2.PIO``/``rp2.StateMachine``, with rp2_pio.c's messages.

Split from ``rp2_pio.py`` because these are the C port's generic helpers (mp_obj_get_int,
mp_arg_parse_all, the program-tuple checks, mp_hal_get_pin_obj), not PIO behaviour; they
depend on nothing but their arguments and the run's ``machine.Pin``.
"""

from __future__ import annotations

from .machine_args import as_int  # noqa: F401 - rp2_pio*.py import it from here
from .rp2_asm import PROG_FIELDS


def pin_number(port, obj) -> int:
    """mp_hal_get_pin_obj: a Pin, or anything ``machine.Pin`` accepts as an id."""
    num = getattr(obj, "_num", None)
    if num is None:
        machine = port.modules["machine"]
        if isinstance(obj, str) or (isinstance(obj, int) and not isinstance(obj, bool)):
            num = machine.Pin.__new__(machine.Pin, obj)._num
        else:
            raise TypeError("expecting a Pin")
    return num


def get_prog(prog) -> list:
    """The program list ``asm_pio`` builds (rp2.py): a list or tuple of PROG_FIELDS items."""
    if not isinstance(prog, (list, tuple)):
        raise TypeError("object '%s' isn't a tuple or list" % type(prog).__name__)
    if len(prog) != PROG_FIELDS:
        raise ValueError("tuple/list has wrong length")
    return prog


def words_of(prog) -> list[int]:
    """The program's instruction words (its array('H') read as little-endian bytes)."""
    data = prog[0]
    try:
        raw = memoryview(data).cast("B").tobytes()
    except TypeError:
        raise TypeError("object with buffer protocol required") from None
    return [raw[i] | raw[i + 1] << 8 for i in range(0, len(raw) - 1, 2)]


def irq_args(args, kwargs, default_trigger):
    """mp_arg_parse_all for (handler, trigger, hard)."""
    if len(args) > 3:
        raise TypeError("function takes 4 positional arguments but %d were given" % (len(args) + 1))
    values = dict(zip(("handler", "trigger", "hard"), args))
    for key, value in kwargs.items():
        if key not in ("handler", "trigger", "hard"):
            raise TypeError("unexpected keyword argument '%s'" % key)
        values[key] = value
    handler = values.get("handler")
    if handler is not None and not callable(handler):
        raise TypeError("'%s' object isn't callable" % type(handler).__name__)
    return handler, as_int(values.get("trigger", default_trigger)), bool(values.get("hard", False))


def handler_name(handler, fallback: str) -> str:
    """The name a handler is reported under (``<lambda>`` gets its source's name)."""
    name = getattr(handler, "__qualname__", None) or getattr(handler, "__name__", None)
    return name if name and name != "<lambda>" else (fallback if name is None else f"{fallback}.<lambda>")
