"""``--param PATH=SPEC``: one sweep axis, its override key and its exact values.

SPEC is a list (``2ms,4ms`` or ``0.5,1.0``) or a range ``LO..HI:lin:N`` / ``LO..HI:log:N``.
Ranges are computed in exact decimals in the unit of ``LO`` ("1kHz..100kHz" gives values in
kHz) and passed on as strings with that unit, so the scenario's one unit parser reads
them exactly. The simulation clock counts whole nanoseconds, so every generated value is
snapped onto that grid first: durations to whole ns, distances to whole µm, sizes to whole
bytes, and frequencies to a rate whose *period* is a whole number of ns ("3kHz" has a
period of 333333.3 ns and would be refused; the sweep picks the nearest exact rate, e.g.
3.2kHz). Log ranges are rounded to three significant digits before snapping.

Paths are the ``irqsim run --set`` keys: ``parts.<id>.<attr>``, ``board.<section>.<key>``,
``heap.<key>``, ``duration``, ``scheduler_depth``. ``stimuli.<id>.<attr>`` is accepted as a
spelling of ``parts.<id>.<attr>`` (the part's value from t = 0).
"""

from __future__ import annotations

import datetime
import math
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, localcontext

from ..errors import IrqsimError
from ..units import HZ_PER, NS_PER, UM_PER

BYTES_PER = {"B": Decimal(1), "KB": Decimal(1024), "K": Decimal(1024)}  # sim._parse_bytes: KB = 1024
# (family, unit table, base-unit name) in lookup order; "m" is metres, "ms" milliseconds.
FAMILIES = (("duration", NS_PER, "ns"), ("frequency", HZ_PER, "Hz"), ("distance", UM_PER, "um"),
            ("size", BYTES_PER, "B"))
_NUM_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµ%]*)\s*$")
_RANGE = re.compile(r"^(?P<lo>[^.][^:]*?)\.\.(?P<hi>[^:]+)(?::(?P<mode>lin|log))?:(?P<n>\d+)$")


class ParamError(IrqsimError):
    """A ``--param`` that cannot be read or does not name something the scenario has."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter: the column name, how it is spread, and its values."""

    name: str                 # canonical override path, also the table column
    values: tuple             # what is passed to the scenario (str with unit, int, float, bool)
    spec: str                 # as the user wrote it
    low: object = None        # range bounds (Decimal, unit) for random sampling
    high: object = None
    unit: str | None = None
    mode: str | None = None   # "lin" | "log" | None (a list)


def canonical_path(path: str) -> str:
    """The override key for a user's parameter path (issue spellings accepted)."""
    path = path.strip()
    parts = path.split(".")
    if parts[0] == "stimuli" and len(parts) == 3:
        return "parts." + ".".join(parts[1:])
    if path in ("board.cost.gc_pause", "board.micropython.gc_pause"):
        raise ParamError(f"--param {path}: the GC pause is not a board constant in irqsim",
                         hint="it is computed from the live heap: sweep heap.extra_live=0KB,40KB,120KB "
                              "(application data the collector marks) or board.micropython.gc_time_scale=0.5,1,2")
    if parts[0] in ("parts", "board") and len(parts) == 3 or parts[0] == "heap" and len(parts) == 2:
        return path
    if len(parts) == 1 and path in ("duration", "scheduler_depth"):
        return path
    raise ParamError(f"--param {path}: cannot sweep that key",
                     hint="use parts.<id>.<attr>, board.<section>.<key>, heap.extra_live, duration or "
                          "scheduler_depth (the seed has its own option, --seeds)")


def parse_param(text: str) -> Axis:
    if "=" not in text:
        raise ParamError(f"--param {text!r}: expected PATH=VALUES",
                         hint="e.g. --param parts.enc.freq=1kHz..100kHz:log:20 or --param heap.extra_live=0KB,80KB")
    path, spec = (s.strip() for s in text.split("=", 1))
    name = canonical_path(path)
    m = _RANGE.match(spec)
    if m:
        return _range_axis(name, spec, m.group("lo"), m.group("hi"), m.group("mode") or "lin", int(m.group("n")))
    if ".." in spec:
        raise ParamError(f"--param {text!r}: a range needs a point count",
                         hint="write LO..HI:log:N or LO..HI:lin:N, e.g. 1kHz..100kHz:log:20")
    values = tuple(_literal(v.strip()) for v in spec.split(",") if v.strip())
    if not values:
        raise ParamError(f"--param {text!r}: no values", hint="give a list a,b,c or a range LO..HI:log:N")
    return Axis(name=name, values=_dedupe(values, name), spec=spec)


def _literal(text: str):
    """A list value as ``--set`` reads it: a TOML literal (1, 0.5, true) or else a string.
    TOML dates and times (a ds3231 ``start``) stay text: the point key, the CSV and the
    workers need JSON-safe values, and the parts read the ISO text."""
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    return text if isinstance(value, (datetime.date, datetime.time)) else value


def split_quantity(text: str) -> tuple[Decimal, str, str | None]:
    """'1.5kHz' -> (Decimal('1.5'), 'kHz', 'frequency'); a bare number has unit ''."""
    m = _NUM_UNIT.match(text)
    if not m:
        raise ParamError(f"cannot read {text!r} as a number with a unit", hint='write e.g. "10kHz", "2ms", "40KB"')
    number, unit = Decimal(m.group(1)), m.group(2)
    if not unit:
        return number, "", None
    for family, table, _ in FAMILIES:
        if unit in table:
            return number, unit, family
    for kind, units in _chip_quantities().items():   # a chip's physical values: 10C..30C, 1V..2V
        if unit in units:
            return number, unit, QUANTITY + kind
    known = ", ".join([u for _, table, _ in FAMILIES for u in table]
                      + [u for units in _chip_quantities().values() for u in units])
    raise ParamError(f"{text!r} has an unknown unit {unit!r}", hint=f"units: {known}")


def _range_axis(name, spec, lo_text, hi_text, mode, n) -> Axis:
    lo, unit, family = split_quantity(lo_text)
    hi, hi_unit, hi_family = split_quantity(hi_text)
    if family != hi_family:
        raise ParamError(f"--param {name}={spec}: both ends need the same kind of unit",
                         hint=f"{lo_text!r} and {hi_text!r} differ")
    if family:
        table = _table(family)
        hi = hi * table[hi_unit] / table[unit]      # both ends in the unit of LO
    if n < 1:
        raise ParamError(f"--param {name}={spec}: a range needs at least one point")
    if mode == "log" and (lo <= 0 or hi <= 0):
        raise ParamError(f"--param {name}={spec}: a log range needs positive ends")
    raw = [lo] if n == 1 else [_spread(lo, hi, i / Decimal(n - 1), mode) for i in range(n)]
    values = tuple(snap(v, unit, family, sig=3 if mode == "log" else None) for v in raw)
    return Axis(name=name, values=_dedupe(values, name), spec=spec, low=lo, high=hi, unit=unit, mode=mode)


def _spread(lo: Decimal, hi: Decimal, frac: Decimal, mode: str) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        if mode == "log":
            return (lo.ln() + (hi.ln() - lo.ln()) * frac).exp()
        return lo + (hi - lo) * frac


QUANTITY = "quantity:"   # family prefix of the concrete chips' units (hw/parts/chip.py QUANTITIES)


def _chip_quantities() -> dict[str, dict[str, float]]:
    from ..hw.parts.chip import QUANTITIES

    return QUANTITIES


def _table(family: str) -> dict:
    if family.startswith(QUANTITY):
        return {u: Decimal(repr(scale)) for u, scale in _chip_quantities()[family[len(QUANTITY):]].items()}
    return next(table for fam, table, _ in FAMILIES if fam == family)


def _round_sig(value: Decimal, sig: int) -> Decimal:
    if value == 0:
        return value
    exp = value.adjusted() - sig + 1
    return value.quantize(Decimal(1).scaleb(exp))


def snap(value: Decimal, unit: str, family: str | None, *, sig: int | None = None):
    """The exact value the scenario will accept nearest to ``value`` (see the module doc)."""
    if sig is not None:
        value = _round_sig(value, sig)
    if family is None:
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if family.startswith(QUANTITY):     # the chip converts any value: no grid to snap to
        return _format(_round_sig(value, sig or 12), unit)
    scale = _table(family)[unit]
    if family == "frequency":
        hz = value * scale
        period = Decimal(1_000_000_000) / hz
        if period != period.to_integral_value():
            period = Decimal(_nearest_2a5b(float(period)))
        base = Decimal(1_000_000_000) / period         # exact: period is 2^a 5^b or divides 1e9
        return _format(base / scale, unit)
    base = (value * scale).to_integral_value()          # whole ns / µm / bytes
    return _format(base / scale, unit)


def _nearest_2a5b(x: float) -> int:
    """A period 2**a * 5**b ns near x (its rate 1e9/period is then a finite decimal).

    Among the candidates within 5 % of x the one whose rate has the fewest significant
    digits wins (3.2kHz over 3.0517578125kHz), then the nearest; else simply the nearest.
    """
    cands = []
    for b in range(0, 40):
        p5 = 5 ** b
        if p5 > 4 * x:
            break
        a0 = max(0, round(math.log2(x / p5)))
        for a in range(max(0, a0 - 2), a0 + 3):
            c = p5 * 2 ** a
            cands.append((abs(math.log(c / x)), c))
    near = [(len((Decimal(1_000_000_000) / c).normalize().as_tuple().digits), d, c)
            for d, c in cands if d <= math.log(1.05)]
    if near:
        return min(near)[2]
    return min(cands)[1]


def _format(value: Decimal, unit: str) -> str:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def _dedupe(values: tuple, name: str) -> tuple:
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return tuple(out)


def numeric(value) -> float | None:
    """A value as a number in its family's base unit (ns, Hz, µm, bytes), for plots."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith("%"):
        try:
            return float(text[:-1]) / 100
        except ValueError:
            return None
    try:
        number, unit, family = split_quantity(text)
    except IrqsimError:
        return None
    return float(number * _table(family)[unit]) if family else float(number)
