"""``irqsim check SCENARIO``: validate a scenario without running it.

Exit 0 when the scenario is sound, 2 otherwise. Malformed keys stop at the first one (the
loader's error, with file:line and a "did you mean"); a scenario that loads is then checked
as a whole (``spec/check.py``) and every problem is listed.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("check", help="validate a scenario file without running it")
    p.add_argument("scenario", help="scenario .toml: keys, parts, wires, stimuli and firmware syntax "
                   "(docs/scenario.md); exit 0 when sound, 2 otherwise")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import ScenarioError
    from ..spec.board import load_board
    from ..spec.check import check_scenario
    from ..spec.scenario import load_scenario

    path = Path(args.scenario)
    if path.suffix == ".py":
        raise ScenarioError("irqsim check reads a scenario .toml", file=str(path),
                            hint="a bare firmware file has nothing to check; irqsim lint checks firmware")
    sc = load_scenario(path)
    try:
        board = load_board(sc.board, sc.board_overrides or None)
    except ScenarioError as exc:
        if exc.file is None:
            raise ScenarioError(exc.message, file=str(path), line=_line(path, "board"), hint=exc.hint) from None
        raise
    problems = check_scenario(sc, board, path.read_text(encoding="utf-8"))
    for p in problems:
        print(p.format(), file=sys.stderr)
    if problems:
        print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return 2
    print(f"{path}: ok ({len(sc.parts)} parts, {len(sc.stimuli)} stimuli, {len(sc.steps)} steps, "
          f"{len(sc.expect)} expectations)")
    return 0


def _line(path: Path, key: str) -> int | None:
    from ..spec.locate import Locator

    return Locator(path.read_text(encoding="utf-8")).line(key)
