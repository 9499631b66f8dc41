# Rotary encoder (KY-040) on GP14/GP15 with its push switch on GP13, using the
# Quadrature driver; the switch resets the count.
from machine import Pin
import time
from quadrature import Quadrature

enc = Quadrature(14, 15)
sw = Pin(13, Pin.IN, Pin.PULL_UP)
last = None
was = 1
while True:
    time.sleep_ms(20)
    level = sw.value()
    if was and not level:
        enc.position = 0
        print("reset")
    was = level
    if enc.value() != last:
        last = enc.value()
        print("position", last)
