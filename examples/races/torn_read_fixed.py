# The fixed twin of torn_read.py (seed: "Use machine.disable_irq() / enable_irq() for
# multi-word reads"): both bytes are read with interrupts disabled, so the ISR runs before
# or after the pair, never between. `irqsim races examples/races/torn_read_fixed.toml`
# reports nothing, and the firmware's own count of torn reads stays 0.
import time

import machine
from machine import Timer

shared_low_byte = 0
shared_high_byte = 0
_sample = 0


def on_sample(timer):
    """ISR: take the next 16-bit sample and publish it as two bytes."""
    global _sample, shared_low_byte, shared_high_byte
    _sample = (_sample + 0x0101) & 0xFFFF
    shared_low_byte = _sample & 0xFF
    shared_high_byte = _sample >> 8


timer = Timer(-1)
timer.init(period=1, mode=Timer.PERIODIC, callback=on_sample, hard=True)

reads = 0
torn = 0
t_end = time.ticks_add(time.ticks_ms(), 150)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    state = machine.disable_irq()  # critical section: the ISR waits until enable_irq
    x = shared_low_byte
    y = shared_high_byte
    machine.enable_irq(state)
    if x != y:
        torn += 1
    reads += 1
    time.sleep_us(50)
timer.deinit()
print("reads", reads, "torn", torn)
