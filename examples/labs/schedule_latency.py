# irqsim lab schedule-latency: a hard handler defers to micropython.schedule; the callback
# toggles GP16. The main loop is idle (sleeps) or busy (allocating work), chosen by GP2
# (the lab ties it high for "busy"). The latency the lab reports is schedule() -> callback.
import micropython
from machine import Pin
import time

out = Pin(16, Pin.OUT)
busy = Pin(2, Pin.IN).value()


def deferred(arg):
    out.toggle()


def isr(pin):
    micropython.schedule(deferred, 0)


Pin(15, Pin.IN).irq(trigger=Pin.IRQ_RISING, handler=isr, hard=True)

log = []
while True:
    if busy:
        log.append("sample %d" % len(log))  # ordinary allocating work: GC now and then
        if len(log) > 50:
            log = []
    else:
        time.sleep_ms(10)
