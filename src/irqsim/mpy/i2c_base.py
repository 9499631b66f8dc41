"""The bus operations ``machine.I2C`` and ``machine.SoftI2C`` share (extmod/machine_i2c.c).

readfrom/writeto/..._mem/scan are written once over a class's ``_transfer``; the hardware
(i2c.py) and bit-banged (i2c_soft.py) classes differ only in how a transfer spends time.
Also the argument helpers both use.
"""

from __future__ import annotations

from .i2c_wire import Wire
from .machine_args import as_int, pin_number  # noqa: F401 - i2c.py, i2c_soft.py import them here
from .vfs_file import mp_oserror

DEFAULT_TIMEOUT_US = 50_000             # DEFAULT_I2C_TIMEOUT, SOFT_I2C_DEFAULT_TIMEOUT_US


def raise_errno(ret: int):
    raise mp_oserror(-ret)      # args == (errno,), .errno set, "[Errno 5] EIO"


def make_base(port, call_ns: int) -> type:
    """``_I2CBase`` bound to this run's CPU; ``call_ns`` is the C work charged per call."""
    cpu = port.cpu

    def in_handler(what: str) -> None:
        if cpu.hard_depth:
            port.violation("IRQ301", f"{what} in a hard interrupt handler: the CPU busy-waits for the "
                           "whole transfer (and bus drivers may wait on their own interrupts)", severity="error")

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

    return _I2CBase
