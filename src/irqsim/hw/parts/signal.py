"""Values that follow time: the analog and register signals of bus and ADC parts.

A signal spec is a TOML table (or a bare number for a constant)::

    { value = 1.65 }                                   # constant
    { points = [["0ms", 20.0], ["1s", 30.0]], interp = "linear" }   # or "step" (default)
    { file = "temps.csv" }                              # CSV rows time,value (times with units
                                                        # or bare numbers in time_unit)
    { expr = "25 + 5*sin(2*pi*t)" }                     # t in seconds; math functions only
    { sine = { offset = 1.65, amplitude = 1.0, freq = "50Hz", phase = 0.0 } }
    ... and optionally noise = 0.01 (standard deviation, gaussian, seeded per part)

Expressions are parsed once into a whitelisted AST (numbers, ``t``, ``pi``, ``e``,
arithmetic, comparisons, conditional expressions and ``math`` functions); anything else is
a scenario error, never ``eval`` of arbitrary text. Noise draws from the owning part's
named random stream, so the same seed gives the same readings.
"""

from __future__ import annotations

import ast
import csv
import math
from bisect import bisect_right
from collections.abc import Callable

from ...errors import ScenarioError
from ...units import parse_duration, parse_frequency_hz

KEYS = ("value", "points", "interp", "file", "time_unit", "expr", "sine", "noise")
_FUNCS = {name: getattr(math, name) for name in (
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sqrt", "exp", "log", "log10", "floor",
    "ceil", "fabs", "hypot", "pow")}
_FUNCS.update(abs=abs, min=min, max=max, round=round)
_CONSTS = {"pi": math.pi, "e": math.e, "tau": math.tau}
_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Call,
          ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.USub, ast.UAdd,
          ast.Compare, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.IfExp,
          ast.BoolOp, ast.And, ast.Or)


def compile_expr(text: str, what: str) -> Callable[[float], float]:
    """``text`` as a function of t (seconds); ScenarioError for anything not whitelisted."""
    try:
        tree = ast.parse(str(text), mode="eval")
    except SyntaxError as exc:
        raise ScenarioError(f"{what}: cannot read expression {text!r}: {exc.msg}",
                            hint="write e.g. \"25 + 5*sin(2*pi*t)\" (t in seconds)") from None
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            raise ScenarioError(f"{what}: {type(node).__name__} is not allowed in an expression",
                                hint="numbers, t, pi, e, + - * / ** %, comparisons, x if c else y, "
                                     "and math functions: " + ", ".join(sorted(_FUNCS)))
        if isinstance(node, ast.Name) and node.id != "t" and node.id not in _CONSTS and node.id not in _FUNCS:
            raise ScenarioError(f"{what}: unknown name '{node.id}' in expression {text!r}",
                                hint="the only variable is t (seconds since the start of the run)")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCS):
            raise ScenarioError(f"{what}: only math functions may be called in an expression")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ScenarioError(f"{what}: only numbers are allowed in an expression, got {node.value!r}")
    code = compile(tree, f"<{what}>", "eval")
    env = {"__builtins__": {}, **_FUNCS, **_CONSTS}

    def fn(t_s: float) -> float:
        try:
            return float(eval(code, env, {"t": t_s}))  # noqa: S307 - whitelisted AST above
        except (ArithmeticError, ValueError) as exc:
            raise ScenarioError(f"{what}: expression {text!r} failed at t={t_s:g} s: {exc}") from None

    return fn


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(f"{what} must be a number, got {value!r}")
    return float(value)


def check(spec, what: str) -> None:
    """Validate a spec without files (scenario load time, so errors get file:line)."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return
    if not isinstance(spec, dict):
        raise ScenarioError(f"{what} must be a number or a table like {{ value = 1.0 }}, got {spec!r}",
                            hint="keys: " + ", ".join(KEYS))
    for key in spec:
        if key not in KEYS:
            from ...errors import nearest

            guess = nearest(key, KEYS)
            raise ScenarioError(f"{what} has no key '{key}'",
                                hint=(f"did you mean '{guess}'? " if guess else "") + "keys: " + ", ".join(KEYS))
    sources = [k for k in ("value", "points", "file", "expr", "sine") if k in spec]
    if len(sources) != 1:
        raise ScenarioError(f"{what} needs exactly one of value, points, file, expr, sine (got {sources or 'none'})")
    if "value" in spec:
        _number(spec["value"], f"{what}.value")
    if "points" in spec:
        _points(spec["points"], what)
    if spec.get("interp", "step") not in ("step", "linear"):
        raise ScenarioError(f"{what}.interp must be step or linear, got {spec['interp']!r}")
    if "expr" in spec:
        compile_expr(spec["expr"], f"{what}.expr")
    if "sine" in spec:
        _sine(spec["sine"], what)
    if "noise" in spec and _number(spec["noise"], f"{what}.noise") < 0:
        raise ScenarioError(f"{what}.noise must be >= 0")


def _points(points, what: str) -> list[tuple[int, float]]:
    if not isinstance(points, list) or not points:
        raise ScenarioError(f"{what}.points must be a list of [time, value] pairs")
    out = []
    for p in points:
        if not (isinstance(p, list) and len(p) == 2):
            raise ScenarioError(f"{what}.points: bad point {p!r}", hint='write ["10ms", 1.5]')
        out.append((parse_duration(p[0], f"{what}.points time"), _number(p[1], f"{what}.points value")))
    if any(b[0] < a[0] for a, b in zip(out, out[1:])):
        raise ScenarioError(f"{what}.points: times must not go backwards")
    return out


def _sine(spec, what: str) -> tuple[float, float, float, float]:
    if not isinstance(spec, dict) or "freq" not in spec:
        raise ScenarioError(f"{what}.sine must be a table with freq (and offset, amplitude, phase)")
    extra = set(spec) - {"offset", "amplitude", "freq", "phase"}
    if extra:
        raise ScenarioError(f"{what}.sine has no key '{sorted(extra)[0]}'", hint="keys: offset, amplitude, freq, phase")
    return (_number(spec.get("offset", 0.0), f"{what}.sine.offset"),
            _number(spec.get("amplitude", 1.0), f"{what}.sine.amplitude"),
            float(parse_frequency_hz(spec["freq"], f"{what}.sine.freq")),
            _number(spec.get("phase", 0.0), f"{what}.sine.phase"))


def load_csv(path, what: str, time_unit: str = "s") -> list[tuple[int, float]]:
    """Rows ``time,value``; '#'/';' comments; a first non-data row is a header."""
    points: list[tuple[int, float]] = []
    header_seen = False
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{what}: cannot read {path}: {exc.strerror}") from None
    for lineno, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith(("#", ";")):
            continue
        if len(row) < 2:
            raise ScenarioError(f"{what}: need two columns time,value", file=str(path), line=lineno)
        t_text, v_text = row[0].strip(), row[1].strip()
        try:
            value = float(v_text)
        except ValueError:
            if not points and not header_seen:
                header_seen = True
                continue  # header
            raise ScenarioError(f"{what}: value {v_text!r} is not a number", file=str(path), line=lineno) from None
        try:
            t_ns = parse_duration(t_text if not _bare(t_text) else t_text + time_unit, "time")
        except ScenarioError as exc:
            raise ScenarioError(f"{what}: {exc.message}", file=str(path), line=lineno, hint=exc.hint) from None
        if points and t_ns < points[-1][0]:
            raise ScenarioError(f"{what}: times must not go backwards", file=str(path), line=lineno)
        points.append((t_ns, value))
    if not points:
        raise ScenarioError(f"{what}: {path.name} has no data rows", file=str(path))
    return points


def _bare(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def build(spec, what: str, *, rng=None, base_dir=None) -> Callable[[int], float]:
    """A function t_ns -> value for a validated spec."""
    check(spec, what)
    if not isinstance(spec, dict):
        const = float(spec)
        return lambda t_ns: const
    noise = float(spec.get("noise", 0.0))
    linear = spec.get("interp", "step") == "linear"
    if "value" in spec:
        const = float(spec["value"])

        def base(t_ns: int) -> float:
            return const
    elif "expr" in spec:
        f = compile_expr(spec["expr"], f"{what}.expr")

        def base(t_ns: int) -> float:
            return f(t_ns / 1e9)
    elif "sine" in spec:
        offset, amplitude, freq_hz, phase = _sine(spec["sine"], what)

        def base(t_ns: int) -> float:
            return offset + amplitude * math.sin(2 * math.pi * freq_hz * t_ns / 1e9 + phase)
    else:
        if "points" in spec:
            pts = _points(spec["points"], what)
        else:
            from .waveform_files import resolve

            pts = load_csv(resolve(spec["file"], base_dir), what, spec.get("time_unit", "s"))
        times = [p[0] for p in pts]
        values = [p[1] for p in pts]

        def base(t_ns: int) -> float:
            i = bisect_right(times, t_ns) - 1
            if i < 0:
                return values[0]
            if not linear or i + 1 >= len(times) or times[i + 1] == times[i]:
                return values[i]
            frac = (t_ns - times[i]) / (times[i + 1] - times[i])
            return values[i] + frac * (values[i + 1] - values[i])
    if noise and rng is not None:
        gauss = rng.gauss

        def noisy(t_ns: int) -> float:
            return base(t_ns) + gauss(0.0, noise)
        return noisy
    return base
