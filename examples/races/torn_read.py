# Seed section "Shared Variables and Race Conditions": a hard timer ISR publishes a 16-bit
# sample as two bytes and the main loop reads them on two lines. An interrupt between the
# two reads pairs the old low byte with the new high byte: a value that never existed.
# The sample is a ramp in steps of 0x0101, so every value the ISR publishes has equal
# bytes and the firmware can count its own torn reads (x != y).
# `irqsim races examples/races/torn_read.toml` finds the interleaving deterministically;
# torn_read_fixed.py is the same program with a critical section.
# The handler is hard (hard=True): on rp2 a soft handler (the default) runs only at branch
# opcodes, never between two straight-line statements, so it could not split these reads.
import time

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
    x = shared_low_byte
    y = shared_high_byte  # ISR might update the bytes between these two lines!
    if x != y:
        torn += 1
    reads += 1
    time.sleep_us(50)
timer.deinit()
print("reads", reads, "torn", torn)
