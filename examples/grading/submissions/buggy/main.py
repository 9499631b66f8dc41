# Bug: triggers on both edges, so every pulse is counted twice.
from machine import Pin
import time

count = 0


def on_pulse(pin):
    global count
    count += 1


enc = Pin(12, Pin.IN)
enc.irq(trigger=Pin.IRQ_RISING | Pin.IRQ_FALLING, handler=on_pulse)
t_end = time.ticks_add(time.ticks_ms(), 1000)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    pass
enc.irq(handler=None)
print("pulses_seen", count)
