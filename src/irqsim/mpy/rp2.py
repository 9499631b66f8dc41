"""``rp2``: the port module. PIO state machines are not simulated yet: constructing one
raises a clear error instead of silently doing nothing; the rest imports and works."""

from __future__ import annotations

from types import ModuleType


def build(port) -> ModuleType:
    mod = ModuleType("rp2")

    class _NotSimulated:
        def __init__(self, *args, **kwargs):
            raise NotImplementedError(f"rp2.{type(self).__name__} is not simulated by irqsim yet")

    class PIO(_NotSimulated):
        IN_LOW = 0
        IN_HIGH = 1
        OUT_LOW = 2
        OUT_HIGH = 3
        SHIFT_LEFT = 0
        SHIFT_RIGHT = 1
        IRQ_SM0 = 0x100
        IRQ_SM1 = 0x200
        IRQ_SM2 = 0x400
        IRQ_SM3 = 0x800
        JOIN_NONE = 0
        JOIN_TX = 1
        JOIN_RX = 2

    class StateMachine(_NotSimulated):
        pass

    class DMA(_NotSimulated):
        pass

    def asm_pio(**kwargs):
        def decorate(fn):
            return fn
        return decorate

    mod.PIO = PIO
    mod.StateMachine = StateMachine
    mod.DMA = DMA
    mod.asm_pio = asm_pio
    mod.bootsel_button = lambda: 0
    mod.country = lambda *a: "XX"
    return mod
