"""``irqsim races``: find torn reads of shared state by firing handlers at chosen lines.

:func:`find_races` builds the simulation (``irqsim.sim.build``), plans the read windows
statically (races/plan.py), runs the firmware with the explorer hooked into the CPU
(races/explore.py) and returns a :class:`RaceReport`. Same target + seed -> same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .explore import Explorer, Race
from .plan import Plan, make_plan

FIX = ("read the variables between `state = machine.disable_irq()` and `machine.enable_irq(state)`, "
       "or have the handler publish one combined variable")


@dataclass
class RaceReport:
    file: str
    races: list[Race]
    windows: int
    boundaries: int
    injections: int
    visits: int
    end_ns: int
    end_reason: str
    seed: int
    blocked: int = 0
    firmware_error: str | None = None
    stdout: list = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.races or self.firmware_error else 0

    def as_dict(self) -> dict:
        return {"file": self.file, "races": [r.as_dict() for r in self.races], "windows": self.windows,
                "boundaries": self.boundaries, "injections": self.injections, "visits": self.visits,
                "blocked": self.blocked, "end_ns": self.end_ns, "end_reason": self.end_reason, "seed": self.seed,
                "firmware_error": self.firmware_error, "fix": FIX if self.races else None}


def find_races(target: str | Path, *, seed: int | None = None, duration: str | None = None,
               tries: int = 4, max_injections: int = 500) -> RaceReport:
    from ..sim import build

    overrides = {}
    if seed is not None:
        overrides["seed"] = seed
    if duration:
        overrides["duration"] = duration
    sim = build(target, overrides=overrides or None, record=False)
    firmware = Path(sim.scenario.firmware)
    plan = make_plan(firmware)
    explorer = Explorer(sim, plan, seed=sim.scenario.seed, tries=tries, max_injections=max_injections)
    if plan.windows:
        explorer.install()
    result = sim.run()
    explorer.finish()
    name = _display(firmware)
    races = sorted(explorer.races.values(), key=lambda r: (r.line_b, r.line_a, r.key_a, r.key_b))
    for r in races:
        r.file = name
    err = result.firmware_error
    return RaceReport(name, races, len(plan.windows), sum(len(w.lines) - 1 for w in plan.windows.values()),
                      explorer.injections, explorer.visits, result.end_ns, result.end_reason, sim.scenario.seed,
                      blocked=sum(explorer.blocked.values()),
                      firmware_error=err.message if err is not None else None, stdout=result.stdout)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


__all__ = ["FIX", "Plan", "Race", "RaceReport", "find_races", "make_plan"]
