"""Argument checks and names shared by the ``machine`` classes (Pin, Timer).

Their own module so that machine_pin.py, machine_timer.py and machine.py raise the same
MicroPython errors (py/argcheck.c, py/obj.c wording) without importing each other.
"""

from __future__ import annotations

TIMER_ARGS = ("mode", "callback", "period", "tick_hz", "freq", "hard")   # all keyword-only


def check_args(args, kwargs, n_pos: int, names) -> None:
    """py/argcheck.c mp_arg_parse_all's errors (rp2 builds with ERROR_REPORTING_NORMAL): a
    ``drive=`` or ``priority=`` copied from another port's docs must fail as on the chip, not with
    a CPython message naming irqsim's internals."""
    if len(args) > n_pos:
        raise TypeError("extra positional arguments given")
    # a keyword that repeats a positional one is never looked up, so it counts as extra too
    if any(k not in names[len(args):] for k in kwargs):
        raise TypeError("extra keyword arguments given")


def as_int(value) -> int:
    """mp_obj_get_int: ints and bools, nothing else (no __index__, no float)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    raise TypeError("can't convert %s to int" % type(value).__name__)


def pin_number(port, obj) -> int:
    """mp_hal_get_pin_obj: a Pin's GPIO number, or what ``machine.Pin(obj)`` makes of an id."""
    num = getattr(obj, "_num", None)
    return num if num is not None else port.modules["machine"].Pin(obj)._num


def handler_name(handler, fallback: str) -> str:
    name = getattr(handler, "__qualname__", None) or getattr(handler, "__name__", None)
    return name or fallback
