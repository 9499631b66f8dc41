"""``irqsim run SCENARIO.toml | firmware.py``: run, print timestamped output and a summary."""

from __future__ import annotations

import json
import sys

from ..errors import IrqsimError
from ..units import format_timestamp


def parse_set(values: list[str]) -> dict:
    out = {}
    for item in values or []:
        if "=" not in item:
            raise IrqsimError(f"--set {item!r}: expected key=value", hint="e.g. --set parts.enc.freq=10kHz")
        key, value = item.split("=", 1)
        out[key.strip()] = _value(value.strip())
    return out


def _value(text: str):
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def register(sub) -> None:
    p = sub.add_parser("run", help="run firmware against a scenario")
    p.add_argument("target", help="scenario .toml, or a firmware .py (default board pico2, 1 s; "
                   "attach parts with --part/--at)")
    p.add_argument("--duration", help="override the run's duration, e.g. 2s")
    p.add_argument("--seed", type=int, help="override the scenario's seed")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario value: parts.<id>.<attr>, board.<section>.<key>, duration ...")
    from .attach import add_arguments as add_attach_arguments

    add_attach_arguments(p)   # --part, --at
    p.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    p.add_argument("--stats", action="store_true", help="print the full statistics")
    p.add_argument("--quiet", action="store_true", help="no live firmware output")
    p.add_argument("--strict", action="store_true", help="warnings count as failures (exit 1)")
    p.add_argument("--fs-out", metavar="DIR",
                   help="after the run, write the board's filesystem (committed files) into DIR")
    from ..report._exports import add_arguments as add_export_arguments

    add_export_arguments(p)  # --vcd --trace --report --plot
    p.set_defaults(func=run)


def run(args) -> int:
    from ..report.text import format_summary, result_document
    from ..sim import build
    from .attach import overrides as attach_overrides
    from .attach import unwired_irq_hint

    overrides = parse_set(args.set)
    overrides.update(attach_overrides(args.part, args.at))
    if args.duration:
        overrides["duration"] = args.duration
    if args.seed is not None:
        overrides["seed"] = args.seed

    def echo(t, line):
        print(f"{format_timestamp(t)} {line}", flush=False)

    live = not args.json and not args.quiet
    sim = build(args.target, overrides=overrides, echo=echo if live else None)
    from ..report import progress
    from ..report._exports import write_requested

    with progress.watch(sim, json_mode=args.json):
        result = sim.run()
    write_requested(result, args)
    if args.fs_out:
        sim.port.vfs.export(args.fs_out)
    if args.json:
        doc = result_document(result)
        doc["fs"] = sim.port.vfs.snapshot()   # files as committed (flush/close) when the run ended
        json.dump(doc, sys.stdout, indent=1, sort_keys=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.flush()
        print(format_summary(result, full=args.stats))
        hint = unwired_irq_hint(sim)
        if hint:
            print(hint, file=sys.stderr)
        if result.firmware_error is not None:
            print(f"irqsim: firmware raised {result.firmware_error.message} "
                  f"({result.firmware_error.file}:{result.firmware_error.line}) at "
                  f"{format_timestamp(result.firmware_error.t_ns).strip('[] ')} s", file=sys.stderr)
    code = result.strict_exit_code() if args.strict else result.exit_code
    return code
