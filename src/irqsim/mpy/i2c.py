"""``machine.I2C`` (rp2 hardware I2C) and ``machine.SoftI2C`` talking to scenario parts.

Semantics follow ports/rp2/machine_i2c.c, extmod/machine_i2c.c and pico-sdk
hardware_i2c (MicroPython v1.29 preview, pico-sdk 2.x):

- ``I2C(id=0, freq=400000, *, scl, sda, timeout=50000)``: two static objects; defaults
  I2C0 SCL=GP5/SDA=GP4 (Pico 2 PICO_DEFAULT_I2C pins), I2C1 SCL=GP7/SDA=GP6; SCL on odd,
  SDA on even GPIOs and ``(pin & 2) >> 1 == id`` ("bad SCL pin"/"bad SDA pin"). The
  frequency is what i2c_set_baudrate achieves: clk_sys / round(clk_sys / freq).
- Hardware transfers: address NACK -> OSError(EIO) (PICO_ERROR_GENERIC); a NACKed data
  byte ends the write and ``writeto`` returns the number of bytes ACKed (no exception);
  a transfer running past ``timeout`` us -> OSError(ETIMEDOUT). Zero-length writes (and so
  ``scan()``) go through the bit-banged SoftI2C code, where a NACK is ENODEV.
  ``init``/``start``/``stop``/``readinto``/``write`` -> OSError("I2C operation not supported").
- SoftI2C: address NACK -> OSError(ENODEV); ``writeto`` returns the ACK count; the
  primitive operations work; timing from mp_hal_i2c_delay = 500000 // freq us per half bit.

Time: the hardware controller clocks the bytes while the CPU polls (pico-sdk busy loops),
so a hardware transfer is a busy wait until the last bit (hard IRQs run meanwhile and do not
lengthen it; scheduled callbacks do not run). A SoftI2C transfer is CPU work: charged, so an
interrupt stretches it. Each addressed segment is one ``Kind.BUS`` record.

Bus waveforms are not drawn on the SCL/SDA nets (no PIN records): targets are called at the
time each byte is on the wire, computed when the transfer starts.
"""

from __future__ import annotations

import errno

from ..hw.gpio import FUNC_I2C
from ..hw.parts.bus import i2c_targets
from ..trace.log import Kind
from .vfs_file import OSError, mp_oserror  # noqa: A004 - MicroPython's OSError (errno, printing)

DEFAULT_PINS = {0: (5, 4), 1: (7, 6)}   # (scl, sda): pico2 board header / machine_i2c.h
DEFAULT_FREQ = 400_000                  # DEFAULT_I2C_FREQ
DEFAULT_TIMEOUT_US = 50_000             # DEFAULT_I2C_TIMEOUT, SOFT_I2C_DEFAULT_TIMEOUT_US
# C work per call (argument parsing, buffer protocol, pico-sdk set-up) and per byte of a
# bit-banged transfer (GPIO writes and reads between the delays). Estimates of the same order
# as the Pin calls in the board profile; not calibrated against hardware yet.
CALL_CYCLES = 1200
SOFT_BYTE_CYCLES = 400
NOT_SUPPORTED = "I2C operation not supported"


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


def make_i2c(port):
    cpu = port.cpu
    system = port.system
    board = system.board
    gpio = system.gpio
    log = port.log
    clock_hz = board.clock_hz
    call_ns = port.call_ns.get("i2c_call", board.cycles_to_ns(CALL_CYCLES))
    soft_byte_ns = board.cycles_to_ns(SOFT_BYTE_CYCLES)

    def pin_number(obj) -> int:
        num = getattr(obj, "_num", None)
        if num is not None:
            return num
        return port.modules["machine"].Pin(obj)._num

    def as_int(value, what="int") -> int:
        if isinstance(value, bool):
            return int(value)
        if not isinstance(value, int):
            raise TypeError("can't convert %s to int" % type(value).__name__)
        return value

    def in_handler(what: str) -> None:
        if cpu.hard_depth:
            port.violation("IRQ301", f"{what} in a hard interrupt handler: the CPU busy-waits for the "
                           "whole transfer (and bus drivers may wait on their own interrupts)", severity="error")

    def raise_errno(ret: int):
        raise mp_oserror(-ret)      # args == (errno,), .errno set, "[Errno 5] EIO"

    # -- the bit-banged engine (extmod/machine_i2c.c), shared by SoftI2C and zero-length writes --
    class Soft:
        """Counts mp_hal_i2c_delay calls: start 3, byte 20 (write or read), stop 4."""

        def __init__(self, wire: Wire, us_delay: int) -> None:
            self.wire = wire
            self.us = us_delay * 1000

        def start(self, t: int) -> int:
            self.wire.start(t)
            return t + 3 * self.us

        def stop(self, t: int) -> int:
            t += 4 * self.us
            self.wire.stop(t)
            return t

        def write_byte(self, byte: int, t: int) -> tuple[bool, int]:
            t += 20 * self.us + soft_byte_ns
            return self.wire.write_byte(byte, t - 2 * self.us), t

        def read_byte(self, t: int) -> tuple[int, int]:
            t += 20 * self.us + soft_byte_ns
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

    class _I2CBase:
        _name = "I2C"

        def _wire(self) -> Wire:
            w = self._w
            w.scl, w.sda = self._scl, self._sda
            return w

        # -- standard bus operations (extmod/machine_i2c.c bindings) --------------------
        def readfrom(self, addr, nbytes, stop=True):
            buf = bytearray(as_int(nbytes))
            self.readfrom_into(addr, buf, stop)
            port.alloc(len(buf) + 16, "bytes from I2C.readfrom()")
            return bytes(buf)

        def readfrom_into(self, addr, buf, stop=True):
            cpu.charge(call_ns)
            in_handler("I2C.readfrom_into()")
            ret = self._transfer(as_int(addr), [buf], True, bool(stop))
            if ret < 0:
                raise_errno(ret)

        def writeto(self, addr, buf, stop=True):
            cpu.charge(call_ns)
            in_handler("I2C.writeto()")
            ret = self._transfer(as_int(addr), [bytes(buf)], False, bool(stop))
            if ret < 0:
                raise_errno(ret)
            return ret

        def writevto(self, addr, vector, stop=True):
            cpu.charge(call_ns)
            in_handler("I2C.writevto()")
            bufs = [bytes(b) for b in vector if len(b) > 0] or [b""]
            ret = self._transfer(as_int(addr), bufs, False, bool(stop))
            if ret < 0:
                raise_errno(ret)
            return ret

        @staticmethod
        def _memaddr(memaddr: int, addrsize: int) -> bytes:
            if addrsize & 7 or addrsize > 32:
                raise ValueError("invalid addrsize")
            return bytes((memaddr >> i) & 0xFF for i in range(addrsize - 8, -1, -8))

        def _read_mem(self, addr, memaddr, buf, addrsize):
            """read_mem without TRANSFER_WRITE1 (off on rp2): write the address, no STOP, read."""
            mem = self._memaddr(as_int(memaddr), as_int(addrsize))
            addr = as_int(addr)
            ret = self._transfer(addr, [mem], False, False)
            if ret != len(mem):
                self._transfer(addr, [b""], False, True)   # "must generate STOP"
                return ret
            return self._transfer(addr, [buf], True, True)

        def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
            cpu.charge(call_ns)
            in_handler("I2C.readfrom_mem()")
            buf = bytearray(as_int(nbytes))
            ret = self._read_mem(addr, memaddr, buf, addrsize)
            if ret < 0:
                raise_errno(ret)
            port.alloc(len(buf) + 16, "bytes from I2C.readfrom_mem()")
            return bytes(buf)

        def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
            cpu.charge(call_ns)
            in_handler("I2C.readfrom_mem_into()")
            ret = self._read_mem(addr, memaddr, buf, addrsize)
            if ret < 0:
                raise_errno(ret)

        def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
            cpu.charge(call_ns)
            in_handler("I2C.writeto_mem()")
            mem = self._memaddr(as_int(memaddr), as_int(addrsize))
            ret = self._transfer(as_int(addr), [mem, bytes(buf)], False, True)
            if ret < 0:
                raise_errno(ret)

        def scan(self):
            """7-bit addresses 0x08..0x77 that ACK a zero-length write; one scheduled callback
            may run per address (mp_event_handle_nowait)."""
            cpu.charge(call_ns)
            in_handler("I2C.scan()")
            found = []
            for addr in range(0x08, 0x78):
                if self._transfer(addr, [b""], False, True) == 0:
                    found.append(addr)
                if cpu.can_run_scheduled():
                    cpu.run_scheduled_one()
            port.alloc(16 + 4 * len(found), "list from I2C.scan()")
            return found

    class I2C(_I2CBase):
        _instances: dict = {}

        def __new__(cls, id=0, *args, **kwargs):
            id = as_int(id)
            if not 0 <= id <= 1:
                raise ValueError("I2C(%d) doesn't exist" % id)
            self = cls._instances.get(id)
            if self is None:
                self = object.__new__(cls)
                self._id = id
                self._scl, self._sda = DEFAULT_PINS[id]
                self._freq = 0
                self._timeout_us = DEFAULT_TIMEOUT_US
                self._w = Wire(gpio, f"I2C{id}")
                cls._instances[id] = self
            return self

        def __init__(self, id=0, freq=DEFAULT_FREQ, *, scl=None, sda=None, timeout=DEFAULT_TIMEOUT_US):
            cpu.charge(call_ns)
            if scl is not None:
                num = pin_number(scl)
                if not ((num & 1) == 1 and ((num & 2) >> 1) == self._id):
                    raise ValueError("bad SCL pin")
                self._scl = num
            if sda is not None:
                num = pin_number(sda)
                if not ((num & 1) == 0 and ((num & 2) >> 1) == self._id):
                    raise ValueError("bad SDA pin")
                self._sda = num
            freq = as_int(freq)
            if freq <= 0:
                raise ValueError("freq must be positive")   # pico-sdk would divide by zero
            # i2c_set_baudrate: period = (clk + baud/2) // baud cycles per SCL period
            self._period_cycles = (clock_hz + freq // 2) // freq
            self._freq = clock_hz // self._period_cycles
            self._timeout_us = as_int(timeout)
            # machine_i2c.c: gpio_set_function(scl/sda, I2C) and gpio_set_pulls(up). The bus is
            # modelled per transaction, so the I2C function leaves the pads undriven (idle high).
            for num in (self._scl, self._sda):
                p = gpio.pins[num]
                p.pull, p.pull_bits = 1, 1
                gpio.set_function(num, FUNC_I2C, self._w.name)

        def __repr__(self):
            return (f"I2C({self._id}, freq={self._freq}, scl={self._scl}, sda={self._sda}, "
                    f"timeout={self._timeout_us})")

        def init(self, *args, **kwargs):
            raise OSError(NOT_SUPPORTED)

        def deinit(self):
            return None

        def start(self):
            raise OSError(NOT_SUPPORTED)

        stop = start

        def readinto(self, buf, nack=True):
            raise OSError(NOT_SUPPORTED)

        def write(self, buf):
            raise OSError(NOT_SUPPORTED)

        def _transfer(self, addr: int, bufs: list, read: bool, stop: bool) -> int:
            """mp_machine_i2c_transfer_adaptor + machine_i2c_transfer_single."""
            wire = self._wire()
            t0 = cpu.sync()
            if len(bufs) > 1:
                port.alloc(sum(len(b) for b in bufs) + 8, "I2C transfer buffer (several buffers joined)")
            data = b"".join(bytes(b) for b in bufs) if not read else None
            length = len(bufs[0]) if read else len(data)
            if not read and length == 0:
                # Zero-length write: bit-banged (hardware I2C cannot), us_delay = 500000/freq + 1
                soft = Soft(wire, 500_000 // self._freq + 1)
                ret, t_end = soft.transfer(t0, addr, [b""], False, stop)
            else:
                ret, t_end = self._hw(wire, t0, addr & 0x7F, bufs[0] if read else data, read, stop)
            wire.flush(log)
            cpu.wait_until(t_end, run_callbacks=False, idle=False)
            return ret

        def _hw(self, wire: Wire, t: int, addr: int, buf, read: bool, stop: bool):
            """pico-sdk i2c_{write,read}_blocking_internal: 9 SCL periods a byte, START and
            STOP about one period each; the controller issues STOP itself on an abort."""
            period = self._period_cycles * 1_000_000_000
            deadline = t + self._timeout_us * 1000
            cyc = 0                              # SCL periods since t (exact ns via cycles)

            def at(periods: int) -> int:
                return t + (periods * period) // clock_hz

            wire.start(t)
            cyc += 1
            cyc += 9
            if len(buf) == 0:                    # pico-sdk: len 0 -> PICO_ERROR_GENERIC
                wire.write_byte(((addr << 1) | read) & 0xFF, at(cyc))
                wire.stop(at(cyc + 1))
                return -errno.EIO, at(cyc + 1)
            if not wire.write_byte(((addr << 1) | read) & 0xFF, at(cyc)):
                wire.stop(at(cyc + 1))
                return -errno.EIO, at(cyc + 1)
            count = 0
            for i in range(len(buf)):
                cyc += 9
                if at(cyc) > deadline:
                    wire.fail("timeout")
                    wire.stop(at(cyc))
                    return -errno.ETIMEDOUT, at(cyc)
                if read:
                    buf[i] = wire.read_byte(at(cyc))
                elif not wire.write_byte(buf[i], at(cyc)):
                    wire.stop(at(cyc + 1))
                    return count, at(cyc + 1)     # ABRT_TXDATA_NOACK: bytes ACKed so far
                count += 1
            if stop:
                cyc += 1
                wire.stop(at(cyc))
            else:
                wire._close(at(cyc))             # repeated START next: the segment ends here
            return count, at(cyc)

    class SoftI2C(_I2CBase):
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
            self._soft = Soft(self._wire(), self._us_delay)
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

    return I2C, SoftI2C
