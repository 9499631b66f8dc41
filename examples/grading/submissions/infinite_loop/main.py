# Bug: the loop never ends (`pass` where `break` was meant), so the result is never printed.
from machine import Pin
import time

count = 0


def on_pulse(pin):
    global count
    count += 1


enc = Pin(12, Pin.IN)
enc.irq(trigger=Pin.IRQ_RISING, handler=on_pulse)
t_end = time.ticks_add(time.ticks_ms(), 1000)
while True:
    if time.ticks_diff(t_end, time.ticks_ms()) <= 0:
        pass
print("pulses_seen", count)
