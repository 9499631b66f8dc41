"""HC-SR04 ultrasonic ranger.

Datasheet timing (Elec Freaks HC-SR04 user guide): a TRIG pulse of at least 10 us starts a
measurement; the module sends an 8-cycle 40 kHz burst and raises ECHO for the round-trip
time, 58 us per cm of distance (``us/58 = cm``). Out of range (beyond ``max_range``) ECHO
stays high for ~38 ms. ``echo_delay`` is the time from TRIG's falling edge to ECHO rising
(burst plus processing, typically 0.4-0.5 ms on common modules). ``noise`` adds a seeded,
uniform +/- error to each distance.

Distance profile: ``distance`` alone is constant; ``steps = [["0ms", "30cm"], ["100ms",
"80cm"]]`` changes it at those times; ``ramp = { from = "20cm", to = "2m", over = "1s",
at = "100ms" }`` moves it linearly (``from`` before ``at``, ``to`` after ``at + over``). Profile
times count from when the profile was given: 0 for the scenario's part, the stimulus time
for a ``set``. The distance is sampled when the burst leaves (TRIG's falling edge).
"""

from __future__ import annotations

from ...errors import ScenarioError
from ...units import parse_distance_um, parse_duration
from .base import Param, Part, register


class _Steps(Param):
    """``[[time, distance], ...]`` -> [(t_ns, um)] in time order."""

    def parse(self, value, what):
        if not isinstance(value, list) or not value:
            raise ScenarioError(f"{what} must be a list of [time, distance] pairs",
                                hint='steps = [["0ms", "30cm"], ["100ms", "80cm"]]')
        out = []
        for item in value:
            if not (isinstance(item, list) and len(item) == 2):
                raise ScenarioError(f"{what}: each step is a [time, distance] pair, got {item!r}")
            out.append((parse_duration(item[0], f"{what} time"), parse_distance_um(item[1], f"{what} distance")))
        if [t for t, _ in out] != sorted(t for t, _ in out):
            raise ScenarioError(f"{what}: steps must be in time order")
        return out


class _Ramp(Param):
    """``{from, to, over, at}`` -> (at_ns, from_um, to_um, over_ns)."""

    KEYS = ("from", "to", "over", "at")

    def parse(self, value, what):
        if not isinstance(value, dict) or not {"from", "to", "over"} <= value.keys():
            raise ScenarioError(f"{what} must be a table with from, to and over",
                                hint='ramp = { from = "20cm", to = "2m", over = "1s" }')
        extra = [k for k in value if k not in self.KEYS]
        if extra:
            raise ScenarioError(f"{what} has no key '{extra[0]}'", hint=f"keys: {', '.join(self.KEYS)}")
        over = parse_duration(value["over"], f"{what}.over")
        if over == 0:
            raise ScenarioError(f"{what}.over must be longer than 0", hint="use distance or steps for a jump")
        return (parse_duration(value.get("at", "0s"), f"{what}.at"), parse_distance_um(value["from"], f"{what}.from"),
                parse_distance_um(value["to"], f"{what}.to"), over)


@register("hcsr04")
class HcSr04(Part):
    pins = ("trig", "echo")
    params = {
        "distance": Param("distance", "100cm", "distance to the obstacle"),
        "us_per_cm": Param("float", 58.0, "echo length per cm (datasheet: 58)"),
        "echo_delay": Param("duration", "450us", "TRIG falling edge to ECHO rising edge"),
        "min_trigger": Param("duration", "10us", "shortest TRIG pulse the module accepts"),
        "max_range": Param("distance", "400cm", "beyond this there is no valid echo"),
        "timeout_echo": Param("duration", "38ms", "ECHO length when nothing is in range"),
        "noise": Param("distance", "0cm", "uniform random error, +/-"),
        "steps": _Steps("list", None, "distance changes: [[time, distance], ...]"),
        "ramp": _Ramp("table", None, "linear ramp: { from, to, over, at }"),
    }

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self._trig_rise = None
        self._busy_until = 0
        self.measurements = 0
        self.readings: list[tuple[int, int, int]] = []   # (t_ns, distance_um, echo_ns)
        self._profile_t0 = 0
        self.drive("echo", 0)
        self.watch("trig", self._on_trig)

    def _on_trig(self, level: int) -> None:
        t = self.now()
        if level:
            self._trig_rise = t
            return
        if self._trig_rise is None:
            return
        width = t - self._trig_rise
        self._trig_rise = None
        if width < self.min_trigger or t < self._busy_until:
            return
        distance = self.distance_at(t)
        if self.noise:
            distance = max(0, distance + self.rng.randint(-self.noise, self.noise))
        if distance > self.max_range:
            echo_ns = self.timeout_echo
        else:
            echo_ns = round(distance * self.us_per_cm / 10)  # um * (us/cm) / 10_000 um/cm * 1000 ns/us
        rise = t + self.echo_delay
        self._busy_until = rise + echo_ns
        self.measurements += 1
        self.readings.append((t, distance, echo_ns))
        self.at(rise, self.drive, "echo", 1)
        self.at(rise + echo_ns, self.drive, "echo", 0)

    def distance_at(self, t_ns: int) -> int:
        """The profile's distance (um, before noise) at ``t_ns``."""
        rel = t_ns - self._profile_t0
        if self.ramp is not None:
            at, start, end, over = self.ramp
            if rel <= at:
                return start
            if rel >= at + over:
                return end
            return start + (end - start) * (rel - at) // over
        distance = self.distance
        for t, d in self.steps or ():
            if t > rel:
                break
            distance = d
        return distance

    def set(self, **attrs) -> None:
        """A new ``distance`` alone replaces the profile; ``steps`` or ``ramp`` start now."""
        profile = {"steps", "ramp"} & attrs.keys()
        super().set(**attrs)
        if profile:
            self._profile_t0 = self.now()
            if profile == {"steps"}:
                self.ramp = None
            elif profile == {"ramp"}:
                self.steps = None
        elif "distance" in attrs:
            self.steps = self.ramp = None

    def summary(self) -> dict:
        return {"measurements": self.measurements}
