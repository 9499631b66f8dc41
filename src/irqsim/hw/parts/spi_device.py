"""``spi_device``: a generic SPI peripheral with a chip select: register map or loop-back.

``mode = "registers"`` (the usual sensor protocol, e.g. ST/Bosch IMUs): the first byte
after CS falls is a command, ``cmd & read_bit`` selects a read, ``cmd & addr_mask`` the
register; then bytes are read from (MISO) or written to the register map, the cursor
advancing as ``auto_increment`` says. The register map is ``i2c_device``'s (``registers``,
``reg_width``, ``who_am_i``, ``readonly``, ``signals`` that follow time). The command byte
itself answers ``status`` (0x00). ``mode = "loopback"``: MISO returns each MOSI byte, like
a wire from MOSI to MISO. Every MOSI byte is kept in ``received``.

Wire ``dev:sck``, ``dev:mosi``, ``dev:miso`` to the firmware's SPI pins and ``dev:cs`` to
the GPIO the firmware drives as chip select (active low). Without a ``cs`` wire the device
is always selected and each SPI call is one transaction.
"""

from __future__ import annotations

from ...errors import ScenarioError
from .base import Param, register
from .bus import table
from .i2c_device import I2cDevice


@register("spi_device")
class SpiDevice(I2cDevice):
    pins = ("sck", "mosi", "miso", "cs")
    outputs = ()   # MISO is shared and multiplexed by CS; spec/check.py must not flag it
    params = {k: v for k, v in I2cDevice.params.items() if k not in ("address", "reg_bits")}
    params.update({
        "mode": Param("str", "registers", "registers | loopback"),
        "read_bit": Param("int", 0x80, "command bit that selects a read"),
        "addr_mask": Param("int", 0x7F, "command bits that hold the register"),
        "status": Param("int", 0, "byte returned while the command is clocked in"),
    })

    @classmethod
    def parse_param(cls, key, raw):
        if key == "mode":
            value = super(I2cDevice, cls).parse_param(key, raw)
            if value not in ("registers", "loopback"):
                raise ScenarioError(f"spi_device.mode must be registers or loopback, got {value!r}")
            return value
        if key in ("read_bit", "addr_mask", "status"):
            value = super(I2cDevice, cls).parse_param(key, raw)
            if not 0 <= value <= 0xFF:
                raise ScenarioError(f"spi_device.{key} must be a byte value 0..255, got {value}")
            return value
        return super().parse_param(key, raw)

    def begin(self) -> None:
        self.address = 0
        self.reg_bits = 8
        super_table = table(self.gpio).i2c
        before = len(super_table)
        super().begin()
        del super_table[before:]      # the register map only; not an I2C target
        self.received = bytearray()
        self.transactions = 0
        self._cs = self.gpio_of("cs")
        self._phase = "cmd"
        if self._cs is not None:
            self.watch("cs", self._cs_edge)
        sck = self.gpio_of("sck")
        if sck is not None:
            table(self.gpio).spi.append((sck, self.gpio_of("mosi"), self.gpio_of("miso"), self))

    def _cs_edge(self, level: int) -> None:
        if level == 0:
            self._phase = "cmd"
            self.transactions += 1

    # -- the SPI device protocol (hw/parts/bus.py) -----------------------------------------
    def spi_selected(self) -> bool:
        return self._cs is None or self.gpio.pin(self._cs).level == 0

    def spi_exchange(self, byte: int, t_ns: int) -> int:
        self.received.append(byte)
        if self.mode == "loopback":
            return byte
        if self._phase == "cmd":
            self._read = bool(byte & self.read_bit)
            self.cursor = ((byte & self.addr_mask) % self.size) * self.reg_width
            if self._read:
                self._latch(t_ns)
            self._phase = "data"
            return self.status
        if self._read:
            return self.i2c_read(t_ns)
        i = self.cursor
        if i not in self._readonly:
            self.mem[i] = byte
            self.written[i] = byte
        self._advance()
        return 0

    def spi_call_end(self, t_ns: int) -> None:
        if self._cs is None:
            self._phase = "cmd"
            self.transactions += 1

    def summary(self) -> dict:
        out = super().summary()
        del out["address"], out["reads"], out["writes"], out["nacks"]
        out.update(transactions=self.transactions, received=self.received[:256].hex())
        return out
