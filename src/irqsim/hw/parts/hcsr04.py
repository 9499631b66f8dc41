"""HC-SR04 ultrasonic ranger.

Datasheet timing (Elec Freaks HC-SR04 user guide): a TRIG pulse of at least 10 us starts a
measurement; the module sends an 8-cycle 40 kHz burst and raises ECHO for the round-trip
time, 58 us per cm of distance (``us/58 = cm``). Out of range (beyond ``max_range``) ECHO
stays high for ~38 ms. ``echo_delay`` is the time from TRIG's falling edge to ECHO rising
(burst plus processing, typically 0.4-0.5 ms on common modules). ``noise`` adds a seeded,
uniform +/- error to each distance.
"""

from __future__ import annotations

from .base import Param, Part, register


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
    }

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self._trig_rise = None
        self._busy_until = 0
        self.measurements = 0
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
        distance = self.distance
        if self.noise:
            distance = max(0, distance + self.rng.randint(-self.noise, self.noise))
        if distance > self.max_range:
            echo_ns = self.timeout_echo
        else:
            echo_ns = round(distance * self.us_per_cm / 10)  # um * (us/cm) / 10_000 um/cm * 1000 ns/us
        rise = t + self.echo_delay
        self._busy_until = rise + echo_ns
        self.measurements += 1
        self.at(rise, self.drive, "echo", 1)
        self.at(rise + echo_ns, self.drive, "echo", 0)

    def summary(self) -> dict:
        return {"measurements": self.measurements}
