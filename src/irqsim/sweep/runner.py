"""One sweep, end to end: plan the points, skip finished ones, run the rest, sort the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IrqsimError
from .params import Axis
from .plan import Point, plan, scenario_digest
from .progress import Progress
from .table import ResultTable, write_parquet


@dataclass
class SweepReport:
    rows: list[dict]
    header: list[str]
    planned: int
    skipped: int                 # already in the table from an earlier run
    ran: int
    failed: dict = field(default_factory=dict)   # status -> count (error, firmware-error ...)


def validate(scenario: Path, points: list[Point]) -> None:
    """Read every point's scenario up front, so a bad value fails before any worker starts."""
    from ..spec.scenario import load_scenario
    from .task import overrides_of

    seen: set = set()
    for p in points:
        params = p.params
        if params in seen:
            continue
        seen.add(params)
        sc = load_scenario(scenario, overrides_of(params, p.seed))
        for name, _ in params:
            bits = name.split(".")
            if bits[0] == "board":
                _check_board_key(sc.board, bits[1], bits[2], name)
        if sc.duration_ns <= 0:
            raise IrqsimError(f"point {dict(params)} has no duration")


def _check_board_key(board_name: str, section: str, key: str, name: str) -> None:
    from ..errors import nearest
    from ..spec.board import load_board

    raw = load_board(board_name).raw
    sections = [k for k, v in raw.items() if isinstance(v, dict)]
    if section not in sections:
        guess = nearest(section, sections)
        raise IrqsimError(f"--param {name}: board {board_name!r} has no section [{section}]",
                          hint=(f"did you mean '{guess}'? " if guess else "") + f"sections: {', '.join(sections)}")
    if key not in raw[section]:
        guess = nearest(key, raw[section])
        raise IrqsimError(f"--param {name}: board {board_name!r} has no key '{key}' in [{section}]",
                          hint=f"did you mean '{guess}'?" if guess else f"keys: {', '.join(raw[section])}")


def run_sweep(scenario: str | Path, axes: list[Axis], *, seeds: list[int], out: str | Path,
              workers: int = 1, scheduler: str | None = None, sample: int | None = None,
              sample_seed: int = 0, parquet: str | Path | None = None, progress: bool | None = None) -> SweepReport:
    scenario = Path(scenario)
    if not scenario.exists():
        raise IrqsimError(f"no such scenario: {scenario}")
    if scenario.suffix != ".toml":
        raise IrqsimError(f"{scenario}: a sweep needs a scenario .toml", hint="write a scenario naming the firmware and its parts")
    points = plan(axes, seeds, scenario_digest(scenario), sample=sample, sample_seed=sample_seed)
    validate(scenario, points)
    names = [a.name for a in axes]
    table = ResultTable(Path(out), names)
    todo = [p for p in points if not table.done(p.key)]
    tasks = [{"scenario": str(scenario.resolve()), "key": p.key, "params": [list(x) for x in p.params],
              "seed": p.seed} for p in todo]
    from .engines import run_dask, run_local

    stream = run_dask(tasks, scheduler) if scheduler else run_local(tasks, workers)
    try:
        with Progress(len(tasks), f"sweep {scenario.name}", enabled=progress) as bar:
            for row in stream:
                table.add(row)
                bar.advance()
    finally:
        close = getattr(stream, "close", None)
        if close:
            close()
        table.close()
    rows = table.finish([p.key for p in points])
    failed: dict = {}
    for r in rows:
        if r["status"] != "ok":
            failed[r["status"]] = failed.get(r["status"], 0) + 1
    if parquet:
        write_parquet(rows, table.header, names, Path(parquet))
    return SweepReport(rows=rows, header=table.header, planned=len(points), skipped=len(points) - len(todo),
                       ran=len(tasks), failed=failed)
