"""A PIO block: 32 instruction slots, four state machines, eight IRQ flags, pin outputs.

RP2350 datasheet §11.1-11.2, §11.5.6 (pins), §11.7 registers IRQ / INTR / IRQ0_INTE / IRQ0_INTS:
INTR bits 0-3 are "RX FIFO not empty" per SM, 4-7 "TX FIFO not full", 8-11 IRQ flags 0-3; the
interrupt line PIOn_IRQ_0 is asserted while INTR & INTE0 is non-zero (a level, not an edge).
A GPIO follows a PIO's output only when its function select is that PIO (gpio_set_function).
"""

from __future__ import annotations

from collections.abc import Callable

from ..gpio import FUNC_PIO0
from .sm import StateMachineCore

INSTRUCTION_SLOTS = 32   # RP2350 §11.2: 32-entry instruction memory per block


class PioBlock:
    def __init__(self, index: int, system: PioSystem) -> None:
        self.index = index
        self.name = f"PIO{index}"
        self.func = FUNC_PIO0 + index          # GPIO_FUNC_PIO0 + pio_get_index(pio)
        self.vector = f"PIO{index}_IRQ_0"
        self.system = system
        self.kernel = system.kernel
        self.gpio = system.gpio
        self.nvic = system.nvic
        self.instr = [0] * 32
        self.used_mask = 0
        self.flags = 0           # IRQ flags 0-7
        self.flag_t = [-1] * 8   # when each flag was last raised (an interrupt's cause time)
        self.inte0 = 0
        self.pin_out = 0         # this block's output levels / enables, one bit per GPIO
        self.pin_oe = 0
        self.sms = [StateMachineCore(self, i, system.clock_hz) for i in range(4)]
        # Called with (flag index) when the irq instruction raises a flag (before it pends
        # the vector): the shim logs the edge there.
        self.on_flag: Callable[[int, bool], None] = lambda index, merged: None

    # -- instruction memory (pico-sdk pio_add_program: highest free offset that fits) ---------
    def find_offset(self, length: int) -> int | None:
        mask = (1 << length) - 1
        for offset in range(self.system.slots - length, -1, -1):
            if not self.used_mask & (mask << offset):
                return offset
        return None

    def load(self, words: list[int], offset: int) -> None:
        for i, w in enumerate(words):
            if w >> 13 == 0:
                w += offset          # pio_add_program relocates JMP targets (pico-sdk hardware/pio)
            self.instr[(offset + i) & 31] = w & 0xFFFF
        self.used_mask |= ((1 << len(words)) - 1) << offset
        for sm in self.sms:
            sm.program_changed()

    def unload(self, length: int, offset: int) -> None:
        self.used_mask &= ~(((1 << length) - 1) << offset) & 0xFFFF_FFFF

    # -- IRQ flags and the interrupt line ------------------------------------------------------
    def flag(self, index: int) -> int:
        return (self.flags >> index) & 1

    def set_flag(self, index: int) -> None:
        was = self.flags >> index & 1
        self.on_flag(index, bool(was))
        if not was:
            self.flags |= 1 << index
            self.flag_t[index] = self.kernel.now_ns
            self._flags_changed()

    def clear_flags(self, mask: int) -> None:
        if self.flags & mask:
            self.flags &= ~mask
            self._flags_changed()

    def _flags_changed(self) -> None:
        self.update_line()
        for sm in self.sms:
            if sm.stall_on == "irq":
                sm.wake()

    def intr(self) -> int:
        rx_nempty = tx_nfull = 0
        for i, sm in enumerate(self.sms):
            if sm.rx:
                rx_nempty |= 1 << i
            if len(sm.tx) < sm.tx_cap:
                tx_nfull |= 1 << i
        return rx_nempty | tx_nfull << 4 | (self.flags & self.system.flag_mask) << 8

    def ints(self) -> int:
        """IRQ0_INTS: what the interrupt service routine sees."""
        return self.intr() & self.inte0 if self.inte0 else 0

    def update_line(self) -> None:
        """Pend PIOn_IRQ_0 while the line is asserted (level-sensitive)."""
        if self.inte0 and self.ints():
            self.nvic.pend(self.vector)

    def fifo_changed(self, sm: StateMachineCore) -> None:
        if self.inte0 & 0xFF:
            self.update_line()

    # -- pins ----------------------------------------------------------------------------------
    def write_pins(self, sm, base: int, count: int, value: int, dirs: bool) -> None:
        """Drive ``count`` pins from ``base`` (wrapping at 32) with the low bits of ``value``."""
        pins = self.gpio.pins
        n_gpio = len(pins)
        func = self.func
        for i in range(count):
            num = (base + i) & 31
            bit = 1 << num
            level = (value >> i) & 1
            if dirs:
                self.pin_oe = self.pin_oe | bit if level else self.pin_oe & ~bit
            else:
                self.pin_out = self.pin_out | bit if level else self.pin_out & ~bit
            if num < n_gpio and pins[num].func == func:   # the pad follows this block
                self.gpio.func_output(num, func, bool(self.pin_oe >> num & 1), self.pin_out >> num & 1,
                                      self.name)

    def set_function(self, num: int) -> None:
        """gpio_set_function(num, GPIO_FUNC_PIOn): the pad now follows this block."""
        self.gpio.set_function(num, self.func, self.name, bool(self.pin_oe >> num & 1),
                               self.pin_out >> num & 1)


class PioSystem:
    """All PIO blocks of the chip, sharing the GPIO bank (whose pins hold the function select)."""

    def __init__(self, n_blocks: int, kernel, gpio, nvic, clock_hz: int, *, flag_bits: int = 8,
                 slots: int = INSTRUCTION_SLOTS) -> None:
        self.flag_mask = (1 << flag_bits) - 1   # IRQ flags visible in INTR: 4 on RP2040, 8 on RP2350
        self.slots = slots
        self.kernel = kernel
        self.gpio = gpio
        self.nvic = nvic
        self.clock_hz = clock_hz
        self.blocks = [PioBlock(i, self) for i in range(n_blocks)]
