"""Shared ground for concrete I2C chips built on ``i2c_device``: physical-value signals and a
register-write hook.

A concrete chip (``bme280``, ``mpu6050``, ``ds3231`` ...) is an :class:`I2cDevice` whose register
map, reset values and behaviour come from its datasheet instead of the scenario, so a
third-party driver finds and reads it without hand-written registers. The bus protocol stays
the one in ``i2c_device`` (pointer byte, auto-incrementing cursor, latched reads); a chip
adds ``on_write(reg, value, t_ns)`` (a register the firmware wrote, e.g. a mode change that
starts a conversion) and ``on_read_start(t_ns)`` (fill the data registers with the value of
the measurement visible at that time).

Physical values are signals (``hw/parts/signal.py``) that may also be written with their
unit, as a user reads them off a thermometer: ``"21.5C"``, ``"1013.25hPa"``, ``"45%"``,
``"1g"``, ``"90dps"``. The unit must be one the quantity accepts (a pressure in ``C`` is an
error with a hint), and converts to the part's base unit.
"""

from __future__ import annotations

import re

from ...errors import ScenarioError
from . import signal as sig
from .i2c_device import I2cDevice

# Base unit per quantity, and the unit spellings accepted for it with their scale to base.
QUANTITIES: dict[str, dict[str, float]] = {
    "temperature": {"C": 1.0, "degC": 1.0, "°C": 1.0},
    "pressure": {"Pa": 1.0, "hPa": 100.0, "kPa": 1000.0, "mbar": 100.0, "bar": 100000.0},
    "humidity": {"%": 1.0, "%RH": 1.0},
    "acceleration": {"g": 1.0, "mg": 0.001, "m/s2": 1 / 9.80665},
    "rate": {"dps": 1.0, "deg/s": 1.0},
    "voltage": {"V": 1.0, "mV": 0.001},
}
_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S+)\s*$")


def quantity(raw, what: str, kind: str):
    """A number, a number with a unit of ``kind`` (converted to the base unit), or a signal
    table (values in the base unit). Returns something ``signal.build`` accepts."""
    if isinstance(raw, str):
        units = QUANTITIES[kind]
        m = _NUMBER_UNIT.match(raw)
        if not m:
            raise ScenarioError(f"cannot read {what} {raw!r}",
                                hint=f"write a number with a unit ({', '.join(units)}) or a signal table")
        number, unit = m.groups()
        if unit not in units:
            raise ScenarioError(f"{what} {raw!r} has unit {unit!r}, expected one of {', '.join(units)}",
                                hint="or a bare number in " + next(iter(units)))
        return float(number) * units[unit]
    sig.check(raw, what)
    return raw


class RegisterChip(I2cDevice):
    """An ``i2c_device`` whose registers a subclass defines (the generic map params are fixed)."""

    # The generic part's map parameters, fixed per chip (subclasses override as needed).
    reg_bits = 8
    reg_width = 1
    auto_increment = True
    size = 256
    registers: dict = {}
    readonly: list = []
    who_am_i = None
    signals: list = []
    #: quantity kind per signal parameter, e.g. {"temperature": "temperature"}
    quantities: dict[str, str] = {}
    #: allowed 7-bit addresses (datasheet address pins)
    addresses: tuple[int, ...] = ()

    @classmethod
    def parse_param(cls, key, raw):
        if key in cls.quantities:
            return quantity(raw, f"{cls.type_name}.{key}", cls.quantities[key])
        value = super().parse_param(key, raw)
        if key == "address" and cls.addresses and value not in cls.addresses:
            raise ScenarioError(f"{cls.type_name}.address must be one of "
                                f"{', '.join(f'{a:#04x}' for a in cls.addresses)}, got {value:#04x}",
                                hint="the chip's address pins allow only these")
        return value

    def begin(self) -> None:
        if self.address is None and self.addresses:
            self.address = self.addresses[0]
        self.registers = self.reset_registers()
        super().begin()
        self._build_signals()

    def _build_signals(self) -> None:
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self.fn = {key: sig.build(getattr(self, key), f"{self.id}.{key}", rng=rng, base_dir=self.ctx.files_dir)
                   for key in self.quantities}

    def changed(self) -> None:
        self._build_signals()

    def reset_registers(self) -> dict[int, list[int]]:
        """Power-on register contents (datasheet memory map)."""
        return {}

    def reset(self) -> None:
        """A soft reset: every register back to its power-on value."""
        self.mem[:] = bytes(len(self.mem))
        for reg, data in self.reset_registers().items():
            for i, b in enumerate(data):
                self.mem[(reg + i) % len(self.mem)] = b

    def put(self, reg: int, data) -> None:
        for i, b in enumerate(data):
            self.mem[(reg + i) % len(self.mem)] = b & 0xFF

    # -- hooks on the generic protocol ------------------------------------------------------
    def i2c_write(self, byte: int, t_ns: int) -> bool:
        phase, reg = self._phase, self.cursor
        if phase == "data":
            self.before_write(reg, t_ns)
        ack = super().i2c_write(byte, t_ns)
        if phase == "data":
            self.on_write(reg, byte, t_ns)
        return ack

    def _latch(self, t_ns: int) -> None:
        self.on_read_start(t_ns)

    def before_write(self, reg: int, t_ns: int) -> None:
        """The firmware is about to write register ``reg`` (state under the old value)."""

    def on_write(self, reg: int, value: int, t_ns: int) -> None:
        """The firmware wrote ``value`` to register ``reg`` (already stored unless read-only)."""

    def on_read_start(self, t_ns: int) -> None:
        """A read transfer starts: make the data registers show what the chip has at ``t_ns``."""
