# Counts rising edges on GP12 for 100 ms windows (a frequency counter).
from machine import Pin
import time

count = 0


def edge(pin):
    global count
    count += 1


Pin(12, Pin.IN).irq(edge, Pin.IRQ_RISING, hard=True)
while True:
    time.sleep_ms(100)
    n = count
    count = 0
    print("hz", n * 10)
