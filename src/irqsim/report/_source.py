"""What an exporter reads: a finished :class:`~irqsim.sim.Result`, or an event log alone.

Exporters must work from a recorded log with no simulation around it (tests build one by
hand; a saved log can be exported later), so they take a :class:`RunView`: the log plus
the few facts about the run that the log does not carry (firmware path for source
listings, pin labels from the wiring). :func:`view_of` accepts either kind of input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IrqsimError
from ..trace.log import EventLog, Kind


@dataclass
class RunView:
    log: EventLog
    end_ns: int
    title: str = "irqsim run"
    board: str = ""
    seed: int | None = None
    firmware: Path | None = None
    pin_labels: dict[int, str] = field(default_factory=dict)   # gpio -> "sonar.echo"
    parts: dict = field(default_factory=dict)
    sched_high_water: int = 0
    result: object | None = None  # the Result, when there is one

    def stats(self) -> dict:
        """The statistics of ``irqsim.stats`` (computed from the log alone).

        A view of a Result asks the Result, which keeps them: the HTML report and the run's
        printed summary then share one pass over the log."""
        if self.result is not None and hasattr(self.result, "stats"):
            return self.result.stats()
        from ..stats import compute_stats

        return compute_stats(self)


def view_of(source, *, end_ns: int | None = None) -> RunView:
    """A RunView from a Result, a RunView, or an EventLog (with an optional end time)."""
    if isinstance(source, RunView):
        return source
    if isinstance(source, EventLog):
        return _from_log(source, end_ns)
    if hasattr(source, "log") and hasattr(source, "scenario"):
        return _from_result(source)
    if isinstance(getattr(source, "log", None), EventLog) and hasattr(source, "tasks"):
        return _from_rtos(source)
    raise TypeError(f"cannot export from {type(source).__name__}")


def _check(log: EventLog) -> None:
    if not log.enabled:
        raise IrqsimError("this run was made with recording off, so there is nothing to export",
                          hint="build the Simulation with record=True (the default)")


def _from_log(log: EventLog, end_ns: int | None) -> RunView:
    _check(log)
    end = 0
    high = 0
    for rec in log.records():
        if rec[0] > end:
            end = rec[0]
        if rec[1] == Kind.SCHED and rec[3] > high:
            high = rec[3]
    return RunView(log=log, end_ns=max(end, end_ns or 0), sched_high_water=high)


def _from_result(result) -> RunView:
    _check(result.log)
    sc = result.scenario
    labels: dict[int, str] = {}
    for part_id, pins in sorted(getattr(sc, "wires", {}).items()):
        for pin, gpio in sorted(pins.items()):
            labels.setdefault(gpio, f"{part_id}.{pin}")
    name = sc.path.name if getattr(sc, "path", None) else sc.firmware.name
    return RunView(log=result.log, end_ns=result.end_ns, title=f"irqsim: {name}", board=result.board,
                   seed=sc.seed, firmware=sc.firmware, pin_labels=labels, parts=result.parts,
                   sched_high_water=result.sched_high_water, result=result)


def _from_rtos(rt) -> RunView:
    """An RTOS model after ``run`` (``irqsim.rtos.Rtos``): its log and clock, no firmware."""
    _check(rt.log)
    rng = getattr(rt, "rng", None)
    title = getattr(rt, "title", None) or "irqsim RTOS task set"
    return RunView(log=rt.log, end_ns=rt.end_ns, title=title, seed=getattr(rng, "seed", None))


def pin_name(view: RunView, gpio: int) -> str:
    label = view.pin_labels.get(gpio)
    return f"GP{gpio} {label}" if label else f"GP{gpio}"
