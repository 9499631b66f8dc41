"""Where bus and analog parts meet the firmware's peripherals: a per-board attachment table.

Parts attach themselves in ``begin()`` to the GPIO nets they are wired to (an I2C target on
its SCL/SDA nets, an SPI device on SCK/MOSI/MISO with an optional CS, an analog source on an
ADC pin); the shim's ``machine.I2C``/``SPI``/``ADC`` look devices up by the nets their own
pins use. So a device answers only when the scenario wires it to the pins the firmware
configured, as on a bench. The table hangs off the board's ``Gpio`` object (weakly), so
nothing leaks between runs and the hardware layer needs no import of the shim.

Protocols (duck-typed; ``t_ns`` is the time the byte or bit is on the wire):

- I2C target: ``address`` (7-bit); ``i2c_start(read, t_ns) -> bool`` (ACK of the address
  byte), ``i2c_write(byte, t_ns) -> bool`` (ACK), ``i2c_read(t_ns) -> int``,
  ``i2c_stop(t_ns)`` (a repeated START is just another ``i2c_start``).
- SPI device: ``spi_selected() -> bool`` (its CS net is low, or it has none),
  ``spi_exchange(byte, t_ns) -> int | None`` (None: it does not drive MISO).
- analog source: ``analog_volts(t_ns) -> float``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class BusTable:
    i2c: list[tuple[int, int, object]] = field(default_factory=list)      # (scl, sda, target)
    spi: list[tuple[int, int | None, int | None, object]] = field(default_factory=list)  # (sck, mosi, miso, dev)
    analog: dict[int, object] = field(default_factory=dict)                # gpio or "temp" -> source
    transactions: list = field(default_factory=list)


def table(gpio) -> BusTable:
    t = _TABLES.get(gpio)
    if t is None:
        t = _TABLES[gpio] = BusTable()
    return t


def i2c_targets(gpio, scl: int, sda: int) -> dict[int, object]:
    """Targets on the nets (scl, sda) by 7-bit address; the first present one wins a clash (an
    unplugged ``present = false`` target must not hide a plugged one at its address)."""
    out: dict[int, object] = {}
    for t_scl, t_sda, target in table(gpio).i2c:
        if t_scl == scl and t_sda == sda:
            held = out.get(target.address)
            if held is None or not getattr(held, "present", True):
                out[target.address] = target
    return out


def i2c_clashes(gpio) -> list[tuple[int, int, int, list]]:
    """(scl, sda, address, targets) for every address two present targets answer on one bus.

    On a real bus both chips ACK and drive SDA together (a DS3231 and an MPU6050 at 0x68 is the
    classic case), so the reads are garbage; ``i2c_targets`` would silently pick the first."""
    seen: dict[tuple[int, int, int], list] = {}
    for scl, sda, target in table(gpio).i2c:
        if getattr(target, "present", True):
            seen.setdefault((scl, sda, target.address), []).append(target)
    return [(*key, targets) for key, targets in seen.items() if len(targets) > 1]


def spi_devices(gpio, sck: int) -> list[tuple[int | None, int | None, object]]:
    return [(mosi, miso, dev) for d_sck, mosi, miso, dev in table(gpio).spi if d_sck == sck]
