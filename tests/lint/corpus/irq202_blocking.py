# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Sleeping or busy-waiting in handlers, also in a helper the handler calls.
from machine import Pin, time_pulse_us
import time

echo = Pin(15, Pin.IN)
width = 0


def measure():
    global width
    width = time_pulse_us(echo, 1, 30000)  # expect: IRQ202


def on_trigger(pin):
    time.sleep_ms(1)  # expect: IRQ202
    measure()


Pin(14, Pin.IN).irq(handler=on_trigger, hard=True)
