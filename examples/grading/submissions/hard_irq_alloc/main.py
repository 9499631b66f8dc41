# Bug: a hard IRQ handler that allocates (list.append of a new float): MicroPython's heap is
# locked in a hard handler, so each call raises MemoryError and the pulse is not counted.
from machine import Pin
import time

stamps = []


def on_pulse(pin):
    stamps.append(time.ticks_us() / 1000)


enc = Pin(12, Pin.IN)
enc.irq(trigger=Pin.IRQ_RISING, handler=on_pulse, hard=True)
t_end = time.ticks_add(time.ticks_ms(), 1000)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    pass
enc.irq(handler=None)
print("pulses_seen", len(stamps))
