"""Reproduce the reference measurements of real MicroPython (calibration/).

Each calibration script runs unchanged on the ``pico`` (RP2040) profile with the stimulus
described in calibration/README.md; the figures are read from the event log (pin edges)
or from what the firmware prints, exactly as they were taken on the reference setup.
``python -m irqsim.calibrate [DIR]`` prints simulated vs reference.
"""

from __future__ import annotations

import re
import statistics
import sys
import tomllib
from pathlib import Path

from .sim import Simulation
from .spec.scenario import PartSpec, Scenario
from .trace.log import Kind

LAT_SCRIPTS = ("lat-soft-idle", "lat-soft-busy", "lat-hard-idle", "lat-hard-busy", "lat-sched-idle",
               "lat-sched-busy", "lat-softflag-busypoll")
BODY_SCRIPTS = ("body-soft", "body-hard", "body-hard-idiv")


def _run(path: Path, board: str, duration_ns: int, parts=(), wires=None, seed: int = 1):
    sc = Scenario(path=None, firmware=path.resolve(), board=board, duration_ns=duration_ns, seed=seed,
                  parts=list(parts), wires=wires or {})
    return Simulation(sc).run()


def _pins(result, gpio: int) -> list[tuple[int, int]]:
    return [(r[0], r[3]) for r in result.log.of_kind(Kind.PIN) if r[2] == gpio]


def _stats(values_ns: list[int]) -> dict:
    us = [v / 1000 for v in values_ns]
    return {"min": min(us), "median": statistics.median(us), "max": max(us)}


def latency(path: Path, board: str = "pico") -> dict:
    """50 rising edges on GP15, 10-20 ms apart with random phase; edge -> GP16 change."""
    part = PartSpec("src", "pulse", {"freq": "15ms", "jitter": "4ms", "duty": "5%", "start": "20ms",
                                     "count": 50}, None)
    result = _run(path, board, 900_000_000, [part], {"src": {"out": 15}})
    rises = [t for t, level in _pins(result, 15) if level == 1]
    outs = [t for t, _ in _pins(result, 16)]
    lat = []
    for t in rises:
        after = [o for o in outs if o >= t]
        if after:
            lat.append(after[0] - t)
    return _stats(lat)


def body(path: Path, board: str = "pico") -> dict:
    """580 µs echo pulses on GP15; marker GP17 high around the handler body."""
    part = PartSpec("echo", "pulse", {"freq": "10ms", "duty": "5.8%", "start": "50ms"}, None)
    result = _run(path, board, 1_000_000_000, [part], {"echo": {"out": 15}})
    edges = _pins(result, 15)
    marks = _pins(result, 17)
    highs = []
    for (t0, l0), (t1, l1) in zip(marks, marks[1:]):
        if l0 == 1 and l1 == 0:
            highs.append((t0, t1 - t0))
    out: dict[str, list[int]] = {"rising": [], "falling": [], "first_statement": []}
    for t_edge, level in edges:
        after = [h for h in highs if h[0] >= t_edge]
        if not after or after[0][0] - t_edge > 400_000:
            continue
        start, width = after[0]
        out["rising" if level else "falling"].append(width)
        out["first_statement"].append(start - t_edge)
    return {k: statistics.median(v) / 1000 for k, v in out.items() if v}


def gc_figures(path: Path, board: str = "pico") -> dict:
    result = _run(path, board, 5_000_000_000)
    figs = {}
    for _, line in result.stdout:
        m = re.match(r"(.+?) alloc .* gc.collect us (\d+)", line)
        if m:
            label = m.group(1)
            key = {"empty": "empty", "live_entries=500": "live_500", "live_entries=1200": "live_1200",
                   "live_entries=2000": "live_2000", "live=2000 + garbage": "live_2000_garbage"}.get(label, label)
            figs[key] = float(m.group(2))
    return figs


def perline(path: Path, board: str = "pico") -> dict:
    result = _run(path, board, 10_000_000_000)
    names = {"module-level loop us": "module_loop", "module-level empty loop us": "module_empty",
             "function loop us": "function_loop", "function empty loop us": "function_empty"}
    out = {}
    for _, line in result.stdout:
        for text, key in names.items():
            if line.startswith(text + " "):
                out[key] = int(line.rsplit(" ", 1)[1]) / 100_000
    return out


def stmt(path: Path, board: str = "pico") -> dict:
    result = _run(path, board, 100_000_000)
    marks = _pins(result, 17)
    highs = [t1 - t0 for (t0, l0), (t1, l1) in zip(marks, marks[1:]) if l0 == 1 and l1 == 0]
    return {"onoff_module": statistics.median(highs[0:5]) / 1000,
            "onoff_function": statistics.median(highs[5:10]) / 1000,
            "toggle_function": statistics.median(highs[10:15]) / 1000}


def measure_all(directory: Path, board: str = "pico") -> dict[str, dict]:
    out = {}
    for name in LAT_SCRIPTS:
        out[name] = latency(directory / f"{name}.py", board)
    for name in BODY_SCRIPTS:
        out[name] = body(directory / f"{name}.py", board)
    out["gc"] = gc_figures(directory / "gc.py", board)
    out["perline"] = perline(directory / "perline.py", board)
    out["stmt"] = stmt(directory / "stmt.py", board)
    return out


def compare(directory: Path, board: str = "pico") -> list[tuple[str, str, float, float | None, float | None]]:
    reference = tomllib.loads((directory / "reference.toml").read_text())
    measured = measure_all(directory, board)
    rows = []
    for script, figures in reference.items():
        for key, ref in figures.items():
            sim = measured.get(script, {}).get(key)
            err = None if sim is None else (sim - ref) / ref
            rows.append((script, key, ref, sim, err))
    return rows


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else Path("calibration")
    worst = 0.0
    for script, key, ref, sim, err in compare(directory):
        flag = "" if err is not None and abs(err) <= 0.2 else "  <-- outside 20%"
        sim_text = "-" if sim is None else f"{sim:10.2f}"
        err_text = "-" if err is None else f"{err * 100:+6.1f}%"
        print(f"{script:22} {key:18} ref {ref:10.2f}  sim {sim_text}  {err_text}{flag}")
        if err is not None:
            worst = max(worst, abs(err))
    print(f"worst deviation {worst * 100:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
