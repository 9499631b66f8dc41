# Pin odds from ports that are not rp2: Signal built from Pin arguments, open drain with a pull,
# irq().flags() inside the handler, irq(handler=None), and keywords rp2 does not have.
from machine import Pin, Signal
import time

led = Signal(25, Pin.OUT, invert=True, value=1)     # value is the Signal's: the Pin starts at 0
print("sig", led.value(), Pin(25).value())
led.off()
print("sig", led(), Pin(25).value())
led(1)
print("sig", led.value(), Pin(25).value())
s2 = Signal(Pin(16, Pin.OUT), invert=False)
s2.on()
print("s2", s2.value(), Pin(16).value())
od = Pin(17, Pin.OPEN_DRAIN, Pin.PULL_UP, value=1)
print("od", od.value())
od.value(0)
print("od", od.value())
for bad in (lambda: Pin(18, Pin.OUT, drive=1), lambda: Pin(18, Pin.IN, Pin.PULL_UP, 0),
            lambda: Pin(18).init(Pin.IN, mode=Pin.OUT), lambda: Signal(Pin(18), Pin.OUT)):
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)

edges = []


def h(pin):
    edges.append((pin.irq().flags(), pin.value()))


b = Pin(14, Pin.IN, Pin.PULL_UP)
irq = b.irq(trigger=Pin.IRQ_FALLING | Pin.IRQ_RISING, handler=h)
print("trigger", irq.trigger(), hasattr(Pin, "IRQ_LOW_LEVEL"))
time.sleep_ms(300)
print("edges", edges)
b.irq(handler=None)
time.sleep_ms(300)
print("after None", len(edges))
