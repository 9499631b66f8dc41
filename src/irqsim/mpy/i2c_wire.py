"""The I2C bus model shared by ``machine.I2C`` and ``machine.SoftI2C``.

:class:`Wire` is what targets see (START, address byte, data bytes, STOP) and what becomes
``Kind.BUS`` records; :class:`Soft` is the bit-banged engine of extmod/machine_i2c.c, used by
SoftI2C and by the hardware I2C's zero-length writes. Split from i2c.py: both are pure bus
logic over virtual time, independent of the MicroPython-facing classes.
"""

from __future__ import annotations

import errno

from ..hw.parts.bus import i2c_targets
from ..trace.log import Kind


class Wire:
    """The bus state seen by targets: START, address byte, data bytes, STOP."""

    def __init__(self, gpio, name: str) -> None:
        self.gpio = gpio
        self.name = name
        self.scl = self.sda = -1
        self.target = None        # the addressed target, or None
        self.expect_addr = False
        self.read = False
        self.seg: list = []       # [t_start, op, addr, bytearray, result]
        self.t_start = 0
        self.records: list[tuple] = []

    def start(self, t_ns: int) -> None:
        self._close(t_ns)
        self.expect_addr = True
        self.target = None
        self.t_start = t_ns

    def write_byte(self, byte: int, t_ns: int) -> bool:
        if self.expect_addr:
            self.expect_addr = False
            addr, self.read = byte >> 1, bool(byte & 1)
            target = i2c_targets(self.gpio, self.scl, self.sda).get(addr)
            ack = target is not None and bool(target.i2c_start(self.read, t_ns))
            self.target = target if ack else None
            self.seg = [self.t_start, "read" if self.read else "write", addr, bytearray(), "ack" if ack else "nack"]
            return ack
        target = self.target
        ack = target is not None and not self.read and bool(target.i2c_write(byte, t_ns))
        if self.seg:
            if ack:
                self.seg[3].append(byte)
            elif self.seg[4] == "ack":
                self.seg[4] = f"nack@{len(self.seg[3])}"
        return ack

    def read_byte(self, t_ns: int) -> int:
        target = self.target
        value = 0xFF if target is None or not self.read else int(target.i2c_read(t_ns)) & 0xFF
        if self.seg:
            self.seg[3].append(value)
        return value

    def stop(self, t_ns: int) -> None:
        if self.target is not None:
            self.target.i2c_stop(t_ns)
        self._close(t_ns)
        self.target = None
        self.expect_addr = False

    def fail(self, result: str) -> None:
        if self.seg:
            self.seg[4] = result

    def _close(self, t_ns: int) -> None:
        if self.seg:
            t0, op, addr, data, result = self.seg
            self.records.append((t0, Kind.BUS, self.name, op, addr, data.hex(), result, t_ns))
            self.seg = []

    def flush(self, log) -> None:
        """Append the segments of one call (in order; all start at or after the call)."""
        for rec in self.records:
            log.append(rec)
        self.records.clear()


# -- the bit-banged engine (extmod/machine_i2c.c), shared by SoftI2C and zero-length writes --
class Soft:
    """Counts mp_hal_i2c_delay calls: start 3, byte 20 (write or read), stop 4."""

    def __init__(self, wire: Wire, us_delay: int, soft_byte_ns: int) -> None:
        self.wire = wire
        self.us = us_delay * 1000
        self.soft_byte_ns = soft_byte_ns   # the C work between the delays, per byte

    def start(self, t: int) -> int:
        self.wire.start(t)
        return t + 3 * self.us

    def stop(self, t: int) -> int:
        t += 4 * self.us
        self.wire.stop(t)
        return t

    def write_byte(self, byte: int, t: int) -> tuple[bool, int]:
        t += 20 * self.us + self.soft_byte_ns
        return self.wire.write_byte(byte, t - 2 * self.us), t

    def read_byte(self, t: int) -> tuple[int, int]:
        t += 20 * self.us + self.soft_byte_ns
        return self.wire.read_byte(t - 2 * self.us), t

    def transfer(self, t: int, addr: int, bufs: list, read: bool, stop: bool) -> tuple[int, int]:
        """mp_machine_soft_i2c_transfer: (ret, end time); ret <0 is -errno."""
        t = self.start(t)
        ack, t = self.write_byte(((addr << 1) | read) & 0xFF, t)
        if not ack:
            t = self.stop(t)
            return -errno.ENODEV, t
        count = 0
        for buf in bufs:
            if read:
                for i in range(len(buf)):
                    buf[i], t = self.read_byte(t)
                continue
            nacked = False
            for b in buf:
                ack, t = self.write_byte(b, t)
                if not ack:
                    nacked = True
                    break
                count += 1
            if nacked:
                break
        if stop:
            t = self.stop(t)
        return count, t
