"""``irqsim plot SCENARIO --kind timeline|latency|cpu --out FILE.png|svg [--from 10ms --to 20ms]``:
run the simulation (recording on) and draw one figure from its event log."""

from __future__ import annotations

from ..errors import IrqsimError


def register(sub) -> None:
    p = sub.add_parser("plot", help="run a scenario and draw a figure (timeline, latency, cpu)")
    p.add_argument("target", help="scenario .toml, or a firmware .py (default board, 1 s)")
    p.add_argument("--kind", default="timeline", choices=("timeline", "latency", "cpu"),
                   help="timeline: pins and handler runs; latency: histogram with percentiles; cpu: CPU share")
    p.add_argument("--out", required=True, metavar="FILE.png|svg", help="where to write the figure")
    p.add_argument("--from", dest="start", metavar="TIME", help="timeline window start, e.g. 10ms")
    p.add_argument("--to", dest="stop", metavar="TIME", help="timeline window end, e.g. 20ms")
    p.add_argument("--duration", help="override the run's duration, e.g. 2s")
    p.add_argument("--seed", type=int, help="override the scenario's seed")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario value (as in irqsim run)")
    from .attach import add_arguments as add_attach_arguments

    add_attach_arguments(p)   # --part, --at (as in irqsim run)
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from ..report import progress
    from ..report.plot import parse_window, plot
    from ..sim import build
    from .run_cmd import parse_set

    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise IrqsimError(f"--out {args.out}: the figure format comes from the suffix",
                          hint="use a .png or .svg file name")
    if not out.parent.is_dir():
        raise IrqsimError(f"cannot write {args.out}: no such directory {out.parent}")
    if (args.start or args.stop) and args.kind != "timeline":
        raise IrqsimError("--from/--to apply to --kind timeline only")
    from .attach import overrides as attach_overrides

    overrides = parse_set(args.set)
    overrides.update(attach_overrides(args.part, args.at))
    if args.duration:
        overrides["duration"] = args.duration
    if args.seed is not None:
        overrides["seed"] = args.seed
    sim = build(args.target, overrides=overrides)
    with progress.watch(sim):
        result = sim.run()
    window = parse_window(args.start, args.stop, result.end_ns)
    plot(result, args.kind, out, window=window)
    print(f"irqsim: wrote {out}")
    return 0
