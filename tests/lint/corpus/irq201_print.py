# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# print() in a hard timer callback; soft handlers and scheduled callbacks may print.
from machine import Pin, Timer
import micropython


def tick(t):
    print("tick")  # expect: IRQ201


def soft(pin):
    print("soft handlers run in the main thread on rp2")


def later(arg):
    print("deferred work may print")


def hard_edge(pin):
    micropython.schedule(later, 0)


Timer(-1, period=10, mode=Timer.PERIODIC, callback=tick, hard=True)
Pin(2, Pin.IN).irq(handler=soft)
Pin(3, Pin.IN).irq(handler=hard_edge, hard=True)
