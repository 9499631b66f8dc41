"""``ws2812``: a strip of WS2812/WS2812B ("NeoPixel") LEDs decoding its data line.

Each bit is a high pulse: short = 0, long = 1, told apart at ``threshold`` (600 ns, between
the datasheet's T0H 0.4 us and T1H 0.8 us, +/-150 ns each; WS2812B datasheet). Pulses
outside both tolerance windows count as ``timing_errors``. The first LED keeps the first
24 bits (32 for ``order = "GRBW"``) and passes the rest on, and so on down the strip; the
colours latch when the line stays low for ``reset`` (50 us in the WS2812B datasheet; newer
parts need 280 us). Colours are recorded per frame; ``leds`` is the latched state.
"""

from __future__ import annotations

from ...errors import ScenarioError
from .base import Param, Part, register

T0H_NS, T1H_NS, TOL_NS = 400, 800, 150


@register("ws2812")
class Ws2812(Part):
    pins = ("din",)
    outputs = ()
    params = {
        "count": Param("int", 8, "number of LEDs"),
        "order": Param("str", "GRB", "byte order on the wire: GRB, RGB, GRBW ..."),
        "reset": Param("duration", "50us", "low time that latches the colours"),
        "threshold": Param("duration", "600ns", "high time separating a 0 from a 1"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "order" and (sorted(value) not in (sorted("RGB"), sorted("RGBW"))):
            raise ScenarioError(f"ws2812.order must be a permutation of RGB or RGBW, got {value!r}")
        if key == "count" and not 1 <= value <= 4096:
            raise ScenarioError(f"ws2812.count must be 1..4096, got {value}")
        return value

    def begin(self) -> None:
        self.bpp = len(self.order)
        self.leds = [(0,) * self.bpp for _ in range(self.count)]
        self.frames: list[tuple[int, list[str]]] = []
        self.timing_errors = 0
        self._bits: list[int] = []
        self._rise = None
        self._gen = 0
        self.watch("din", self._edge)

    def _edge(self, level: int) -> None:
        t = self.now()
        self._gen += 1
        if level:
            self._rise = t
            return
        if self._rise is None:
            return
        high = t - self._rise
        self._rise = None
        if not (abs(high - T0H_NS) <= TOL_NS or abs(high - T1H_NS) <= TOL_NS):
            self.timing_errors += 1
        self._bits.append(1 if high >= self.threshold else 0)
        self.after(self.reset, self._maybe_latch, self._gen)

    def _maybe_latch(self, gen: int) -> None:
        if gen != self._gen or not self._bits:
            return
        bits, self._bits = self._bits, []
        nbytes = len(bits) // 8
        data = [int("".join(map(str, bits[i * 8:i * 8 + 8])), 2) for i in range(nbytes)]
        for i in range(min(self.count, nbytes // self.bpp)):
            chunk = data[i * self.bpp:(i + 1) * self.bpp]
            colour = dict(zip(self.order, chunk))
            self.leds[i] = tuple(colour[c] for c in "RGBW"[:self.bpp])
        self.frames.append((self.now(), self.colours()))

    def colours(self) -> list[str]:
        return ["#" + "".join(f"{v:02x}" for v in led) for led in self.leds]

    def summary(self) -> dict:
        return {"frames": len(self.frames), "leds": self.colours(), "timing_errors": self.timing_errors}
