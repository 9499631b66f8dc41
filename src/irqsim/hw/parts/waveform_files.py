"""Waveform files for the ``waveform`` part: CSV (time, level) and VCD (one named signal).

CSV: two columns, ``time,level``. Lines starting with ``#`` or ``;`` are comments; a first
row that is not data is a header. A time carries a unit (``1.5ms``) or is a bare number in
the part's ``time_unit``. Levels are 0/1 (also ``low``/``high``, ``L``/``H``).

VCD (IEEE 1364 value change dump, e.g. from a logic analyser or an HDL simulator): read
with pyvcd's tokenizer (``vcd.reader``, pyvcd is already an irqsim dependency). The signal
is named by its dotted path (``top.uart.tx``) or by its bare name when that is unique; it
must be 1 bit wide. ``x``/``z`` values keep the previous level. Times are whole timescale
units and must land on whole nanoseconds (the simulation clock).

Errors point into the data file (``capture.csv:17: ...``).
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

from ...errors import IrqsimError, ScenarioError
from ...units import parse_duration

LEVELS = {"0": 0, "1": 1, "low": 0, "high": 1, "l": 0, "h": 1}
_VCD_NS = {"s": Fraction(10**9), "ms": Fraction(10**6), "us": Fraction(1000), "ns": Fraction(1),
           "ps": Fraction(1, 1000), "fs": Fraction(1, 10**6)}


def resolve(name: str, base_dir) -> Path:
    path = Path(name)
    if not path.is_absolute():
        path = Path(base_dir or ".") / path
    return path


def load_points(name: str, base_dir, *, time_unit: str | None = None, signal: str | None = None) -> list[tuple[int, int]]:
    """(t_ns, level) points from a .csv or .vcd file, relative to ``base_dir``."""
    path = resolve(name, base_dir)
    if not path.is_file():
        raise ScenarioError(f"waveform file not found: {name}", hint=f"paths are relative to the scenario ({path.parent})")
    suffix = path.suffix.lower()
    if suffix == ".vcd":
        if signal is None:
            raise ScenarioError(f"{name} is a VCD file: say which signal to play",
                                hint=f'signal = "top.clk" (one of: {", ".join(vcd_signals(path)[:8])})')
        return _vcd_points(path, signal)
    if signal is not None:
        raise ScenarioError(f"signal picks a VCD signal, but {name} is not a .vcd file")
    return _csv_points(path, time_unit)


def _csv_time(text: str, unit: str | None, file: str, line: int) -> int:
    text = text.strip()
    try:
        if unit is not None and _is_number(text):
            return parse_duration(f"{text}{unit}", "time")
        return parse_duration(text, "time")
    except IrqsimError as exc:
        hint = exc.hint
        if _is_number(text) and unit is None:
            hint = 'give the times units ("1.5ms") or set time_unit = "us" on the part'
        raise ScenarioError(exc.message, file=file, line=line, hint=hint) from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_points(path: Path, time_unit: str | None) -> list[tuple[int, int]]:
    file = str(path)
    points: list[tuple[int, int]] = []
    first = True
    with path.open(newline="", encoding="utf-8") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith(("#", ";")):
                continue
            if len(row) < 2:
                raise ScenarioError(f"expected two columns (time, level), got {row!r}", file=file, line=number)
            t_text, level_text = row[0].strip(), row[1].strip().lower()
            if first and level_text not in LEVELS:
                first = False
                continue          # a header row
            first = False
            if level_text not in LEVELS:
                raise ScenarioError(f"level must be 0 or 1, got {row[1].strip()!r}", file=file, line=number)
            t = _csv_time(t_text, time_unit, file, number)
            if points and t < points[-1][0]:
                raise ScenarioError("times must not go backwards", file=file, line=number)
            points.append((t, LEVELS[level_text]))
    if not points:
        raise ScenarioError("no (time, level) rows", file=file)
    return points


def _vcd_tokens(path: Path):
    from vcd.reader import VCDParseError, tokenize

    with path.open("rb") as fh:
        try:
            yield from tokenize(fh)
        except VCDParseError as exc:
            raise ScenarioError(f"not a valid VCD file: {exc}", file=str(path), line=exc.loc.line) from None


def vcd_signals(path: Path) -> list[str]:
    """Dotted names of every variable declared in a VCD file."""
    from vcd.reader import TokenKind

    scope: list[str] = []
    names = []
    for tok in _vcd_tokens(path):
        if tok.kind is TokenKind.SCOPE:
            scope.append(tok.data.ident)
        elif tok.kind is TokenKind.UPSCOPE:
            scope.pop()
        elif tok.kind is TokenKind.VAR:
            names.append(".".join([*scope, tok.data.reference]))
        elif tok.kind is TokenKind.ENDDEFINITIONS:
            break
    return names


def _vcd_points(path: Path, signal: str) -> list[tuple[int, int]]:
    from vcd.reader import TokenKind

    from ...errors import nearest

    file = str(path)
    scope: list[str] = []
    declared: dict[str, tuple[str, int, int]] = {}   # dotted name -> (id_code, size, line)
    scale = Fraction(1)                             # ns per timescale unit
    tokens = _vcd_tokens(path)
    for tok in tokens:
        if tok.kind is TokenKind.TIMESCALE:
            mag = tok.data.magnitude
            scale = Fraction(int(getattr(mag, "value", mag))) * _VCD_NS[tok.data.unit.value]
        elif tok.kind is TokenKind.SCOPE:
            scope.append(tok.data.ident)
        elif tok.kind is TokenKind.UPSCOPE:
            scope.pop()
        elif tok.kind is TokenKind.VAR:
            declared[".".join([*scope, tok.data.reference])] = (tok.data.id_code, tok.data.size, tok.span.start.line)
        elif tok.kind is TokenKind.ENDDEFINITIONS:
            break
    matches = [n for n in declared if n == signal] or [n for n in declared if n.split(".")[-1] == signal]
    if len(matches) != 1:
        guess = nearest(signal, declared)
        what = "is ambiguous" if matches else "is not in the file"
        raise ScenarioError(f"signal '{signal}' {what}", file=file,
                            hint=(f"did you mean '{guess}'? " if guess and not matches else "")
                            + f"signals: {', '.join(matches or list(declared)[:12])}")
    id_code, size, line = declared[matches[0]]
    if size != 1:
        raise ScenarioError(f"signal '{matches[0]}' is {size} bits wide; waveform plays a 1-bit signal",
                            file=file, line=line)
    points: list[tuple[int, int]] = []
    t_units = 0
    for tok in tokens:
        if tok.kind is TokenKind.CHANGE_TIME:
            t_units = tok.data
        elif tok.kind is TokenKind.CHANGE_SCALAR and tok.data.id_code == id_code:
            level = LEVELS.get(tok.data.value.lower())
            if level is None:
                continue                      # x / z: keep the previous level
            t = t_units * scale
            if t.denominator != 1:
                raise ScenarioError(f"time {t_units} x timescale is not a whole number of nanoseconds",
                                    file=file, line=tok.span.start.line,
                                    hint="the simulation clock counts whole ns; resample the capture")
            if not points or points[-1][1] != level:
                points.append((int(t), level))
    if not points:
        raise ScenarioError(f"signal '{matches[0]}' never has a 0/1 value", file=file)
    return points
