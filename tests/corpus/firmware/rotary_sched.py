# Rotary encoder in the style of the common MicroPython rotary libraries: Pin.irq on both
# pins, a transition table, and micropython.schedule to call listeners outside the IRQ.
import micropython
from machine import Pin
import time

micropython.alloc_emergency_exception_buf(100)

_DIR_CW = const(0x10)
_DIR_CCW = const(0x20)
_R_START = const(0x0)

_TABLE = [
    [0x3, 0x2, 0x1, 0x0], [0x23, 0x0, 0x1, 0x0], [0x13, 0x2, 0x0, 0x0], [0x3, 0x5, 0x4, 0x0],
    [0x3, 0x3, 0x4, 0x10], [0x3, 0x5, 0x3, 0x20],
]


class Rotary:
    _STATE_MASK = const(0x07)
    _DIR_MASK = const(0x30)

    def __init__(self, pin_clk, pin_dt):
        self._clk = Pin(pin_clk, Pin.IN, Pin.PULL_UP)
        self._dt = Pin(pin_dt, Pin.IN, Pin.PULL_UP)
        self._state = _R_START
        self._value = 0
        self._listeners = []
        self._clk.irq(self._process, Pin.IRQ_RISING | Pin.IRQ_FALLING)
        self._dt.irq(self._process, Pin.IRQ_RISING | Pin.IRQ_FALLING)

    def add_listener(self, fn):
        self._listeners.append(fn)

    def value(self):
        return self._value

    def _trigger(self, _):
        for fn in self._listeners:
            fn()

    def _process(self, pin):
        old = self._value
        clk_dt = (self._clk.value() << 1) | self._dt.value()
        self._state = _TABLE[self._state & self._STATE_MASK][clk_dt]
        d = self._state & self._DIR_MASK
        if d == _DIR_CW:
            self._value += 1
        elif d == _DIR_CCW:
            self._value -= 1
        if old != self._value and self._listeners:
            try:
                micropython.schedule(self._trigger, None)
            except RuntimeError:
                pass


r = Rotary(14, 15)
changes = 0


def changed():
    global changes
    changes += 1


r.add_listener(changed)
last = None
while True:
    v = r.value()
    if v != last:
        print("value", v)
        last = v
    time.sleep_ms(50)
