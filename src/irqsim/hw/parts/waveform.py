"""Waveform playback: drive a pin through a list of (time, level) points, optionally repeated."""

from __future__ import annotations

from ...errors import ScenarioError
from ...units import parse_duration
from .base import Param, Part, register


def parse_points(raw, what: str) -> list[tuple[int, int]]:
    if not isinstance(raw, list):
        raise ScenarioError(f"{what} must be a list of [time, level] pairs, e.g. [[\"0ms\", 1], [\"5ms\", 0]]")
    points = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 2):
            raise ScenarioError(f"{what}: each point is a [time, level] pair, got {item!r}")
        t = parse_duration(item[0], f"{what} time")
        if item[1] not in (0, 1):
            raise ScenarioError(f"{what}: level must be 0 or 1, got {item[1]!r}")
        points.append((t, int(item[1])))
    if points != sorted(points, key=lambda p: p[0]):
        raise ScenarioError(f"{what}: points must be in time order")
    return points


class _Points(Param):
    def parse(self, value, what):
        return parse_points(value, what)


@register("waveform")
class Waveform(Part):
    pins = ("out",)
    params = {
        "points": _Points("points", [], "list of [time, level] pairs"),
        "initial": Param("level", 0, "level before the first point"),
        "repeat": Param("duration", "0s", "repeat the pattern with this period (0 = once)"),
    }

    def begin(self) -> None:
        self.drive("out", self.initial)
        self._cycle(0)

    def _cycle(self, offset: int) -> None:
        for t, level in self.points:
            self.at(offset + t, self.drive, "out", level)
        if self.repeat:
            self.at(offset + self.repeat, self._cycle, offset + self.repeat)
