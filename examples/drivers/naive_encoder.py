# The decoder most tutorials show: on each falling CLK edge, read DT for the direction.
# It has no state table, so every bounce of CLK counts as another step.
from machine import Pin


class NaiveEncoder:
    def __init__(self, clk, dt):
        self._clk = Pin(clk, Pin.IN, Pin.PULL_UP)
        self._dt = Pin(dt, Pin.IN, Pin.PULL_UP)
        self.position = 0
        self._clk.irq(self._edge, Pin.IRQ_FALLING)

    def _edge(self, pin):
        if self._dt.value():
            self.position += 1
        else:
            self.position -= 1
