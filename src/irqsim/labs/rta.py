"""``irqsim lab rta SCENARIO``: simulate an RTOS task set and check it against its analysis.

Prints utilisation bounds and, per ISR and task, the response-time bound (with blocking and
jitter) next to the worst response the simulation produced. Exit code 1 when a simulated
worst case exceeds its bound (the report names the assumption that broke) or, with
``--strict``, when a deadline was missed or the watchdog fired.
"""

from __future__ import annotations

from ..units import format_ns

DESCRIPTION = "response-time analysis of an RTOS task set, side by side with its simulation"

SHOWN = ("task", "isr", "lock", "prio", "job", "reset", "violation")


def add_arguments(parser) -> None:
    parser.add_argument("scenario", help="task-set TOML (see docs/rtos.md; examples/rtos/)")
    parser.add_argument("--seed", type=int, default=None, help="override the scenario's seed")
    parser.add_argument("--duration", default=None, help="override the scenario's duration, e.g. 2s")
    parser.add_argument("--timeline", type=int, default=0, metavar="N",
                        help="also print the first N scheduling records")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 also on deadline misses, watchdog resets and OS-usage violations")
    from ..report._exports import add_arguments as add_export_arguments

    add_export_arguments(parser)   # --vcd --trace --report --plot: task lanes, blocking, inheritance


def run(args) -> int:
    from ..analysis.report import text_report
    from ..rtos.scenario import load_taskset

    ts = load_taskset(args.scenario, seed=args.seed, duration=args.duration)
    rt = ts.rtos.run(ts.duration_ns)
    from ..report._exports import write_requested

    write_requested(rt, args, title=f"irqsim lab rta {ts.path.name}")
    print(f"{ts.path.name}: {ts.description}" if ts.description else ts.path.name)
    print(f"simulated {format_ns(rt.end_ns)}, seed {rt.rng.seed}, {rt.resets} watchdog resets, "
          f"{len(rt.violations)} violations")
    for rec in rt.violations[:8]:
        where = f"{rec[5]}:{rec[6]}: " if rec[5] else ""
        print(f"  {where}{rec[3]}: [{rec[2]}] {rec[4]} (t={format_ns(rec[0])})")
    if len(rt.violations) > 8:
        print(f"  ... and {len(rt.violations) - 8} more")
    if args.timeline:
        print("\ntimeline (t, kind, fields):")
        shown = 0
        for rec in rt.log.records():
            if rec[1] in SHOWN:
                print(f"  {format_ns(rec[0]):>12}  {rec[1]:<9} {' '.join(str(f) for f in rec[2:])}")
                shown += 1
                if shown >= args.timeline:
                    break
    print()
    report, ok = text_report(rt)
    print(report)
    if not ok:
        return 1
    if args.strict and (rt.violations or rt.resets):
        return 1
    return 0
