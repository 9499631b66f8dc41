"""``machine.SoftI2C``: the bit-banged bus (extmod/machine_i2c.c), CPU work that IRQs stretch.

Split from i2c.py: unlike the hardware controller (a busy wait while the peripheral clocks
bytes) every bit here is charged to the CPU, and the primitive start/stop/write/readinto work.
"""

from __future__ import annotations

from .i2c_base import DEFAULT_TIMEOUT_US, as_int
from .i2c_base import pin_number as _pin_number
from .i2c_wire import Soft, Wire


def make_soft_i2c(port, base: type, call_ns: int, soft_byte_ns: int) -> type:
    cpu = port.cpu
    gpio = port.system.gpio
    log = port.log

    def pin_number(obj) -> int:
        return _pin_number(port, obj)

    class SoftI2C(base):
        def __init__(self, scl, sda, *, freq=400_000, timeout=DEFAULT_TIMEOUT_US):
            cpu.charge(call_ns)
            self._w = Wire(gpio, "SoftI2C")
            self._init(scl, sda, freq=freq, timeout=timeout)

        def init(self, scl, sda, *, freq=400_000, timeout=DEFAULT_TIMEOUT_US):
            cpu.charge(call_ns)
            self._init(scl, sda, freq=freq, timeout=timeout)

        def _init(self, scl, sda, *, freq, timeout):
            self._scl = pin_number(scl)
            self._sda = pin_number(sda)
            freq = as_int(freq)
            if freq <= 0:
                raise ValueError("freq must be positive")
            self._us_delay = max(1, 500_000 // freq)
            self._timeout_us = as_int(timeout)
            # mp_hal_i2c_init ends with a STOP (releases the bus)
            self._soft = Soft(self._wire(), self._us_delay, soft_byte_ns)
            self._spend(lambda t: (0, self._soft.stop(t)))

        def __repr__(self):
            return f"SoftI2C(scl={self._scl}, sda={self._sda}, freq={500_000 // self._us_delay})"

        def deinit(self):
            return None

        def _spend(self, fn) -> int:
            """Run a bit-banged operation from now and charge its time (CPU work: IRQs stretch it)."""
            self._wire()
            t0 = cpu.sync()
            ret, t_end = fn(t0)
            self._w.flush(log)
            cpu.charge(t_end - t0)
            return ret

        def _transfer(self, addr: int, bufs: list, read: bool, stop: bool) -> int:
            return self._spend(lambda t: self._soft.transfer(t, addr & 0x7F, bufs, read, stop))

        # -- primitive operations ---------------------------------------------------------
        def start(self):
            cpu.charge(call_ns)
            self._spend(lambda t: (0, self._soft.start(t)))

        def stop(self):
            cpu.charge(call_ns)
            self._spend(lambda t: (0, self._soft.stop(t)))

        def write(self, buf):
            """Returns the number of ACKs; stops at the first NACK."""
            cpu.charge(call_ns)
            data = bytes(buf)

            def run(t):
                acks = 0
                for b in data:
                    ack, t = self._soft.write_byte(b, t)
                    if not ack:
                        break
                    acks += 1
                return acks, t
            return self._spend(run)

        def readinto(self, buf, nack=True):
            cpu.charge(call_ns)

            def run(t):
                for i in range(len(buf)):
                    buf[i], t = self._soft.read_byte(t)
                return 0, t
            self._spend(run)

    return SoftI2C
