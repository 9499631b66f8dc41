# ISR-safe ring buffer: preallocated array, indices, hard Timer, cached bound method
import micropython
from machine import Timer, Pin
from array import array
import time
micropython.alloc_emergency_exception_buf(100)

class Ring:
    def __init__(self, n):
        self.buf = array('H', (0 for _ in range(n)))
        self.mv = memoryview(self.buf)
        self.n = n
        self.head = 0
        self.tail = 0
        self.dropped = 0

    def put(self, v):
        nxt = (self.head + 1) % self.n
        if nxt == self.tail:
            self.dropped += 1
            return
        self.buf[self.head] = v
        self.head = nxt

    def get(self):
        if self.head == self.tail:
            return None
        v = self.buf[self.tail]
        self.tail = (self.tail + 1) % self.n
        return v

class Sampler:
    def __init__(self):
        self.ring = Ring(16)
        self.count = 0
        self.scratch = bytearray(4)
        self._report_ref = self._report
        self.tim = Timer(period=5, mode=Timer.PERIODIC, callback=self._isr, hard=True)

    def _isr(self, t):
        self.count += 1
        self.ring.put(self.count & 0xFFFF)
        self.scratch[0] = self.count & 0xFF
        self.scratch[1] = 1
        if self.count % 10 == 0:
            micropython.schedule(self._report_ref, self.count)

    def _report(self, n):
        tot = 0
        while True:
            v = self.ring.get()
            if v is None:
                break
            tot += v
        print("report", n, tot, self.scratch[0])

s = Sampler()
time.sleep_ms(120)
s.tim.deinit()
print("done", s.count, s.ring.dropped, list(s.ring.mv[:3]))
