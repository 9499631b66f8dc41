# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# The classic bug: the handler sets what it thinks is the module flag.
from machine import Pin
import time

button_pressed = False
count = 0


def button_handler(pin):
    button_pressed = True  # expect: IRQ502


def counter(pin):
    count += 1  # expect: IRQ502


def fine(pin):
    global count
    local_copy = count
    count = local_copy + 1


Pin(16, Pin.IN).irq(handler=button_handler)
Pin(17, Pin.IN).irq(handler=counter)
Pin(18, Pin.IN).irq(handler=fine)
while True:
    if button_pressed or count:
        print("pressed")
    time.sleep_ms(10)
