# encoder_limits without the allocating work: the main loop only does small-int math, so the
# heap never fills, no GC pause ever stops the scheduler, and 10 kHz is counted in full.
# Compare with seed/encoder_limits.py at the same rate: the lesson's "10 kHz misses pulses"
# needs GC pressure (or a costlier handler), it is not a property of the rate alone.
from machine import Pin
import time

count = 0


def on_pulse(pin):
    global count
    count += 1


enc = Pin(12, Pin.IN)
enc.irq(trigger=Pin.IRQ_RISING, handler=on_pulse)

acc = 0
t_end = time.ticks_add(time.ticks_ms(), 1000)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    acc = (acc + count) & 0xFFFF  # non-allocating main-loop work
enc.irq(handler=None)
print("pulses_seen", count)
