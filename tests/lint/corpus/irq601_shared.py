# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Two bytes written together by a hard handler and read on consecutive lines; the same read
# inside a critical section and the flag-then-data pattern are fine.
import machine
from machine import Pin

low = 0
high = 0
ready = False


def on_sample(pin):
    global low, high, ready
    v = pin.value() * 300
    low = v & 0xFF
    high = v >> 8
    ready = True


Pin(4, Pin.IN).irq(handler=on_sample, hard=True)


def read_unsafe():
    x = low
    y = high  # expect: IRQ601
    return (y << 8) | x


def read_safe():
    state = machine.disable_irq()
    x = low
    y = high
    machine.enable_irq(state)
    return (y << 8) | x


while True:
    if ready:
        value = (high << 8) | low
    read_unsafe()
    read_safe()
