# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Every registration form: positional, keyword, lambda, module instance method, Timer(...)
# and .init(...), UART.irq, StateMachine.irq, micropython.schedule targets.
from machine import Pin, Timer, UART
import micropython
import rp2


def work(p):
    return p / 2  # expect: IRQ101


def a(pin):
    return pin.value() / 2  # expect: IRQ101


def b(t):
    return [t]  # expect: IRQ101


def c(u):
    return [u]


def d(sm):
    return [sm]  # expect: IRQ101


def e(x):
    return [x]


class Knob:
    def on_edge(self, pin):
        return [pin]  # expect: IRQ101


knob = Knob()
Pin(1, Pin.IN).irq(a, Pin.IRQ_RISING, True)
Pin(2, Pin.IN).irq(handler=lambda p: work(p), hard=True)
Pin(3, Pin.IN).irq(handler=knob.on_edge, hard=True)
tim = Timer(-1)
tim.init(period=5, callback=b, hard=True)
UART(1).irq(handler=c)
sm = rp2.StateMachine(0)
sm.irq(d, 1, True)
micropython.schedule(e, 0)
