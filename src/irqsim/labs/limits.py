"""The lesson's "When MicroPython interrupts hit their limits" table, measured.

Every cell is a simulation run: an encoder channel at the given rate counted by one
execution model on one board (irqsim.models.encoder). The verdict comes from two measured
numbers, the share of pulses counted and the CPU share the counting used:

    impossible     counted < 50 %
    misses pulses  counted < 99 %
    CPU-bound      counted >= 99 % but counting uses more than the CPU budget (default 50 %):
                   the application around the counter no longer gets its time
    usually works  counted >= 99 %
    works          counted >= 99.9 %

"sustains" is the highest rate with a working verdict (works / usually works), found by
bisection on a log scale, each probe a simulation run.
"""

from __future__ import annotations

import math

from ..models.encoder import LABELS, MODELS, load_config, run_cell
from ..units import parse_frequency_hz

DESCRIPTION = "encoder rate x execution model: share of pulses counted, verdicts, highest sustained rate"

OK_VERDICTS = ("works", "usually works")


def verdict(share: float, cpu_share: float, budget: float = 0.5) -> str:
    if share < 0.5:
        return "impossible"
    if share < 0.99:
        return "misses pulses"
    if cpu_share > budget:
        return "CPU-bound"
    return "works" if share >= 0.999 else "usually works"


def add_arguments(parser) -> None:
    parser.add_argument("--board", default="pico2", help="board profile (irqsim boards), default pico2")
    parser.add_argument("--rates", default="1kHz,10kHz,100kHz,1MHz", help="comma-separated encoder rates")
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated subset of {','.join(MODELS)}")
    parser.add_argument("--app", choices=("big", "small"), default="big",
                        help="MicroPython application: big = 80 KB other live data (default), small = none")
    parser.add_argument("--cpu-budget", type=float, default=50.0, help="max %% CPU the counting may use")
    parser.add_argument("--no-bisect", action="store_true", help="skip the highest-sustained-rate search")
    parser.add_argument("--seed", type=int, default=1)


def sustained_rate(model: str, board: str, *, seed: int, cfg: dict, app: str, budget: float,
                   lo_hz: float = 100.0, hi_hz: float = 100e6, steps: int = 8) -> float | None:
    """Highest rate with a working verdict, by log-scale bisection (None: not even ``lo_hz``)."""
    def ok(rate: float) -> bool:
        c = run_cell(model, board, rate, seed=seed, cfg=cfg, app=app)
        return not c.note.startswith("n/a") and verdict(c.share, c.cpu_share, budget) in OK_VERDICTS

    if not ok(lo_hz):
        return None
    if ok(hi_hz):
        return hi_hz
    for _ in range(steps):
        mid = math.sqrt(lo_hz * hi_hz)
        if ok(mid):
            lo_hz = mid
        else:
            hi_hz = mid
    return lo_hz


def measure(board: str, rates: list[float], models: list[str], *, seed: int = 1, app: str = "big",
            budget: float = 0.5, bisect: bool = True) -> dict:
    cfg = load_config()
    cells = {(m, r): run_cell(m, board, r, seed=seed, cfg=cfg, app=app) for m in models for r in rates}
    sustained = {m: sustained_rate(m, board, seed=seed, cfg=cfg, app=app, budget=budget) for m in models} \
        if bisect else {}
    return {"cells": cells, "sustained": sustained}


def fmt_rate(hz: float | None) -> str:
    if hz is None:
        return "-"
    for unit, scale in (("MHz", 1e6), ("kHz", 1e3)):
        if hz >= scale:
            return f"{hz / scale:.3g} {unit}"
    return f"{hz:.3g} Hz"


def run(args) -> int:
    rates = [float(parse_frequency_hz(r.strip())) for r in args.rates.split(",") if r.strip()]
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    bad = [m for m in models if m not in MODELS]
    if bad:
        from ..errors import IrqsimError
        raise IrqsimError(f"unknown model {bad[0]!r}", hint=f"models: {', '.join(MODELS)}")
    budget = args.cpu_budget / 100
    out = measure(args.board, rates, models, seed=args.seed, app=args.app, budget=budget,
                  bisect=not args.no_bisect)
    print(f"Encoder limits on {args.board}, seed {args.seed} (counted %, CPU % used by counting, verdict)")
    rows = [["rate"] + [LABELS[m] for m in models]]
    for r in rates:
        row = [fmt_rate(r)]
        for m in models:
            c = out["cells"][(m, r)]
            if c.note.startswith("n/a"):
                row.append("n/a")
                continue
            v = verdict(c.share, c.cpu_share, budget)
            mark = "+" if v in OK_VERDICTS else "x"
            row.append(f"{mark} {v} {100 * c.share:.2f}% cpu {100 * c.cpu_share:.1f}%")
        rows.append(row)
    if out["sustained"]:
        rows.append(["sustains"] + [fmt_rate(out["sustained"][m]) for m in models])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    notes = sorted({c.note for c in out["cells"].values() if c.note and not c.note.startswith("n/a")})
    for note in notes:
        print(f"note: {note}" + (" (MicroPython probes above 20k edges cover 20k edges; the GC pause may fall "
                                 "outside, so the share is an upper bound)" if note == "short window" else ""))
    print("declared costs: examples/labs/limits.toml; thresholds and models: docs/labs.md")
    return 0
