# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Suppression: a matching code or a bare noqa silences a finding; another code does not.
from machine import Pin

value = 0


def on_edge(pin):
    global value
    value = pin.value() / 2  # noqa: IRQ101
    value = pin.value() / 3  # noqa: IRQ201  expect: IRQ101
    value = pin.value() / 4  # noqa
    value = pin.value() / 5  # NOQA: IRQ201, IRQ101


Pin(1, Pin.IN).irq(handler=on_edge, hard=True)
