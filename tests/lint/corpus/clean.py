# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Safe handlers: integer work on preallocated state, flags, timestamps, hard-to-soft deferral.
from machine import Pin, Timer
import micropython
import time

_flag = False
_t_us = 0
_count = 0
_buf = bytearray(16)
_idx = 0


def _deferred(arg):
    print("edge at", arg, "f-strings are fine here:", f"{arg}")


def _isr(pin):
    global _flag, _t_us, _count, _idx
    _t_us = time.ticks_us()
    _count += 1
    _buf[_idx] = pin.value()
    _idx = (_idx + 1) % 16
    _flag = True
    micropython.schedule(_deferred, _t_us)


def _tick(t):
    global _count
    _count = _count + 2


Pin(15, Pin.IN).irq(trigger=Pin.IRQ_FALLING, handler=_isr, hard=True)
Timer(-1).init(period=10, callback=_tick, hard=True)
while True:
    if _flag:
        _flag = False
        print("latency", time.ticks_diff(time.ticks_us(), _t_us), "count", _count)
    time.sleep_ms(5)
