# The same 100 kHz quadrature encoder counted in Python: a hard Pin IRQ on every edge of
# both channels (the best MicroPython can do). Edges arrive every 2.5 us; the handler alone
# takes longer, so edges merge in their latch and the count drifts.
import time

from machine import Pin

A, B = Pin(2, Pin.IN), Pin(3, Pin.IN)
count = 0


def on_a(pin):
    global count
    if A.value() != B.value():
        count += 1
    else:
        count -= 1


def on_b(pin):
    global count
    if A.value() == B.value():
        count += 1
    else:
        count -= 1


A.irq(on_a, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)
B.irq(on_b, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)
last = None
while True:
    time.sleep_ms(5)
    if count != last:
        print("count", count)
        last = count
