# Hard Timer IRQs scheduling work: the pre-bound reference idiom (no allocation) versus
# passing self._cb, a bound method of a base class, which allocates with the heap locked.
import micropython
from machine import Pin, Timer
micropython.alloc_emergency_exception_buf(100)

class Counter:
    def __init__(self):
        self.n = 0
        self._cb_ref = self._cb       # pre-bound: the hard ISR must not allocate one
        Timer(period=10, callback=self._isr, hard=True)

    def _cb(self, arg):
        print("scheduled", arg)

    def _isr(self, t):
        self.n += 1
        if self.n % 5 == 0:
            micropython.schedule(self._cb_ref, self.n)

class Bad(Counter):
    def _isr(self, t):
        self.n += 1
        if self.n == 3:
            micropython.schedule(self._cb, self.n)

c = Counter()
b = Bad()
import time
time.sleep_ms(120)
print(c.n, b.n)
