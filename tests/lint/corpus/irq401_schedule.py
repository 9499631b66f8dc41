# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# micropython.schedule from a scheduled callback (and from a soft Pin handler, which on rp2
# is a scheduled callback already); from a hard handler it is the right pattern.
from machine import Pin
import micropython


def step2(_):
    pass


def step1(_):
    micropython.schedule(step2, 0)  # expect: IRQ401


def hard_isr(pin):
    micropython.schedule(step1, 0)


def soft_isr(pin):
    micropython.schedule(step2, 0)  # expect: IRQ401


Pin(2, Pin.IN).irq(handler=hard_isr, hard=True)
Pin(3, Pin.IN).irq(handler=soft_isr)
