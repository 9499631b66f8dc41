"""``machine.SPI`` (rp2 PL022) and ``machine.SoftSPI`` exchanging bytes with scenario parts.

Follows ports/rp2/machine_spi.c and extmod/machine_spi.c (MicroPython v1.29 preview):
two static objects, defaults SPI0 SCK=GP18/MOSI=GP19/MISO=GP16 (Pico 2 PICO_DEFAULT_SPI
pins), SPI1 SCK=GP10/MOSI=GP11/MISO=GP8; pin checks "bad SCK/MOSI/MISO pin";
``firstbit=SPI.LSB`` -> NotImplementedError("LSB") (the PL022 cannot); MSB=1, LSB=0
(pico-sdk spi_order_t). The baud rate is what pico-sdk spi_set_baudrate achieves
(even prescale 2..254 times post-divider 1..256 of clk_peri = clk_sys).

Time: bits / baudrate per byte on the wire; a hardware transfer is a busy wait until the last
bit (hard IRQs run meanwhile; MicroPython's DMA path for >= 32 bytes also blocks), a
SoftSPI transfer is CPU work (charged: interrupts stretch it), with delay_half =
500000 // baudrate us per half bit (drivers/bus/softspi.c). MISO reads 0xFF when no selected
device drives it. Each call is one ``Kind.BUS`` record (op "xfer", data = MOSI hex, result =
MISO hex).
"""

from __future__ import annotations

from ..hw.gpio import FUNC_SPI
from ..hw.parts.bus import spi_devices
from ..trace.log import Kind
from .machine_args import as_int
from .machine_args import pin_number as _pin_number

DEFAULT_PINS = {0: (18, 19, 16), 1: (10, 11, 8)}   # (sck, mosi, miso)
CALL_CYCLES = 1000          # estimate: argument parsing, buffer protocol, pico-sdk set-up
SOFT_BIT_CYCLES = 60        # estimate: GPIO writes/reads per bit of a bit-banged transfer
MSB, LSB = 1, 0


def spi_baudrate(clock_hz: int, baud: int) -> int:
    """pico-sdk hardware_spi spi_set_baudrate: the rate the divider really gives."""
    prescale = 2
    while prescale <= 254 and clock_hz >= prescale * 256 * baud:
        prescale += 2
    postdiv = 256
    while postdiv > 1 and clock_hz // (prescale * (postdiv - 1)) <= baud:
        postdiv -= 1
    return clock_hz // (prescale * postdiv)


def make_spi(port):
    cpu = port.cpu
    system = port.system
    board = system.board
    gpio = system.gpio
    log = port.log
    clock_hz = board.clock_hz
    call_ns = port.call_ns.get("spi_call", board.cycles_to_ns(CALL_CYCLES))
    soft_bit_ns = board.cycles_to_ns(SOFT_BIT_CYCLES)

    def pin_number(obj) -> int:
        return _pin_number(port, obj)

    def in_handler(what: str) -> None:
        if cpu.hard_depth:
            port.violation("IRQ301", f"{what} in a hard interrupt handler: the CPU busy-waits for the "
                           "whole transfer", severity="error")

    class _SPIBase:
        MSB = MSB
        LSB = LSB

        def _exchange(self, out: bytes, t0: int, bit_ns_num: int, bit_ns_den: int, per_byte_ns: int) -> tuple[bytes, int]:
            """Clock ``out`` from t0; returns (MISO bytes, end time)."""
            devices = [(miso, dev) for _mosi, miso, dev in spi_devices(gpio, self._sck)]
            bits = self._bits
            got = bytearray()
            for i, b in enumerate(out):
                t = t0 + ((i + 1) * bits * bit_ns_num) // bit_ns_den + (i + 1) * per_byte_ns
                value = 0xFF
                for miso, dev in devices:
                    if dev.spi_selected():
                        answer = dev.spi_exchange(b, t)
                        if answer is not None and miso == self._miso:
                            value = int(answer) & 0xFF
                got.append(value)
            t_end = t0 + (len(out) * bits * bit_ns_num) // bit_ns_den + len(out) * per_byte_ns
            for _miso, dev in devices:
                end = getattr(dev, "spi_call_end", None)
                if end is not None:
                    end(t_end)
            log.append((t0, Kind.BUS, self._name, "xfer", -1, bytes(out).hex(), got.hex(), t_end))
            return bytes(got), t_end

        def _transfer(self, out: bytes) -> bytes:
            raise NotImplementedError

        # -- extmod/machine_spi.c bindings --------------------------------------------------
        def write(self, buf):
            cpu.charge(call_ns)
            in_handler("SPI.write()")
            self._transfer(bytes(buf))

        def read(self, nbytes, write=0):
            cpu.charge(call_ns)
            in_handler("SPI.read()")
            got = self._transfer(bytes([as_int(write) & 0xFF]) * as_int(nbytes))
            port.alloc(len(got) + 16, "bytes from SPI.read()")
            return got

        def readinto(self, buf, write=0):
            cpu.charge(call_ns)
            in_handler("SPI.readinto()")
            got = self._transfer(bytes([as_int(write) & 0xFF]) * len(buf))
            buf[:] = got

        def write_readinto(self, write_buf, read_buf):
            cpu.charge(call_ns)
            in_handler("SPI.write_readinto()")
            if len(write_buf) != len(read_buf):
                raise ValueError("buffers must be the same length")
            got = self._transfer(bytes(write_buf))
            read_buf[:] = got

        def deinit(self):
            return None

    class SPI(_SPIBase):
        _instances: dict = {}

        def __new__(cls, id=0, *args, **kwargs):
            id = as_int(id)
            if not 0 <= id <= 1:
                raise ValueError("SPI(%d) doesn't exist" % id)
            self = cls._instances.get(id)
            if self is None:
                self = object.__new__(cls)
                self._id = id
                self._name = f"SPI{id}"
                self._sck, self._mosi, self._miso = DEFAULT_PINS[id]
                self._baud = 0
                self._polarity = self._phase = 0
                self._bits = 8
                cls._instances[id] = self
            return self

        def __init__(self, id=0, baudrate=1_000_000, *, polarity=0, phase=0, bits=8, firstbit=MSB,
                     sck=None, mosi=None, miso=-1):
            cpu.charge(call_ns)
            if sck is not None:
                num = pin_number(sck)
                if not ((num & 3) == 2 and ((num & 8) >> 3) == self._id):
                    raise ValueError("bad SCK pin")
                self._sck = num
            if mosi is not None:
                num = pin_number(mosi)
                if not ((num & 3) == 3 and ((num & 8) >> 3) == self._id):
                    raise ValueError("bad MOSI pin")
                self._mosi = num
            if miso is None:
                self._miso = None
            elif miso != -1:
                num = pin_number(miso)
                if not ((num & 3) == 0 and ((num & 8) >> 3) == self._id):
                    raise ValueError("bad MISO pin")
                self._miso = num
            self._configure(as_int(baudrate), as_int(polarity), as_int(phase), as_int(bits), as_int(firstbit))
            # machine_spi.c: gpio_set_function(sck/miso/mosi, SPI). Transfers are modelled per
            # transaction: SCK idles at CPOL (the PL022 master drives it), MOSI/MISO are left
            # undriven; SIO writes no longer reach any of them.
            for num in (self._miso, self._mosi):
                if num is not None:
                    gpio.set_function(num, FUNC_SPI, self._name)
            gpio.set_function(self._sck, FUNC_SPI, self._name, True, self._polarity)

        def _configure(self, baudrate, polarity, phase, bits, firstbit):
            if firstbit == LSB:
                raise NotImplementedError("LSB")
            if baudrate <= 0:
                raise ValueError("baudrate must be positive")
            self._baud = spi_baudrate(clock_hz, baudrate)
            self._polarity, self._phase, self._bits = polarity, phase, bits

        def init(self, *, baudrate=-1, polarity=-1, phase=-1, bits=-1, firstbit=-1):
            cpu.charge(call_ns)
            if firstbit == LSB:
                raise NotImplementedError("LSB")
            self._configure(self._baud if baudrate == -1 else as_int(baudrate),
                            self._polarity if polarity == -1 else as_int(polarity),
                            self._phase if phase == -1 else as_int(phase),
                            self._bits if bits == -1 else as_int(bits), MSB)
            gpio.func_output(self._sck, FUNC_SPI, True, self._polarity, self._name)   # SCK idle = CPOL

        def __repr__(self):
            miso = "None" if self._miso is None else str(self._miso)
            return (f"SPI({self._id}, baudrate={self._baud}, polarity={self._polarity}, phase={self._phase}, "
                    f"bits={self._bits}, sck={self._sck}, mosi={self._mosi}, miso={miso})")

        def _transfer(self, out: bytes) -> bytes:
            t0 = cpu.sync()
            got, t_end = self._exchange(out, t0, 1_000_000_000, self._baud, 0)
            cpu.wait_until(t_end, run_callbacks=False, idle=False)   # spi_write_read_blocking polls
            return got

    class SoftSPI(_SPIBase):
        def __init__(self, baudrate=500_000, *, polarity=0, phase=0, bits=8, firstbit=MSB,
                     sck=None, mosi=None, miso=None):
            cpu.charge(call_ns)
            self._name = "SoftSPI"
            if sck is None or mosi is None or miso is None:
                raise TypeError("must specify all of sck/mosi/miso")
            self._sck, self._mosi, self._miso = pin_number(sck), pin_number(mosi), pin_number(miso)
            self._set(as_int(baudrate), as_int(polarity), as_int(phase), as_int(bits), as_int(firstbit))

        def _set(self, baudrate, polarity, phase, bits, firstbit):
            if baudrate <= 0:
                raise ValueError("baudrate must be positive")
            self._baud_req = baudrate
            self._delay_half_us = 500_000 // baudrate
            self._polarity, self._phase, self._bits, self._firstbit = polarity, phase, bits, firstbit

        def init(self, *, baudrate=-1, polarity=-1, phase=-1, bits=-1, firstbit=-1, sck=None, mosi=None, miso=None):
            cpu.charge(call_ns)
            for name, value in (("_sck", sck), ("_mosi", mosi), ("_miso", miso)):
                if value is not None:
                    setattr(self, name, pin_number(value))
            self._set(self._baud_req if baudrate == -1 else as_int(baudrate),
                      self._polarity if polarity == -1 else as_int(polarity),
                      self._phase if phase == -1 else as_int(phase),
                      self._bits if bits == -1 else as_int(bits),
                      self._firstbit if firstbit == -1 else as_int(firstbit))

        def __repr__(self):
            baud = 500_000 // self._delay_half_us if self._delay_half_us else self._baud_req
            return (f"SoftSPI(baudrate={baud}, polarity={self._polarity}, phase={self._phase}, "
                    f"sck={self._sck}, mosi={self._mosi}, miso={self._miso})")

        def _transfer(self, out: bytes) -> bytes:
            lsb = self._firstbit == LSB
            if lsb:   # the device sees bytes in wire order: model LSB-first as bit-reversed bytes
                out = bytes(int(f"{b:08b}"[::-1], 2) for b in out)
            t0 = cpu.sync()
            bit_ns = 2 * self._delay_half_us * 1000 + soft_bit_ns
            got, t_end = self._exchange(out, t0, bit_ns, 1, 0)
            cpu.charge(t_end - t0)
            if lsb:
                got = bytes(int(f"{b:08b}"[::-1], 2) for b in got)
            return got

    return SPI, SoftSPI
