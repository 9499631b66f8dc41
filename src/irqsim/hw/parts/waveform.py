"""Waveform playback: drive a pin through a list of (time, level) points, optionally repeated.

The points come from ``points`` or from ``file`` (a CSV or VCD file, relative to the
scenario; formats in ``waveform_files.py``).
"""

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


class _TimeUnit(Param):
    def parse(self, value, what):
        if value not in ("s", "ms", "us", "ns"):
            raise ScenarioError(f"{what} must be one of s, ms, us, ns, got {value!r}")
        return value


@register("waveform")
class Waveform(Part):
    pins = ("out",)
    params = {
        "points": _Points("points", [], "list of [time, level] pairs"),
        "initial": Param("level", 0, "level before the first point"),
        "repeat": Param("duration", "0s", "repeat the pattern with this period (0 = once)"),
        "file": Param("str", None, "CSV (time,level) or VCD file with the points"),
        "signal": Param("str", None, "VCD: the signal to play (dotted path or unique name)"),
        "time_unit": _TimeUnit("str", None, "CSV: unit of bare-number times (s, ms, us, ns)"),
    }

    @classmethod
    def check_files(cls, attrs: dict, base_dir) -> list[tuple[int, int]] | None:
        """Load the file named by ``attrs`` (also used by ``irqsim check``)."""
        if attrs.get("file") is None:
            if attrs.get("signal") is not None or attrs.get("time_unit") is not None:
                raise ScenarioError("signal and time_unit describe a file, but the part has no file")
            return None
        if attrs.get("points"):
            raise ScenarioError("waveform takes points or file, not both")
        from .waveform_files import load_points

        return load_points(attrs["file"], base_dir, time_unit=attrs.get("time_unit"), signal=attrs.get("signal"))

    def begin(self) -> None:
        loaded = self.check_files({"file": self.file, "signal": self.signal, "time_unit": self.time_unit,
                                   "points": self.points}, self.ctx.files_dir)
        if loaded is not None:
            self.points = loaded
        self.drive("out", self.initial)
        self._cycle(0)

    def _cycle(self, offset: int) -> None:
        for t, level in self.points:
            self.at(offset + t, self.drive, "out", level)
        if self.repeat:
            self.at(offset + self.repeat, self._cycle, offset + self.repeat)
