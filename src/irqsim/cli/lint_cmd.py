"""``irqsim lint FILE_OR_DIR...``: static ISR-safety checks, ruff/flake8 style output.

Exit codes: 0 nothing found, 1 findings, 2 usage error (as ruff and flake8), so the command
works as a pre-commit hook (see .pre-commit-hooks.yaml).
"""

from __future__ import annotations

import json
import sys

from ..errors import IrqsimError


def register(sub) -> None:
    p = sub.add_parser("lint", help="check firmware for ISR-safety problems without running it")
    p.add_argument("paths", nargs="*", metavar="FILE_OR_DIR", help="firmware .py files or directories")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--select", action="append", metavar="CODES", help="only these codes or prefixes, e.g. IRQ1,IRQ301")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes or prefixes")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when something is found")
    p.add_argument("--explain", metavar="CODE", help="print the rationale and fix of a rule (or 'all')")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..lint import RULES, lint_paths
    from ..lint.engine import check_codes

    if args.explain:
        code = args.explain.upper()
        if code != "ALL" and code not in RULES:
            raise IrqsimError(f"unknown rule code {args.explain!r}", hint="codes: " + ", ".join(RULES))
        for rule in (RULES.values() if code == "ALL" else [RULES[code]]):
            print(f"{rule.code} {rule.name} ({rule.severity}): {rule.summary}\n  why: {rule.why}\n  fix: {rule.fix}")
        return 0
    if not args.paths:
        raise IrqsimError("no files given", hint="irqsim lint main.py lib/ (directories are searched for *.py)")
    findings = lint_paths(args.paths, select=check_codes(args.select), ignore=check_codes(args.ignore))
    if args.format == "json":
        json.dump([f.as_dict() for f in findings], sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for f in findings:
            print(f.format())
        if findings:
            n = len(findings)
            print(f"Found {n} problem{'s' if n != 1 else ''} (irqsim lint --explain CODE for the reason and fix).",
                  file=sys.stderr)
    return 1 if findings and not args.exit_zero else 0
