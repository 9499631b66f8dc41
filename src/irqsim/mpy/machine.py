"""``machine`` for the rp2 port: Pin, Timer, disable_irq/enable_irq, time_pulse_us, freq.

Behaviour and messages follow ports/rp2/machine_pin.c, machine_timer.c, modmachine.c and
extmod/machine_pulse.c (MicroPython v1.29 preview); see design/MICROPYTHON.md.

This module assembles ``machine`` and holds the module-level functions; the pieces live in
machine_pin.py (Pin), machine_gpio_irq.py (the GPIO interrupt), machine_timer.py (Timer),
machine_args.py (argument checks), machine_extra.py and peripherals.py.
"""

from __future__ import annotations

from types import ModuleType

from .gpio_fast import install as install_gpio_fast
from .machine_args import as_int as _int
from .machine_gpio_irq import install_gpio_isr
from .machine_pin import LED_GPIO, make_pin
from .machine_timer import TIMER_VECTOR, make_timer

__all__ = ["LED_GPIO", "TIMER_VECTOR", "build"]


def build(port) -> ModuleType:
    cpu = port.cpu
    system = port.system
    gpio = system.gpio
    log = port.log
    ns = port.call_ns
    mod = ModuleType("machine")

    Pin = make_pin(port)
    gpio_vec, gpio_isr = install_gpio_isr(port, Pin)
    if gpio_vec.isr is gpio_isr:  # its fused path for one edge queueing a soft handler
        install_gpio_fast(cpu, gpio, Pin._table, log, system.timing, gpio_vec)
    Timer = make_timer(port)

    # -- module functions ----------------------------------------------------------------
    def disable_irq():
        cpu.charge(ns["disable_irq"])
        return cpu.mask()

    def enable_irq(state):
        cpu.charge(ns["enable_irq"])
        cpu.unmask(1 if state else 0)

    def time_pulse_us(pin, pulse_level, timeout_us=1_000_000):
        """extmod/machine_pulse.c: a busy loop; scheduled callbacks never run inside it."""
        if not isinstance(pin, Pin):
            pin = Pin(pin)
        if cpu.depth:
            port.violation("IRQ202", "machine.time_pulse_us() in an interrupt handler busy-waits for the "
                           "whole pulse", severity="error" if cpu.hard_depth else "warning")
        cpu.charge(ns["ticks"] * 2)
        level = 1 if pulse_level else 0
        timeout_us = _int(timeout_us)
        p = gpio.pin(pin._num)
        start_us = cpu.now() // 1000
        deadline = (start_us + timeout_us) * 1000
        if cpu.wait_until(deadline, run_callbacks=False, idle=False, until=lambda: p.level == level) is False:
            return -2
        start_us = cpu.now() // 1000
        deadline = (start_us + timeout_us) * 1000
        if cpu.wait_until(deadline, run_callbacks=False, idle=False, until=lambda: p.level != level) is False:
            return -1
        cpu.charge(ns["ticks"])
        return cpu.now() // 1000 - start_us

    def freq(*args):
        if args:
            port.violation("SIM001", "machine.freq(hz) is accepted but the simulated clock stays at the "
                           "board profile's frequency", severity="note")
            return None
        return system.board.clock_hz

    def idle():
        cpu.charge(ns["sleep_call"])
        count = cpu.isr_count
        cpu.wait_until(cpu.now() + 1_000_000, run_callbacks=False, idle=True,
                       until=lambda: cpu.isr_count != count)

    def unique_id():
        return b"\xe6\x61\x41\x04\x03\x2b\x6c\x2a"

    def reset():
        from ..runtime.cpu import StopSimulation

        port.write("machine.reset()\n")
        raise StopSimulation("reset")

    def soft_reset():
        reset()

    def lightsleep(ms=None):
        t = cpu.now() + (_int(ms) * 1_000_000 if ms is not None else (1 << 60))
        cpu.wait_until(t, run_callbacks=False, idle=True)

    mod.Pin = Pin
    mod.Timer = Timer
    mod.disable_irq = disable_irq
    mod.enable_irq = enable_irq
    mod.time_pulse_us = time_pulse_us
    mod.freq = freq
    mod.idle = idle
    mod.unique_id = unique_id
    mod.reset = reset
    mod.soft_reset = soft_reset
    mod.lightsleep = lightsleep
    mod.deepsleep = lightsleep
    mod.PWRON_RESET = 1
    mod.WDT_RESET = 3
    mod.reset_cause = lambda: 1
    from .peripherals import add_peripherals

    add_peripherals(mod, port)
    from .machine_extra import add_extras

    add_extras(mod, port)   # WDT, RTC, bootloader, mem32 (replaces the inert WDT)
    return mod
