"""Output parts: an LED and a logic probe that record what the firmware drives.

Both only listen (they never drive the net), so they do not change what the firmware sees.
``history`` is the list of (t_ns, level) changes, starting with the level at time 0.
"""

from __future__ import annotations

from .base import Param, Part, register


class _Recorder(Part):
    pins = ("pin",)

    def begin(self) -> None:
        num = self.gpio_of("pin")
        level = self.gpio.pin(num).level if num is not None else 0
        self.history: list[tuple[int, int]] = [(0, level)]
        self.watch("pin", self._change)

    def _change(self, level: int) -> None:
        self.history.append((self.now(), level))

    # -- queries (used by tests and the pytest plugin) -------------------------------------
    def level_at(self, t_ns: int) -> int:
        level = self.history[0][1]
        for t, lv in self.history:
            if t > t_ns:
                break
            level = lv
        return level

    def edges(self, rising: bool | None = None) -> list[int]:
        out = []
        for (_, a), (t, b) in zip(self.history, self.history[1:], strict=False):
            if a != b and (rising is None or bool(b) == rising):
                out.append(t)
        return out

    def pulses(self, level: int = 1, end_ns: int | None = None) -> list[int]:
        """Widths (ns) of complete pulses at ``level``."""
        out, start = [], None
        for t, lv in self.history[1:]:
            if lv == level and start is None:
                start = t
            elif lv != level and start is not None:
                out.append(t - start)
                start = None
        return out

    def time_at(self, level: int, end_ns: int) -> int:
        """Total ns spent at ``level`` from 0 to ``end_ns``."""
        total = 0
        points = self.history + [(end_ns, None)]
        for (t, lv), (t2, _) in zip(points, points[1:], strict=False):
            if lv == level and t < end_ns:
                total += min(t2, end_ns) - t
        return total


@register("led")
class Led(_Recorder):
    """An LED to ground through a resistor (active-high), or from 3V3 (``active_low``)."""

    params = {"active_low": Param("bool", False, "the LED lights when the pin is low")}
    actions = ("set",)

    def lit(self, level: int) -> bool:
        return bool(level) != self.active_low

    def is_on(self) -> bool:
        return self.lit(self.history[-1][1])

    def summary(self) -> dict:
        turn_on = [t for t in self.edges(rising=not self.active_low)]
        return {"on": self.is_on(), "turned_on": len(turn_on) + (1 if self.lit(self.history[0][1]) else 0)}


@register("probe")
class LogicProbe(_Recorder):
    """A logic-analyser channel: records every level change of the net."""

    params = {"label": Param("str", "", "name shown in reports")}
    actions = ("set",)

    def summary(self) -> dict:
        return {"edges": len(self.edges()), "rising": len(self.edges(True)), "falling": len(self.edges(False)),
                "level": self.history[-1][1]}
