# A third-party-style rotary encoder driver: Pin.irq on both edges of both channels, a
# Gray-code state table (which rejects bounce: an invalid transition counts nothing), and
# micropython.schedule to hand the position to user callbacks outside the hard interrupt.
# Counts one step per detent for full-step (4 transitions per detent) encoders.
from machine import Pin
import micropython

# _TABLE[old_state << 2 | new_state] -> +1 / -1 / 0 (state = clk << 1 | dt)
_TABLE = (0, -1, 1, 0, 1, 0, 0, -1, -1, 0, 0, 1, 0, 1, -1, 0)


class Quadrature:
    def __init__(self, clk, dt, pull=Pin.PULL_UP, callback=None, reverse=False):
        self._clk = Pin(clk, Pin.IN, pull)
        self._dt = Pin(dt, Pin.IN, pull)
        self._state = (self._clk.value() << 1) | self._dt.value()
        self._sub = 0
        self.position = 0
        self._dir = -1 if reverse else 1
        self._callback = callback
        self._notify_ref = self._notify  # bound method allocated once, not in the IRQ
        trig = Pin.IRQ_RISING | Pin.IRQ_FALLING
        self._clk.irq(self._edge, trig, hard=True)
        self._dt.irq(self._edge, trig, hard=True)

    def _edge(self, pin):
        new = (self._clk.value() << 1) | self._dt.value()
        self._sub += _TABLE[(self._state << 2) | new]
        self._state = new
        if new == 3 and self._sub:   # back at the rest position: a whole detent
            step = 1 if self._sub > 0 else -1
            self._sub = 0
            self.position += step * self._dir
            if self._callback is not None:
                ref = self._notify_ref
                try:
                    micropython.schedule(ref, step * self._dir)
                except RuntimeError:
                    pass

    def _notify(self, step):
        self._callback(self.position, step)

    def value(self):
        return self.position
