"""``irqsim check SCENARIO``: validate a scenario without running it."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("check", help="validate a scenario file without running it")
    p.add_argument("scenario")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..spec.board import load_board
    from ..spec.scenario import load_scenario

    sc = load_scenario(args.scenario)
    load_board(sc.board)
    print(f"{args.scenario}: ok ({len(sc.parts)} parts, {len(sc.stimuli)} stimuli, {len(sc.expect)} expectations)")
    return 0
