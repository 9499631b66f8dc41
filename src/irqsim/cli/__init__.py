"""``irqsim`` command line. Each subcommand lives in its own module with
``register(subparsers)``; modules listed in COMMANDS that do not exist yet are skipped."""

from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import IrqsimError

COMMANDS = ("run", "check", "boards", "lint", "races", "lab", "plot", "sweep", "grade")


_START = """start here:
  irqsim run main.py                                   firmware alone: pico2 board, 1 s, nothing wired
  irqsim run main.py --part button:GP16 --at 100ms:button.click
                                                       ... with a button pressed at 100 ms
  irqsim run examples/seed/button_flag.toml            a scenario: parts, wires, stimuli, expectations
  irqsim check my.toml                                 validate a scenario without running it
  irqsim COMMAND --help                                options of one command
docs: README.md, docs/scenario.md (scenario files), docs/parts.md (parts), docs/pytest.md (tests)"""


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(prog="irqsim", description="Run MicroPython interrupt firmware for the "
                                     "RP2350 in deterministic virtual time.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_START)
    parser.add_argument("--version", action="version", version=f"irqsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}_cmd":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except IrqsimError as exc:
        print(f"irqsim: {exc.format()}" if not exc.file else exc.format(), file=sys.stderr)
        if getattr(args, "json", False):
            # --json promises one document on stdout: a script reading it gets the error too.
            import json

            json.dump({"error": {"type": type(exc).__name__, "message": exc.message, "file": exc.file,
                                 "line": exc.line, "hint": exc.hint, "exit_code": exc.exit_code}},
                      sys.stdout, indent=1)
            sys.stdout.write("\n")
        return exc.exit_code
    except KeyboardInterrupt:
        print("irqsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())
