# A third-party-style NEC IR decoder for a TSOP receiver (active-low output): a hard
# Pin.irq on both edges stores timestamps; the first edge of a burst starts a one-shot
# Timer, whose (soft) callback decodes the whole frame after it has arrived.
from machine import Pin, Timer
from array import array
import time

REPEAT = -1
BAD = -2
_EDGES = 68          # leader (2) + 32 bits (64) + stop mark (2)


class NEC:
    def __init__(self, pin, callback):
        self._pin = Pin(pin, Pin.IN)
        self._times = array("i", (0 for _ in range(_EDGES + 2)))
        self._edge = 0
        self._timer = Timer(-1)
        self._callback = callback
        self._decode_ref = self._decode
        self._pin.irq(self._on_edge, Pin.IRQ_RISING | Pin.IRQ_FALLING, hard=True)

    def _on_edge(self, pin):
        t = time.ticks_us()
        if self._edge < _EDGES:
            if self._edge == 0:
                cb = self._decode_ref
                self._timer.init(period=80, mode=Timer.ONE_SHOT, callback=cb)
            self._times[self._edge] = t
            self._edge += 1

    def _decode(self, _timer):
        n = self._edge
        times = self._times
        try:
            if n < 4:
                raise ValueError("short burst")
            mark = time.ticks_diff(times[1], times[0])
            space = time.ticks_diff(times[2], times[1])
            if not 8000 < mark < 10000:
                raise ValueError("bad leader")
            if space < 3000:
                self._callback(REPEAT, 0)
                return
            if n < _EDGES:
                raise ValueError("short frame")
            value = 0
            for i in range(32):
                if time.ticks_diff(times[4 + 2 * i], times[3 + 2 * i]) > 1120:
                    value |= 1 << i
            addr = value & 0xFF
            inv_addr = (value >> 8) & 0xFF
            cmd = (value >> 16) & 0xFF
            if cmd ^ ((value >> 24) & 0xFF) != 0xFF:
                raise ValueError("bad command checksum")
            if addr ^ inv_addr != 0xFF:
                addr |= inv_addr << 8   # extended NEC: 16-bit address
            self._callback(cmd, addr)
        except ValueError:
            self._callback(BAD, n)
        finally:
            self._edge = 0
