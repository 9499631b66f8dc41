"""``aht20``: the Aosong (ASAIR) AHT20 temperature and humidity sensor on I2C, as its drivers
expect it.

Protocol (AHT20 datasheet V1.0, section 7.4 "Sensor reading process" and 5.4 "Commands"):
address 0x38; no register map, commands instead. 0xBE 0x08 0x00 initializes (sets the CAL
bit), 0xAC 0x33 0x00 triggers a measurement that takes 80 ms, 0xBA is a soft reset (20 ms),
0x71 asks for the status word. Any read returns the status byte first (bit 7 busy, bit 3
CAL enabled), then 20 bits of humidity and 20 bits of temperature (byte 3 holds the
humidity's low nibble above the temperature's high nibble) and a CRC-8 byte
(polynomial x^8 + x^5 + x^4 + 1 = 0x31, initial 0xFF, over the six bytes before it); reads
past the CRC return 0xFF.

Conversion (7.5): RH = S_RH / 2^20 * 100 %, T = S_T / 2^20 * 200 - 50 degC, so the codes are
the inverse, rounded and clipped to 20 bits. Values come from ``temperature`` and
``humidity`` (signals or "21.5C", "45%") sampled at the end of each measurement. A read
while busy returns the status with bit 7 set and the previous measurement, as on the bench.
Not modelled: the 40 ms power-on delay (the chip answers at once), self-heating, drift.
"""

from __future__ import annotations

from . import signal as sig
from .base import Param, Part, register
from .bus import table
from .chip import quantity

MEASURE_NS = 80_000_000     # 7.4 step 3: "wait 80ms for the measurement to be completed"
RESET_NS = 20_000_000       # 5.5: soft reset takes less than 20 ms
BUSY, CAL = 0x80, 0x08
FULL = 1 << 20


def crc8(data: bytes) -> int:
    """CRC-8/NRSC-5 as the datasheet gives it: poly 0x31, init 0xFF, no reflection."""
    crc = 0xFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def codes(temp_c: float, rh_pct: float) -> tuple[int, int]:
    """(S_RH, S_T): the inverse of the datasheet conversion, 20-bit, clipped."""
    s_rh = min(max(round(rh_pct / 100.0 * FULL), 0), FULL - 1)
    s_t = min(max(round((temp_c + 50.0) / 200.0 * FULL), 0), FULL - 1)
    return s_rh, s_t


@register("aht20")
class Aht20(Part):
    pins = ("scl", "sda")
    outputs = ()              # SDA is shared with other I2C targets
    quantities = {"temperature": "temperature", "humidity": "humidity"}
    params = {
        "address": Param("int", 0x38, "7-bit address: 0x38 (fixed)"),
        "temperature": Param("signal", 25.0, 'degC: "21.5C", a number or a signal table'),
        "humidity": Param("signal", 50.0, '%RH: "45%", a number or a signal table'),
        "calibrated": Param("bool", True, "the CAL bit at power-on (false: the driver must send 0xBE)"),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        if key in cls.quantities:
            return quantity(raw, f"{cls.type_name}.{key}", cls.quantities[key])
        value = super().parse_param(key, raw)
        if key == "address" and value != 0x38:
            from ...errors import ScenarioError

            raise ScenarioError(f"aht20.address must be 0x38, got {value:#04x}", hint="the AHT20 has no address pin")
        return value

    def begin(self) -> None:
        self._build()
        self.status = CAL if self.calibrated else 0
        self.busy_until = 0
        self.data = bytes(5)          # S_RH and S_T packed as the read returns them
        self.cmd: list[int] = []
        self.out = b""
        self.pos = 0
        self.measurements = self.crc_reads = self.reads = self.writes = self.nacks = 0
        scl, sda = self.gpio_of("scl"), self.gpio_of("sda")
        if scl is not None and sda is not None:
            table(self.gpio).i2c.append((scl, sda, self))

    def _build(self) -> None:
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self.fn = {key: sig.build(getattr(self, key), f"{self.id}.{key}", rng=rng, base_dir=self.ctx.files_dir)
                   for key in self.quantities}

    def changed(self) -> None:
        self._build()

    # -- the I2C target protocol (hw/parts/bus.py) ----------------------------------------------
    def i2c_start(self, read: bool, t_ns: int) -> bool:
        if not self.present:
            self.nacks += 1
            return False
        self.cmd = []
        if read:
            self.reads += 1
            status = self.status | (BUSY if t_ns < self.busy_until else 0)
            head = bytes([status]) + self.data
            self.out = head + bytes([crc8(head)])
            self.pos = 0
        else:
            self.writes += 1
        return True

    def i2c_write(self, byte: int, t_ns: int) -> bool:
        self.cmd.append(byte)
        return True

    def i2c_read(self, t_ns: int) -> int:
        if self.pos >= len(self.out):
            return 0xFF
        if self.pos == 6:
            self.crc_reads += 1
        value = self.out[self.pos]
        self.pos += 1
        return value

    def i2c_stop(self, t_ns: int) -> None:
        cmd, self.cmd = self.cmd, []
        if not cmd:
            return
        if cmd[0] == 0xAC and t_ns >= self.busy_until:      # trigger (ignored while busy)
            self.busy_until = t_ns + MEASURE_NS
            self.at(self.busy_until, self._measured)
        elif cmd[0] == 0xBE:
            self.status |= CAL
        elif cmd[0] == 0xBA:                                  # soft reset
            self.status = CAL if self.calibrated else 0
            self.busy_until = t_ns + RESET_NS

    def _measured(self) -> None:
        t = self.now()
        self.measurements += 1
        s_rh, s_t = codes(self.fn["temperature"](t), self.fn["humidity"](t))
        self.data = bytes([s_rh >> 12, (s_rh >> 4) & 0xFF, ((s_rh & 0x0F) << 4) | (s_t >> 16),
                           (s_t >> 8) & 0xFF, s_t & 0xFF])

    def summary(self) -> dict:
        return {"address": f"{self.address:#04x}", "measurements": self.measurements, "reads": self.reads,
                "writes": self.writes, "nacks": self.nacks, "calibrated": bool(self.status & CAL)}
