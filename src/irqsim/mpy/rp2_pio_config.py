"""``StateMachine.init``'s arguments turned into the SM's registers, as rp2_pio.c does it.

Split from ``rp2_pio.py`` because it is a pure translation (program list + keyword arguments ->
clock divider, EXECCTRL/SHIFTCTRL/PINCTRL and the initial pin levels/directions) that can be
read against rp2_state_machine_init_helper and asm_pio_get_pins on its own; applying it to
the hardware stays with the ``StateMachine`` class.
"""

from __future__ import annotations

from .rp2_asm import PROG_EXECCTRL, PROG_OUT_PINS, PROG_SET_PINS, PROG_SHIFTCTRL, PROG_SIDESET_PINS
from .rp2_pio_args import as_int, pin_number

SM_INIT_ARGS = ("prog", "freq", "in_base", "out_base", "set_base", "jmp_pin", "sideset_base",
                "in_shiftdir", "out_shiftdir", "push_thresh", "pull_thresh")


def init_values(args, kwargs) -> dict:
    """mp_arg_parse_all for StateMachine.init: ``prog`` and ``freq`` positional, the rest by key."""
    if len(args) > 2:
        raise TypeError("extra positional arguments given")
    values = dict(zip(SM_INIT_ARGS, args))
    for key, value in kwargs.items():
        if key not in SM_INIT_ARGS or key in ("prog", "freq") and key in values:
            raise TypeError("unexpected keyword argument '%s'" % key)
        values[key] = value
    if "prog" not in values:
        raise TypeError("'prog' argument required")
    return values


def clock_divider(clock_hz: int, freq: int) -> tuple[int, int]:
    """(div_int, div_frac): ``clk_sys * 256 / freq`` checked against 1..65536 (-1: 1, 0: max)."""
    if freq < 0:
        return 1, 0
    if freq == 0:
        return 0, 0
    div = clock_hz * 256 // freq
    if not 256 <= div <= 65536 * 256:
        raise ValueError("freq out of range")
    return (div // 256) & 0xFFFF, div & 0xFF


def pin_config(port, kind, prog_pins, arg_base):
    """asm_pio_get_pins: (base or -1, count, pindirs, pinvals)."""
    count = dirs = vals = 0
    if prog_pins is not None:
        if isinstance(prog_pins, int):
            count, dirs, vals = 1, prog_pins >> 1, prog_pins & 1
        else:
            items = list(prog_pins)
            count = len(items)
            for i, v in enumerate(items):
                v = as_int(v)
                dirs |= (v >> 1) << i
                vals |= (v & 1) << i
    base = -1
    if arg_base is not None:
        base = pin_number(port, arg_base)
        if base >= 32:
            raise ValueError("%s_base not within gpio_base range" % kind)
    return base, count, dirs, vals


def sm_registers(port, prog, offset: int, values: dict):
    """(execctrl, shiftctrl, pinctrl, out, set, sideset) for a program loaded at ``offset``;
    out/set/sideset are pin_config tuples. Errors come in rp2_pio.c's order."""
    execctrl = as_int(prog[PROG_EXECCTRL]) & 0xFFFF_FFFF
    shiftctrl = as_int(prog[PROG_SHIFTCTRL]) & 0xFFFF_FFFF
    execctrl = (execctrl + (offset << 12) + (offset << 7)) & 0xFFFF_FFFF
    pinctrl = 0
    in_base = values.get("in_base")
    if in_base is not None:
        pinctrl |= pin_number(port, in_base) << 15
    out = pin_config(port, "out", prog[PROG_OUT_PINS], values.get("out_base"))
    if out[0] >= 0:
        pinctrl |= out[0] | out[1] << 20
    set_ = pin_config(port, "set", prog[PROG_SET_PINS], values.get("set_base"))
    if set_[0] >= 0:
        pinctrl |= set_[0] << 5 | (set_[1] & 7) << 26
    jmp_pin = values.get("jmp_pin")
    if jmp_pin is not None:
        execctrl = (execctrl & ~(31 << 24)) | (pin_number(port, jmp_pin) & 31) << 24
    side = pin_config(port, "sideset", prog[PROG_SIDESET_PINS], values.get("sideset_base"))
    if side[0] >= 0:
        count = side[1] + (1 if execctrl >> 30 & 1 else 0)
        pinctrl |= (count & 7) << 29 | side[0] << 10
    for key, bits, lsb in (("in_shiftdir", 1 << 18, 18), ("out_shiftdir", 1 << 19, 19),
                           ("push_thresh", 31 << 20, 20), ("pull_thresh", 31 << 25, 25)):
        value = values.get(key)
        if value is not None:
            shiftctrl = (shiftctrl & ~bits) | ((as_int(value) << lsb) & bits)
    return execctrl, shiftctrl, pinctrl, out, set_, side
