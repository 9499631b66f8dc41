"""Analog sources for ``machine.ADC``: ``analog`` on an ADC pin, ``temp_sensor`` on channel 4.

``analog`` drives a voltage on the GPIO its ``out`` pin is wired to (GP26..GP29 = ADC0..3
on RP2040/RP2350A). ``volts`` is a number or a time signal (``hw/parts/signal.py``:
points, CSV file, expression of t, sine, plus gaussian ``noise`` in volts from the part's
seeded random stream). ``temp_sensor`` is the on-chip sensor (ADC channel 4): ``celsius``
as a signal, converted with the datasheet line V = 0.706 - (T - 27) * 0.001721 (RP2040
datasheet 4.9.5; RP2350 datasheet 12.4.6 gives the same typical figures).
"""

from __future__ import annotations

from ...errors import ScenarioError
from . import signal as sig
from .base import Param, Part, register
from .bus import table

TEMP_V27 = 0.706           # V at 27 degC
TEMP_SLOPE = -0.001721     # V per degC


class _Source(Part):
    _key = "volts"

    @classmethod
    def parse_param(cls, key, raw):
        if key == cls._key:
            sig.check(raw, f"{cls.type_name}.{key}")
            return raw
        return super().parse_param(key, raw)

    def _build(self):
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self._fn = sig.build(getattr(self, self._key), f"{self.id}.{self._key}", rng=rng,
                             base_dir=self.ctx.files_dir)
        self.samples = 0

    def changed(self) -> None:
        self._build()


@register("analog")
class Analog(_Source):
    pins = ("out",)
    outputs = ()   # an analog level, not a logic driver
    params = {"volts": Param("signal", 0.0, "volts: a number or a signal table (points, file, expr, sine, noise)")}

    def begin(self) -> None:
        self._build()
        num = self.gpio_of("out")
        if num is not None:
            table(self.gpio).analog[num] = self

    def analog_volts(self, t_ns: int) -> float:
        self.samples += 1
        return self._fn(t_ns)

    def summary(self) -> dict:
        return {"samples": self.samples}


@register("temp_sensor")
class TempSensor(_Source):
    _key = "celsius"
    pins = ()
    params = {"celsius": Param("signal", 27.0, "die temperature: a number or a signal table")}

    def begin(self) -> None:
        self._build()
        if "temp" in table(self.gpio).analog:
            raise ScenarioError(f"part '{self.id}': only one temp_sensor per board")
        table(self.gpio).analog["temp"] = self

    def analog_volts(self, t_ns: int) -> float:
        self.samples += 1
        return TEMP_V27 + (self._fn(t_ns) - 27.0) * TEMP_SLOPE

    def summary(self) -> dict:
        return {"samples": self.samples}
