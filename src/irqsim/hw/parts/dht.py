"""``dht22`` / ``dht11``: humidity and temperature sensors answering on one open-drain line.

The module's pull-up (4.7-10 kOhm on the breakout) holds the line high (the part drives 1
when released: the firmware's low output wins over it, as over a resistor); the part
pulls it low. Protocol (Aosong AM2302/DHT22 and DHT11 datasheets, typical values):

- the host holds the line low for at least ``start_min`` (DHT22 Tbe 0.8 ms; DHT11 18 ms)
  and releases it; the sensor waits Tgo 30 us (20-200 us), pulls low 80 us (Trel), releases
  80 us (Treh);
- 40 bits, MSB first: 50 us low (TLOW), then high 26 us for a 0 or 70 us for a 1;
- a final 50 us low (Ten), then the line is released.

Data: DHT22 sends humidity and temperature x10 as 16-bit words (temperature sign in bit 15);
DHT11 sends whole %RH and degC in bytes 0 and 2 (tenths of a degree in byte 3). Byte 4 is
the low byte of the sum of bytes 0-3. ``humidity``/``temperature`` are signals
(hw/parts/signal.py) sampled when the host's start pulse ends; the sensor measures at most
once per ``min_interval`` (DHT22 2 s, DHT11 1 s: a read sooner sends the previous values).
``warmup``: no answer before that time (datasheets: 1 s after power-up; default 0 because
the board boots before main.py runs). ``fault``: "none", "no_response" or "checksum"
(the last one corrupts byte 4), for exercising the firmware's error paths.
"""

from __future__ import annotations

from ...errors import ScenarioError
from . import signal as sig
from .base import Param, Part, register

TGO_NS = 30_000
TREL_NS = 80_000
TREH_NS = 80_000
TLOW_NS = 50_000
TH0_NS = 26_000
TH1_NS = 70_000
TEN_NS = 50_000
FAULTS = ("none", "no_response", "checksum")


class _Dht(Part):
    pins = ("data",)
    outputs = ("data",)
    actions = ("set",)
    _start_min = "800us"
    _interval = "2s"

    @classmethod
    def params_for(cls, start_min: str, interval: str) -> dict:
        return {
            "humidity": Param("signal", 50.0, "%RH: a number or a signal table (points, file, expr, sine, noise)"),
            "temperature": Param("signal", 25.0, "degC: a number or a signal table"),
            "start_min": Param("duration", start_min, "shortest host start pulse the sensor answers"),
            "min_interval": Param("duration", interval, "a read sooner than this after the last one "
                                  "returns the previous measurement"),
            "warmup": Param("duration", "0s", "no answer before this time"),
            "fault": Param("str", "none", "none | no_response | checksum"),
        }

    @classmethod
    def parse_param(cls, key, raw):
        if key in ("humidity", "temperature"):
            sig.check(raw, f"{cls.type_name}.{key}")
            return raw
        value = super().parse_param(key, raw)
        if key == "fault" and value not in FAULTS:
            raise ScenarioError(f"{cls.type_name}.fault must be one of {', '.join(FAULTS)}, got {value!r}")
        return value

    def begin(self) -> None:
        self._build()
        self.reads = 0
        self.answered = 0
        self.ignored = 0
        self.last = None                # (t_ns, bytes) of the last measurement
        self._fall_t = None
        self._busy = False
        self.drive("data", 1)           # the breakout's pull-up
        self.watch("data", self._edge)

    def _build(self) -> None:
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self._rh = sig.build(self.humidity, f"{self.id}.humidity", rng=rng, base_dir=self.ctx.files_dir)
        self._temp = sig.build(self.temperature, f"{self.id}.temperature", rng=rng, base_dir=self.ctx.files_dir)

    def changed(self) -> None:
        self._build()

    # -- the line ---------------------------------------------------------------------------
    def _edge(self, level: int) -> None:
        if self._busy:
            return                       # our own answer on the line
        t = self.now()
        if not level:
            self._fall_t = t
            return
        if self._fall_t is None:
            return
        low_ns = t - self._fall_t
        self._fall_t = None
        if low_ns < self.start_min:
            return
        self.reads += 1
        if t < self.warmup or self.fault == "no_response":
            self.ignored += 1
            return
        self._answer(t)

    def _answer(self, t: int) -> None:
        if self.last is None or t - self.last[0] >= self.min_interval:
            self.last = (t, self.encode(self._rh(t), self._temp(t)))
        data = bytearray(self.last[1])
        if self.fault == "checksum":
            data[4] ^= 0x01
        self.answered += 1
        self._busy = True
        # (time, level) steps of the answer: 0 = pull down, 1 = release to the pull-up
        at = t + TGO_NS
        steps = [(at, 0)]
        at += TREL_NS
        steps.append((at, 1))
        at += TREH_NS
        for byte in data:
            for bit in range(7, -1, -1):
                steps.append((at, 0))
                at += TLOW_NS
                steps.append((at, 1))
                at += TH1_NS if (byte >> bit) & 1 else TH0_NS
        steps.append((at, 0))
        at += TEN_NS
        steps.append((at, 1))
        for when, level in steps:
            self.at(when, self.drive, "data", level)
        self.at(at, self._done)

    def _done(self) -> None:
        self._busy = False

    def encode(self, rh: float, temp_c: float) -> bytes:
        raise NotImplementedError

    def summary(self) -> dict:
        out = {"reads": self.reads, "answered": self.answered, "ignored": self.ignored}
        if self.last is not None:
            out["last"] = self.last[1].hex()
        return out


def _checksum(four: list[int]) -> bytes:
    return bytes(four + [sum(four) & 0xFF])


@register("dht22")
class Dht22(_Dht):
    """AM2302/DHT22: -40..80 degC and 0..100 %RH in tenths."""

    params = _Dht.params_for("800us", "2s")

    def encode(self, rh: float, temp_c: float) -> bytes:
        h = min(max(round(rh * 10), 0), 1000)
        t = min(max(round(temp_c * 10), -400), 800)
        word = abs(t) | (0x8000 if t < 0 else 0)
        return _checksum([h >> 8, h & 0xFF, word >> 8, word & 0xFF])


@register("dht11")
class Dht11(_Dht):
    """DHT11: 0..50 degC and 20..90 %RH in whole units (tenths of a degree in byte 3)."""

    params = _Dht.params_for("18ms", "1s")

    def encode(self, rh: float, temp_c: float) -> bytes:
        h = min(max(round(rh), 20), 90)
        t = min(max(temp_c, 0.0), 50.0)
        whole = int(t)
        tenths = min(round((t - whole) * 10), 9)
        return _checksum([h, 0, whole, tenths])
