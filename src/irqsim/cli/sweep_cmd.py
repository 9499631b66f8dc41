"""``irqsim sweep SCENARIO --param PATH=VALUES ...``: many runs into one resumable table."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import IrqsimError

EPILOG = """\
parameters (PATH=VALUES; a list a,b,c or a range LO..HI:lin:N / LO..HI:log:N, units kept):
  parts.<id>.<attr>            e.g. parts.enc.freq=1kHz..100kHz:log:20 (stimuli.<id>.<attr> too)
  board.<section>.<key>        e.g. board.micropython.gc_time_scale=0.5,1,2
  heap.extra_live              live application data the GC must mark, e.g. 0KB,40KB,120KB
  duration, scheduler_depth
examples:
  irqsim sweep encoder_limits.toml --param parts.enc.freq=1kHz..20kHz:log:10 \\
      --param heap.extra_live=0KB,40KB,120KB --seeds 3 --workers 2 --out results.csv \\
      --plot src.GP12.lost_share:parts.enc.freq
  irqsim sweep ... --scheduler tcp://10.0.0.5:8786      (a Dask cluster; extra "sweep")
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("sweep", help="run a scenario over a grid or sample of parameters",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", help="scenario .toml")
    p.add_argument("--param", action="append", default=[], metavar="PATH=VALUES", help="a swept parameter (repeat)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="a fixed override for every point (a one-value --param)")
    p.add_argument("--seeds", default=None, help="N seeds (base..base+N-1) or a list 1,2,3 (default: the base seed)")
    p.add_argument("--seed", type=int, default=None, help="base seed (default: the scenario's); also seeds --sample")
    p.add_argument("--sample", default=None, metavar="grid|random:N", help="grid (default) or N random points")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: CPU count)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--out", default="sweep.csv", help="results CSV; an existing one is resumed (default sweep.csv)")
    p.add_argument("--parquet", default=None, metavar="FILE", help="also write the table as Parquet (extra 'sweep')")
    p.add_argument("--plot", action="append", default=[], metavar="METRIC:PARAM",
                   help="plot a column against a parameter, one line per other-parameter value (extra 'plot')")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from ..spec.scenario import load_scenario
    from ..sweep import parse_param, parse_sample, parse_seeds, run_sweep

    if not args.param and not args.set:
        raise IrqsimError("nothing to sweep", hint="add --param PATH=VALUES, e.g. --param parts.enc.freq=1kHz,10kHz")
    scenario = Path(args.scenario)
    if not scenario.exists():
        raise IrqsimError(f"no such scenario: {scenario}")
    if scenario.suffix == ".py":
        raise IrqsimError("irqsim sweep reads a scenario .toml", file=str(scenario),
                          hint='write a scenario with firmware = "' + scenario.name + '" (docs/scenario.md)')
    axes = [parse_param(t) for t in args.param] + [parse_param(_one_value(t)) for t in args.set]
    base_sc = load_scenario(scenario)
    from ..sim import Simulation

    # a bad board, [board_overrides], heap or wire fails once, here, not once per point in the CSV
    Simulation(base_sc, record=False)
    base = args.seed if args.seed is not None else base_sc.seed
    seeds = parse_seeds(args.seeds, base)
    workers = args.workers or os.cpu_count() or 1
    for spec in args.plot:
        _split_plot(spec)  # fail before the runs, not after
    report = run_sweep(scenario, axes, seeds=seeds, out=args.out, workers=workers, scheduler=args.scheduler,
                       sample=parse_sample(args.sample), sample_seed=base, parquet=args.parquet,
                       progress=False if args.no_progress else None)
    failed = ", ".join(f"{n} {s}" for s, n in sorted(report.failed.items()))
    print(f"irqsim sweep: {report.planned} points, {report.ran} run, {report.skipped} already in {args.out}"
          + (f"; {failed}" if failed else ""), file=sys.stderr)
    for spec in args.plot:
        from ..sweep.plot import plot_metric

        metric, param = _split_plot(spec)
        out = Path(args.out).with_name(f"{Path(args.out).stem}-{_slug(metric)}-vs-{_slug(param)}.png")
        plot_metric(report.rows, [a.name for a in axes], metric, param, out)
        print(f"irqsim sweep: plot {out}", file=sys.stderr)
    return 0


def _one_value(text: str) -> str:
    if "=" not in text:
        raise IrqsimError(f"--set {text!r}: expected KEY=VALUE")
    key, value = text.split("=", 1)
    if "," in value or ".." in value:
        raise IrqsimError(f"--set {text!r}: one value only", hint="sweep several values with --param")
    return f"{key}={value}"


def _split_plot(spec: str) -> tuple[str, str]:
    from ..sweep.params import canonical_path

    metric, sep, param = spec.rpartition(":")
    if not sep or not metric or not param:
        raise IrqsimError(f"--plot {spec!r}: expected METRIC:PARAM", hint="e.g. --plot src.GP12.lost_share:parts.enc.freq")
    return metric, canonical_path(param)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_")
