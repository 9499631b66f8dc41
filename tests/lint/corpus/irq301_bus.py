# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# I2C/SPI/UART calls in handlers; a scheduled callback is the place for them.
from machine import I2C, UART, Pin
import micropython

i2c = I2C(0)
uart = UART(1, 9600)


def on_alert(pin):
    i2c.writeto(0x42, b"\x01")  # expect: IRQ301
    micropython.schedule(read_sensor, 0)


def read_sensor(_):
    i2c.readfrom(0x42, 2)


class Logger:
    def __init__(self):
        self._uart = UART(0, 115200)
        Pin(5, Pin.IN).irq(handler=self._on_edge)

    def _on_edge(self, pin):
        self._uart.write("edge")  # expect: IRQ301


Pin(4, Pin.IN).irq(handler=on_alert, hard=True)
logger = Logger()
