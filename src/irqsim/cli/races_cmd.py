"""``irqsim races SCENARIO.toml | firmware.py``: fire handlers inside the main code's read
sequences and report torn reads (IRQ602). Exit 1 when one is found, 0 clean, 2 usage error."""

from __future__ import annotations

import json
import sys

from ..units import format_timestamp


def register(sub) -> None:
    p = sub.add_parser("races", help="find torn reads of state shared by handlers and main code")
    p.add_argument("target", help="scenario .toml, or a firmware .py (default board, 1 s)")
    p.add_argument("--seed", type=int, help="override the scenario's seed (drives which passes get an injection)")
    p.add_argument("--duration", help="override the run's duration (the exploration usually stops earlier)")
    p.add_argument("--tries", type=int, default=4, help="injections per line boundary and handler (default 4)")
    p.add_argument("--max-injections", type=int, default=500, help="stop after this many injections (default 500)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import IrqsimError
    from ..races import FIX, find_races

    if args.tries < 1 or args.max_injections < 1:
        raise IrqsimError("--tries and --max-injections must be at least 1")
    report = find_races(args.target, seed=args.seed, duration=args.duration, tries=args.tries,
                        max_injections=args.max_injections)
    if args.format == "json":
        json.dump(report.as_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return report.exit_code
    for r in report.races:
        seen = ", ".join(f"{k}={_v(v)}" for k, v in r.observed.items())
        states = "; ".join(" ".join(f"{k}={_v(v)}" for k, v in st.items()) for st in r.states)
        when = f"'{r.handler}' fired before line {r.inject_line}" if r.inject_line else "an interrupt arrived"
        times = f" [{r.count} times]" if r.count > 1 else ""
        print(f"{r.file}:{r.line_b}:1: IRQ602 torn read: main read '{r.key_a}' at line {r.line_a} and "
              f"'{r.key_b}' at line {r.line_b}; {when} and main saw {seen}, a state that never existed "
              f"(states held: {states}) at {format_timestamp(r.t_ns).strip('[] ')} s{times}")
        print(f"  fix: {FIX}")
    if report.firmware_error:
        print(f"irqsim: firmware raised {report.firmware_error}", file=sys.stderr)
    if not report.windows:
        summary = "no main-code reads of two variables a handler writes together: nothing to explore"
    else:
        summary = (f"{report.windows} read window{'s' * (report.windows != 1)}, {report.boundaries} line "
                   f"boundar{'ies' if report.boundaries != 1 else 'y'}, {report.injections} injections over "
                   f"{report.visits} passes ({report.blocked} refused: interrupts masked or no branch point), "
                   f"{report.end_ns / 1e6:.3f} ms simulated, seed {report.seed}: "
                   f"{len(report.races)} torn read{'s' * (len(report.races) != 1)}")
    print(f"races: {summary}")
    return report.exit_code


def _v(value) -> str:
    return hex(value) if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 9 else str(value)
