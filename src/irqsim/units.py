"""Quantities with units: every duration, frequency and distance the user writes.

The simulation clock is an integer count of nanoseconds. A value the user writes must
carry a unit ("500us", "10kHz", "1.05s") and must convert to whole nanoseconds exactly:
a lossy conversion is an error, never a silent rounding (the cocotb rule). Decimal
arithmetic keeps "1.05s" exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import UnitError

NS_PER = {
    "ns": Decimal(1),
    "us": Decimal(1_000),
    "µs": Decimal(1_000),
    "ms": Decimal(1_000_000),
    "s": Decimal(1_000_000_000),
    "min": Decimal(60_000_000_000),
}
HZ_PER = {"Hz": Decimal(1), "kHz": Decimal(1_000), "MHz": Decimal(1_000_000), "GHz": Decimal(1_000_000_000)}
UM_PER = {"um": Decimal(1), "mm": Decimal(1_000), "cm": Decimal(10_000), "m": Decimal(1_000_000)}

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµ]+)\s*$")


def _split(text, what: str, units: dict) -> tuple[Decimal, str]:
    if isinstance(text, bool) or not isinstance(text, str):
        example = "ms" if "ms" in units else ("kHz" if "kHz" in units else next(iter(units)))
        if not isinstance(text, (int, float)) or isinstance(text, bool):
            # a list, table or boolean: "has no unit" would suggest pasting a unit onto it
            raise UnitError(f"{what} must be a quantity with a unit, got {text!r}",
                            hint=f"write e.g. \"10{example}\"; units: {', '.join(units)}")
        raise UnitError(f"{what} {text!r} has no unit",
                        hint=f"write it as a string with a unit, e.g. \"{text}{example}\"; units: {', '.join(units)}")
    m = _QUANTITY.match(text)
    if not m:
        example = "ms" if "ms" in units else ("kHz" if "kHz" in units else next(iter(units)))
        if re.fullmatch(r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*", text):   # "--duration 10": a bare number
            raise UnitError(f"{what} {text!r} has no unit",
                            hint=f"write e.g. \"{text.strip()}{example}\"; units: {', '.join(units)}")
        raise UnitError(f"cannot read {what} {text!r}",
                        hint=f"write a number followed by a unit ({', '.join(units)}), e.g. \"10{example}\"")
    number, unit = m.groups()
    if unit not in units:
        raise UnitError(f"{what} {text!r} has unit {unit!r}, expected one of {', '.join(units)}")
    try:
        return Decimal(number), unit
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise UnitError(f"cannot read {what} {text!r}") from exc


def _exact(value: Decimal, text: str, what: str, smallest: str) -> int:
    if value != value.to_integral_value():
        raise UnitError(f"{what} {text!r} is not a whole number of {smallest}",
                        hint=f"the clock counts whole {smallest}; round the value yourself")
    return int(value)


def parse_duration(text, what: str = "duration") -> int:
    """'500us' -> 500_000 (ns). Negative durations are rejected."""
    value, unit = _split(text, what, NS_PER)
    ns = _exact(value * NS_PER[unit], text, what, "nanoseconds")
    if ns < 0:
        raise UnitError(f"{what} {text!r} is negative")
    return ns


def parse_frequency_hz(text, what: str = "frequency") -> Decimal:
    """'10kHz' -> Decimal(10000). Frequencies stay exact decimals; see period_ns."""
    value, unit = _split(text, what, HZ_PER)
    hz = value * HZ_PER[unit]
    if hz <= 0:
        raise UnitError(f"{what} {text!r} must be positive")
    return hz


def period_ns(text, what: str = "frequency") -> int:
    """The period of a frequency in whole ns; '3kHz' (333333.3 ns) is an error."""
    hz = parse_frequency_hz(text, what)
    period = Decimal(1_000_000_000) / hz
    if period != period.to_integral_value():
        near = int(period.to_integral_value())
        raise UnitError(f"period of {what} {text!r} is not a whole number of nanoseconds ({period:.3f} ns)",
                        hint=f"write the period instead, e.g. \"{near}ns\" ({Decimal(1_000_000_000) / near:.4f} Hz)")
    return int(period)


def parse_time_or_frequency(text, what: str) -> int:
    """A period written either as a duration or as a frequency, in ns."""
    if isinstance(text, str):
        m = _QUANTITY.match(text)
        if m and m.group(2) in HZ_PER:
            return period_ns(text, what)
    return parse_duration(text, what)


def parse_distance_um(text, what: str = "distance") -> int:
    """'25cm' -> 250_000 (µm)."""
    value, unit = _split(text, what, UM_PER)
    um = _exact(value * UM_PER[unit], text, what, "micrometres")
    if um < 0:
        raise UnitError(f"{what} {text!r} is negative")
    return um


def format_ns(ns: int) -> str:
    """A compact human form of a duration, exact to the ns ('1.050000000s' -> '1.05s')."""
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    for unit, scale in (("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)):
        if ns >= scale:
            text = str(Decimal(ns) / Decimal(scale))
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{sign}{text}{unit}"
    return f"{sign}{ns}ns"


def format_timestamp(ns: int) -> str:
    """Fixed-width virtual timestamp for output lines: '[   1.050000]' (seconds, µs)."""
    return f"[{ns // 1_000_000_000:4d}.{(ns // 1000) % 1_000_000:06d}]"
