# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# A handler that waits in an unbounded loop; a bounded drain loop is fine.
from machine import Pin

pin = Pin(5, Pin.IN)
fifo = bytearray(4)


def on_edge(p):
    while True:  # expect: IRQ501
        if p.value() == 0:
            break
    for i in range(4):
        fifo[i] = 0


pin.irq(handler=on_edge)
