"""``rp2``: the port module: PIO state machines (``rp2_pio``), the PIO assembler (``rp2_asm``).

DMA is not simulated: constructing ``rp2.DMA`` raises a clear error instead of silently doing
nothing (docs/pio.md).
"""

from __future__ import annotations

from types import ModuleType

from . import rp2_asm
from .rp2_pio import EXEC_STR_CYCLES, make_pio


def build(port) -> ModuleType:
    mod = ModuleType("rp2")
    PIO, StateMachine, hw = make_pio(port)

    class DMA:
        def __init__(self, *args, **kwargs):
            raise NotImplementedError("rp2.DMA is not simulated by irqsim yet")

    def asm_pio_encode(instr, sideset_count, sideset_opt=False):
        word = rp2_asm.encode(instr, sideset_count, sideset_opt, port.builtins)
        port.alloc(200, "asm_pio_encode")   # Python code on MicroPython: emitter, lists, exec()
        port.cpu.charge(port.system.board.cycles_to_ns(EXEC_STR_CYCLES))
        return word

    mod.PIO = PIO
    mod.StateMachine = StateMachine
    mod.DMA = DMA
    mod.PIOASMError = rp2_asm.PIOASMError
    mod.PIOASMEmit = rp2_asm.PIOASMEmit
    mod.asm_pio = rp2_asm.asm_pio
    mod.asm_pio_encode = asm_pio_encode
    mod.bootsel_button = lambda: 0
    mod.country = lambda *a: "XX"
    mod._pio_hw = hw          # the simulated blocks, for tests and tools (not on MicroPython)
    return mod
