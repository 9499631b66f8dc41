from machine import Pin
from . import CORO_TYPE
from .util import clamp


class Blinker:
    def __init__(self, pin, times):
        self.pin = Pin(pin, Pin.OUT)
        self.times = clamp(times, 1, 3)
        self.coro_type = CORO_TYPE.__name__
