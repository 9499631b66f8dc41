"""Push button with contact bounce.

Wired between the GPIO and ground (active-low, the usual case with ``Pin.PULL_UP``) or to
3V3 (active-high, with ``Pin.PULL_DOWN``). Pressed, it drives the net; released, it lets
go and the pull decides the level, so firmware that forgets its pull sees a floating pin.
Bounce: ``bounce_edges`` extra transitions spread over ``bounce`` after each press and
release; with ``bounce_random`` their count and spacing are drawn from the part's seeded
stream (typical tactile switches bounce 0.1-5 ms: Ganssle, "A Guide to Debouncing", 2004).
"""

from __future__ import annotations

from .base import Param, Part, register


@register("button")
class Button(Part):
    pins = ("pin",)
    params = {
        "active_low": Param("bool", True, "pressed connects the pin to ground"),
        "bounce": Param("duration", "0ns", "time over which the contacts bounce"),
        "bounce_edges": Param("int", 0, "extra transitions during a bounce (even keeps the final level)"),
        "bounce_random": Param("bool", False, "draw bounce count and spacing from the seeded stream"),
    }
    actions = ("press", "release", "click", "hold", "set")

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self.pressed = False
        self.presses = 0
        self.drive("pin", None)

    def _level(self, pressed: bool):
        if pressed:
            return 0 if self.active_low else 1
        return None  # open contact: the pull decides

    def _transition(self, pressed: bool) -> None:
        t0 = self.now()
        final = self._level(pressed)
        other = self._level(not pressed)
        if self.bounce and (self.bounce_edges or self.bounce_random):
            n = self.bounce_edges
            if self.bounce_random:
                n = 2 * self.rng.randint(1, max(1, self.bounce_edges // 2 or 3))
                times = sorted(self.rng.randint(1, self.bounce) for _ in range(n))
            else:
                step = self.bounce // (n + 1)
                times = [step * (i + 1) for i in range(n)]
            levels = [final if i % 2 == 0 else other for i in range(n)]
            self.drive("pin", final)
            for dt, level in zip(times, levels[1:] + [final]):
                self.at(t0 + dt, self.drive, "pin", level)
        else:
            self.drive("pin", final)

    def press(self, hold=None) -> None:
        """Timeline action: press (and release after ``hold`` when given)."""
        self.pressed = True
        self.presses += 1
        self._transition(True)
        if hold is not None:
            from ...units import parse_duration

            self.after(parse_duration(hold, "hold"), self.release)

    def release(self) -> None:
        self.pressed = False
        self._transition(False)

    def click(self, hold="50ms") -> None:
        self.press(hold=hold)

    def hold(self, hold="1s") -> None:
        self.press(hold=hold)

    def summary(self) -> dict:
        return {"presses": self.presses}
