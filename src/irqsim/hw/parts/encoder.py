"""Quadrature rotary encoder (KY-040 style: mechanical, 20 detents/rev, optional push switch).

Two contacts, CLK (A) and DT (B), close to ground in a Gray sequence 90 degrees apart. The
KY-040 board has 10k pull-ups, so the lines are high at rest (``pullups = true``); a bare
encoder leaves them open and the firmware must enable ``Pin.PULL_UP`` (``pullups = false``).
- ``mode = "full"``: one full quadrature cycle (4 edges) per detent, rest at CLK=DT=1
  (KY-040, Bourns PEC11 with 24 detents/24 pulses: datasheet "detent at ... A and B open").
- ``mode = "half"``: half a cycle (2 edges) per detent, rest alternating 11 / 00.
- ``cw_leads``: which channel changes first when turning clockwise (libraries disagree,
  so both are offered; "clk" is the KY-040 convention: at CLK's falling edge DT is still high).
- Turning speed: ``speed`` detents per second (a frequency, or a period per detent), with
  ``accel`` detents/s^2 for a spin-up; the edges of a detent are evenly spaced in it.
- Contact bounce per edge: ``bounce_edges`` extra toggles of the switching channel within
  ``bounce`` after each transition (``bounce_random`` draws them from the seeded stream).
  Mechanical encoders bounce up to ~5 ms on each transition (Bourns PEC11R: "bounce 5 ms max
  at 15 RPM"); the bounce never runs past the next transition.
- The switch (``sw``) is a push button to ground, bounced by ``sw_bounce``.
"""

from __future__ import annotations

import math

from ...errors import ScenarioError
from ...units import parse_duration, parse_time_or_frequency
from .base import Param, Part, register

# (lead, lag) levels walking clockwise from the rest position (both high).
GRAY_CW = ((1, 1), (0, 1), (0, 0), (1, 0))


@register("encoder")
class Encoder(Part):
    pins = ("clk", "dt", "sw")
    params = {
        "mode": Param("str", "full", "full (4 edges per detent) | half (2 edges per detent)"),
        "cw_leads": Param("str", "clk", "channel that changes first clockwise: clk | dt"),
        "speed": Param("period", "20Hz", "detents per second (or time per detent)"),
        "accel": Param("float", 0.0, "detents/s^2 added to the speed while turning"),
        "pullups": Param("bool", True, "the board has pull-ups (KY-040); false = open contacts"),
        "bounce": Param("duration", "0ns", "time over which a contact bounces after each transition"),
        "bounce_edges": Param("int", 0, "extra toggles per transition (even keeps the final level)"),
        "bounce_random": Param("bool", False, "draw bounce count and times from the seeded stream"),
        "sw_bounce": Param("duration", "0ns", "push-switch bounce time"),
    }
    actions = ("turn", "press", "release", "click", "set")

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "mode" and value not in ("full", "half"):
            raise ScenarioError(f"encoder.mode must be full or half, got {value!r}")
        if key == "cw_leads" and value not in ("clk", "dt"):
            raise ScenarioError(f"encoder.cw_leads must be clk or dt, got {value!r}")
        if key == "bounce_edges" and value < 0:
            raise ScenarioError("encoder.bounce_edges must be >= 0")
        return value

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self.phase = 0           # position in GRAY_CW, counts transitions (signed)
        self.detents = 0         # net detents turned (+ clockwise)
        self.transitions = 0
        self.presses = 0
        self._busy_until = 0
        self._emit(self.phase)
        self._drive_sw(False)

    # -- levels ---------------------------------------------------------------------------
    def _levels(self, phase: int) -> dict[str, int]:
        lead, lag = GRAY_CW[phase % 4]
        return {"clk": lead, "dt": lag} if self.cw_leads == "clk" else {"clk": lag, "dt": lead}

    def _drive_level(self, pin: str, level: int) -> None:
        self.drive(pin, 0 if level == 0 else (1 if self.pullups else None))

    def _emit(self, phase: int) -> None:
        for pin, level in self._levels(phase).items():
            self._drive_level(pin, level)

    # -- turning --------------------------------------------------------------------------
    def detent_times(self, n: int, t0: int, speed_ns: int | None = None, accel: float | None = None) -> list[int]:
        """Start time of each of ``n`` detents and the end of the last (n + 1 values)."""
        period = self.speed if speed_ns is None else speed_ns
        a = self.accel if accel is None else accel
        v0 = 1e9 / period   # detents per second
        out = []
        for i in range(n + 1):
            if a:
                # i = v0 t + a t^2 / 2  ->  t = (-v0 + sqrt(v0^2 + 2 a i)) / a
                disc = v0 * v0 + 2 * a * i
                if disc < 0:
                    raise ScenarioError("encoder deceleration stops the knob before the turn ends")
                t = (-v0 + math.sqrt(disc)) / a
            else:
                t = i / v0
            out.append(t0 + round(t * 1e9))
        return out

    def turn(self, detents=1, speed=None, accel=None) -> None:
        """Timeline action: turn ``detents`` (negative = counter-clockwise) from now."""
        if isinstance(detents, bool) or not isinstance(detents, int):
            raise ScenarioError(f"encoder turn: detents must be a whole number, got {detents!r}")
        speed_ns = parse_time_or_frequency(speed, "speed") if speed is not None else None
        step = 1 if detents > 0 else -1
        per_detent = 4 if self.mode == "full" else 2
        t0 = max(self.now(), self._busy_until)
        times = self.detent_times(abs(detents), t0, speed_ns, accel)
        for d in range(abs(detents)):
            start, end = times[d], times[d + 1]
            span = end - start
            edge_ts = [start + span * k // per_detent for k in range(per_detent)]
            for k, t in enumerate(edge_ts):
                nxt = edge_ts[k + 1] if k + 1 < per_detent else end
                self.at(t, self._step, step, nxt - t)
            self.at(end, self._detent_done, step)
        self._busy_until = times[-1]

    def _step(self, step: int, room_ns: int) -> None:
        before = self._levels(self.phase)
        self.phase += step
        after = self._levels(self.phase)
        self.transitions += 1
        for pin in ("clk", "dt"):
            if before[pin] != after[pin]:
                self._drive_level(pin, after[pin])
                self._bounce(pin, after[pin], room_ns, self.bounce, self.bounce_edges, self.bounce_random)

    def _detent_done(self, step: int) -> None:
        self.detents += step

    def _bounce(self, pin, final, room_ns, bounce, edges, random) -> None:
        """Extra toggles after a transition, ending on ``final`` before the next transition."""
        if not bounce or not (edges or random):
            return
        window = min(bounce, max(0, room_ns - 1))
        if window < 2:
            return
        n = edges
        if random:
            n = 2 * self.rng.randint(1, max(1, edges // 2 or 3))
            times = sorted(self.rng.randint(1, window) for _ in range(n))
        else:
            step = window // (n + 1)
            times = [step * (i + 1) for i in range(n)]
        t0 = self.now()
        level = final
        for dt in times:
            level = 1 - level
            self.at(t0 + dt, self._drive_level, pin, level)
        if level != final:
            self.at(t0 + window, self._drive_level, pin, final)

    # -- the push switch ------------------------------------------------------------------
    def _drive_sw(self, pressed: bool) -> None:
        self.drive("sw", 0 if pressed else (1 if self.pullups else None))

    def press(self, hold=None) -> None:
        self.presses += 1
        self._drive_sw(True)
        self._bounce_sw(True)
        if hold is not None:
            self.after(parse_duration(hold, "hold"), self.release)

    def release(self) -> None:
        self._drive_sw(False)
        self._bounce_sw(False)

    def _bounce_sw(self, pressed: bool) -> None:
        if not self.sw_bounce:
            return
        t0 = self.now()
        n = 2 * self.rng.randint(1, 3)
        for i, dt in enumerate(sorted(self.rng.randint(1, self.sw_bounce) for _ in range(n))):
            self.at(t0 + dt, self._drive_sw, pressed if i % 2 else not pressed)

    def click(self, hold="50ms") -> None:
        self.press(hold=hold)

    def summary(self) -> dict:
        return {"detents": self.detents, "transitions": self.transitions, "presses": self.presses}
