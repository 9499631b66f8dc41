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
from .i2c_base import DEFAULT_TIMEOUT_US, as_int, make_base
from .i2c_base import pin_number as _pin_number
from .i2c_soft import make_soft_i2c
from .i2c_wire import Soft, Wire
from .vfs_file import OSError  # noqa: A004 - MicroPython's OSError (errno, printing)

__all__ = ["DEFAULT_TIMEOUT_US", "Soft", "Wire", "make_i2c"]

DEFAULT_PINS = {0: (5, 4), 1: (7, 6)}   # (scl, sda): pico2 board header / machine_i2c.h
DEFAULT_FREQ = 400_000                  # DEFAULT_I2C_FREQ
# C work per call (argument parsing, buffer protocol, pico-sdk set-up) and per byte of a
# bit-banged transfer (GPIO writes and reads between the delays). Estimates of the same order
# as the Pin calls in the board profile; not calibrated against hardware yet.
CALL_CYCLES = 1200
SOFT_BYTE_CYCLES = 400
NOT_SUPPORTED = "I2C operation not supported"


def make_i2c(port):
    cpu = port.cpu
    system = port.system
    board = system.board
    gpio = system.gpio
    log = port.log
    clock_hz = board.clock_hz
    call_ns = port.call_ns.get("i2c_call", board.cycles_to_ns(CALL_CYCLES))
    soft_byte_ns = board.cycles_to_ns(SOFT_BYTE_CYCLES)
    _I2CBase = make_base(port, call_ns)

    def pin_number(obj) -> int:
        return _pin_number(port, obj)

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
                soft = Soft(wire, 500_000 // self._freq + 1, soft_byte_ns)
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

    SoftI2C = make_soft_i2c(port, _I2CBase, call_ns, soft_byte_ns)
    return I2C, SoftI2C
