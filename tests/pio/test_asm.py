"""rp2.asm_pio as MicroPython's rp2.py assembles: words, control registers, errors."""

import pytest

from irqsim.mpy import rp2_asm
from irqsim.mpy.rp2_asm import PIOASMError, asm_pio, encode


def test_blink_program_words_and_wrap():
    def blink():
        irq(rel(0))            # noqa: F821 - names injected by asm_pio
        set(pins, 1)           # noqa: F821
        set(x, 31)[5]          # noqa: F821
        label("delay_high")    # noqa: F821
        nop()[29]              # noqa: F821
        jmp(x_dec, "delay_high")  # noqa: F821

    prog = asm_pio(set_init=2)(blink)
    assert list(prog[0]) == [0xC010, 0xE001, 0xE53F, 0xBD42, 0x0043]
    assert prog[1:4] == [-1, -1, -1]
    assert prog[4] == (4 << 12)          # wrap at the last instruction, wrap_target 0
    assert prog[5] == (0 << 25 | 0 << 20)  # thresholds 32 are stored as 0
    assert prog[6:] == [None, 2, None]


def test_sideset_optional_delay_and_shift_config():
    def ws():
        wrap_target()                          # noqa: F821
        label("bitloop")                       # noqa: F821
        out(x, 1).side(0)[2]                   # noqa: F821
        jmp(not_x, "do_zero").side(1)[1]       # noqa: F821
        jmp("bitloop").side(1)[4]              # noqa: F821
        label("do_zero")                       # noqa: F821
        nop().side(0)[4]                       # noqa: F821
        wrap()                                 # noqa: F821

    prog = asm_pio(sideset_init=2, out_shiftdir=0, autopull=True, pull_thresh=24)(ws)
    # every instruction has a side-set: not optional, 1 side-set bit leaves 4 delay bits
    assert list(prog[0]) == [0x6221, 0x1123, 0x1400, 0xA442]
    assert prog[4] == 3 << 12
    assert prog[5] == (24 << 25 | 1 << 17)

    def partial():
        pull(noblock).side(0)  # noqa: F821
        mov(x, osr)            # noqa: F821

    prog = asm_pio(sideset_init=2)(partial)
    assert prog[4] >> 30 & 1 == 1                      # SIDE_EN: optional side-set
    assert list(prog[0]) == [0x8080 | 1 << 12, 0xA027]  # enable bit set on the side-set one


@pytest.mark.parametrize("body, message", [
    (lambda: nop()[32], "delay too large"),                       # noqa: F821
    (lambda: jmp("nowhere"), "unknown label nowhere"),           # noqa: F821
    (lambda: (label("a"), label("a")), "duplicate label a"),     # noqa: F821
    (lambda: nop().side(1), "no sideset"),                       # noqa: F821
    (lambda: in_(pins, 33), "invalid bit count 33"),              # noqa: F821
    (lambda: out(pins, 0), "invalid bit count 0"),                # noqa: F821
])
def test_errors_are_micropythons(body, message):
    # the lambdas' globals are this module's, where asm_pio injects the instruction names
    with pytest.raises(PIOASMError, match=message):
        asm_pio()(_rebind(body))


def _rebind(fn):
    def prog():
        return fn()
    return prog


def test_sideset_too_large_and_delay_limit_with_sideset():
    def too_big():
        nop().side(2)  # noqa: F821

    with pytest.raises(PIOASMError, match="sideset too large"):
        asm_pio(sideset_init=2)(too_big)

    def delay_16():
        nop().side(0)[16]  # noqa: F821

    with pytest.raises(PIOASMError, match="delay too large"):
        asm_pio(sideset_init=2)(delay_16)


def test_globals_are_restored_and_unknown_keyword():
    before = dict(globals())

    def prog():
        push(iffull, block)  # noqa: F821
        pull(ifempty, noblock)  # noqa: F821
        mov(isr, invert(x))  # noqa: F821
        mov(pc, reverse(y))  # noqa: F821
        irq(clear, 3)  # noqa: F821
        wait(1, irq, rel(2))  # noqa: F821
        out(exec, 16)  # noqa: F821
        mov(exec, x)  # noqa: F821

    p = asm_pio()(prog)
    assert list(p[0]) == [0x8060, 0x80C0, 0xA0C9, 0xA0B2, 0xC043, 0x20D2, 0x60F0, 0xA081]
    assert set(globals()) == set(before)
    with pytest.raises(TypeError, match="unexpected keyword argument 'in_init'"):
        asm_pio(in_init=0)


def test_wrap_needs_an_instruction():
    def prog():
        wrap()  # noqa: F821

    with pytest.raises(AssertionError):
        asm_pio()(prog)


def test_encode_one_instruction():
    assert encode("set(pins, 1)", 0) == 0xE001
    assert encode("pull()", 0) == 0x80A0
    assert encode("nop().side(1)", 2, True) == 0xA042 | 1 << 12 | 1 << 11
    with pytest.raises(PIOASMError, match="expecting exactly 1 instruction"):
        encode("nop(); nop()", 0)
    with pytest.raises(TypeError):
        encode("jmp(3)", 0)   # jmp is not supported by asm_pio_encode (it is None there)
    assert rp2_asm.PROG_FIELDS == 9
