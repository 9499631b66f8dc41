# ruff: noqa  (deliberately unsafe MicroPython firmware: the linter corpus)
# Every kind of allocation the rp2 port makes, inside one hard handler.
from machine import Pin
import micropython

log = []
last = None
scale = 0


class Sampler:
    def __init__(self):
        self.buf = bytearray(8)
        self.pin = Pin(3, Pin.IN)
        self.pin.irq(self.on_edge, Pin.IRQ_RISING, True)  # positional: handler, trigger, hard

    def process(self, _):
        pass

    def on_edge(self, pin):
        global last, scale
        last = "edge %d" % pin.value()  # expect: IRQ101
        last = f"edge {pin.value()}"  # expect: IRQ101
        last = "edge {}".format(1)  # expect: IRQ101
        last = [1, 2]  # expect: IRQ101
        last = {"a": 1}  # expect: IRQ101
        last = (scale, 1)  # expect: IRQ101
        last = (1, 2)
        last = bytearray(4)  # expect: IRQ101
        last = str(scale)  # expect: IRQ101
        scale = scale * 1.5  # expect: IRQ101
        log.append(scale)  # expect: IRQ101
        micropython.schedule(self.process, 0)  # expect: IRQ101
        self.buf[0] = scale & 0xFF
        last = self.buf[1:3]  # expect: IRQ101
        last = [i for i in range(3)]  # expect: IRQ101
        self.process(0)


s = Sampler()
