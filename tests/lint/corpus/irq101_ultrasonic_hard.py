# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# The lesson's ultrasonic handler registered with hard=True: `pulse / 58.0` makes a boxed
# float on rp2, so the hard handler raises MemoryError there.
from machine import Pin
import time


class UltrasonicIRQ:
    def __init__(self, trig_pin=14, echo_pin=15):
        self._trig = Pin(trig_pin, Pin.OUT)
        self._echo = Pin(echo_pin, Pin.IN)
        self._rise_time = 0
        self._distance = 100.0
        self._echo.irq(trigger=Pin.IRQ_RISING | Pin.IRQ_FALLING, handler=self._echo_handler, hard=True)

    def _echo_handler(self, pin):
        if pin.value() == 1:
            self._rise_time = time.ticks_us()
        else:
            pulse = time.ticks_diff(time.ticks_us(), self._rise_time)
            if 100 < pulse < 25000:
                self._distance = pulse / 58.0  # expect: IRQ101

    @property
    def distance(self):
        return self._distance


sensor = UltrasonicIRQ()
