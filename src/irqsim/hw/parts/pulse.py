"""Pulse train / square wave / PWM source: frequency, duty, phase, burst count, seeded jitter.

An ideal push-pull source (a function generator or an encoder channel). ``count`` pulses
are produced from ``start`` (all of them when 0); ``jitter`` displaces each edge by a
uniform random amount up to +/- jitter, drawn from the part's own seeded stream.
"""

from __future__ import annotations

from .base import Param, Part, register


@register("pulse")
class PulseTrain(Part):
    pins = ("out",)
    params = {
        "freq": Param("period", "1kHz", "pulse rate (a frequency, or a period as a duration)"),
        "duty": Param("fraction", 0.5, "high fraction of each period"),
        "start": Param("duration", "0s", "time of the first rising edge (phase)"),
        "stop": Param("duration", None, "no edges after this time"),
        "count": Param("int", 0, "number of pulses; 0 = unlimited"),
        "jitter": Param("duration", "0ns", "uniform random edge displacement, +/-"),
        "idle": Param("level", 0, "level between bursts"),
    }
    actions = ("set", "burst")

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self.pulses = 0
        self._gen = 0
        self.drive("out", self.idle)
        self._plan(self.__dict__["start"])

    def _plan(self, t_first: int) -> None:
        self._gen += 1
        self._left = self.count if self.count else -1
        if self._left:
            self.at(t_first, self._rise, self._gen, t_first)

    def _edge_time(self, t: int) -> int:
        if self.jitter:
            t += self.rng.randint(-self.jitter, self.jitter)
        now = self.k.now_ns
        return t if t > now else now

    # The edge handlers run once per edge: they post their successors straight to the kernel
    # (no cancellable handle: a re-plan bumps _gen instead) and drive the GPIO directly.
    def _rise(self, gen: int, t_nominal: int) -> None:
        if gen != self._gen or (self.stop is not None and t_nominal >= self.stop):
            return
        num = self.ctx.wires.get("out")
        if num is not None:  # drive("out", level), with Gpio.drive() inlined for an input pin
            level = 1 - self.idle
            gpio = self.gpio
            p = gpio.pins[num]
            if p.is_output:
                gpio.drive(num, level, self.id)
            else:
                p.ext = level
                if level != p.level:
                    gpio._level(p, num, level, self.id)
        self.pulses += 1
        high = max(1, round(self.freq * self.duty))
        k = self.k
        jitter = self.jitter
        t = t_nominal + high            # _edge_time(), inlined
        if jitter:
            t += self.rng.randint(-jitter, jitter)
        if t < k.now_ns:
            t = k.now_ns
        k.post(t, self._fall, gen)
        if self._left > 0:
            self._left -= 1
        if self._left:
            t_next = t_nominal + self.freq
            t = t_next
            if jitter:
                t += self.rng.randint(-jitter, jitter)
            if t < k.now_ns:
                t = k.now_ns
            k.post(t, self._rise, gen, t_next)

    def _fall(self, gen: int) -> None:
        if gen != self._gen:
            return
        num = self.ctx.wires.get("out")
        if num is not None:  # as in _rise
            level = self.idle
            gpio = self.gpio
            p = gpio.pins[num]
            if p.is_output:
                gpio.drive(num, level, self.id)
            else:
                p.ext = level
                if level != p.level:
                    gpio._level(p, num, level, self.id)

    def changed(self) -> None:
        self._plan(self.now())

    def burst(self, count: int = 1) -> None:
        """Timeline action: emit ``count`` pulses from now."""
        self.count = int(count)
        self._plan(self.now())

    def summary(self) -> dict:
        return {"pulses": self.pulses}
