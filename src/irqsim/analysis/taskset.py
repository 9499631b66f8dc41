"""From a simulated RTOS to the analysis' task model, and back to a side-by-side verdict.

The analysis needs C, T, D, J and critical sections per task. They come from the
declaration where it states them (declared-cost bodies: the sum of the worst compute
times; periods; semaphore wiring), and from the simulation where it cannot (an ordinary
Python body has no declared cost, so its measured WCET is used and marked "measured" —
a bound built on a measurement is only as good as the coverage of that run).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rtos.ops import Call, critical_sections, wcet_of
from .rta import AnalysisTask, Bound, analyse


@dataclass
class Row:
    name: str
    is_isr: bool
    priority: int
    task: AnalysisTask | None
    c_source: str                    # "declared" | "measured" | ""
    bound: Bound | None
    sim_response_ns: int
    sim_wcet_ns: int
    sim_blocking_ns: int
    worst_job: tuple                 # (job index, release_t_ns) of the worst response
    wcet_job: tuple                  # (job index, release_t_ns, inputs) of the measured WCET
    jobs: int
    misses: int
    min_gap_ns: int
    verdict: str = ""


def _declared(body):
    return body if isinstance(body, (list, tuple)) else None


def build(rt) -> tuple[list[AnalysisTask], dict, list[Row]]:
    """Analysis tasks for every analysable context of ``rt`` (after ``rt.run``)."""
    givers: dict[str, list] = {}
    for src in rt.isrs.values():
        for op in _declared(src.body) or ():
            if isinstance(op, Call) and op.method in ("give_from_isr", "give"):
                givers.setdefault(op.obj, []).append(src)
    switch2 = 2 * rt.switch_ns
    atasks: list[AnalysisTask] = []
    rows: list[Row] = []
    for src in rt.isrs.values():
        ops = _declared(src.body)
        c, how = (wcet_of(ops), "declared") if ops is not None else (src.stats.max_exec_ns, "measured")
        t = src.period_ns or src.min_interarrival_ns
        at = AnalysisTask(src.name, src.priority, c, t, is_isr=True) if t else None
        rows.append(_row(src.name, True, src.priority, at, how, src.stats))
        if at is not None:
            atasks.append(at)
    for task in rt.tasks.values():
        ops = _declared(task.body)
        c, how = (wcet_of(ops), "declared") if ops is not None else (task.stats.max_exec_ns, "measured")
        sections = critical_sections(ops) if ops is not None else {}
        period, jitter = task.period_ns, task.jitter_ns
        if not period and task.wait is not None and givers.get(task.wait.name):
            isrs = givers[task.wait.name]
            period = min(s.period_ns or s.min_interarrival_ns for s in isrs)
        at = None
        if period:
            at = AnalysisTask(task.name, task.base_priority, c + switch2, period,
                              task.deadline_ns or period, jitter, False, sections)
        rows.append(_row(task.name, False, task.base_priority, at, how, task.stats))
        if at is not None:
            atasks.append(at)
    # a sporadic task released by an ISR inherits that ISR's response time as release jitter
    bounds0 = {b.name: b for b in analyse(atasks, *_protocols(rt))}
    fixed = []
    for at in atasks:
        task = rt.tasks.get(at.name)
        if task is not None and not task.period_ns and task.wait is not None and not task.jitter_ns:
            isr_r = [bounds0[s.name].response_ns or 0 for s in givers.get(task.wait.name, ())]
            at = AnalysisTask(at.name, at.priority, at.wcet_ns, at.period_ns, at.deadline_ns,
                              max(isr_r or [0]), False, at.sections)
        fixed.append(at)
    by_name = {at.name: at for at in fixed}
    for row in rows:
        row.task = by_name.get(row.name)
    return fixed, {"protocols": _protocols(rt)[0], "ceilings": _protocols(rt)[1]}, rows


def _protocols(rt) -> tuple[dict, dict]:
    protocols, ceilings = {}, {}
    for obj in rt.objects.values():
        if getattr(obj, "is_mutex", False):
            protocols[obj.name] = obj.protocol
            ceilings[obj.name] = obj.ceiling if obj.protocol == "ceiling" else None
    return protocols, ceilings


def _row(name, is_isr, prio, at, how, stats) -> Row:
    return Row(name, is_isr, prio, at, how if at else "", None, stats.max_response_ns, stats.max_exec_ns,
               stats.max_blocking_ns, stats.max_response_job, stats.max_exec_job, stats.jobs, stats.misses,
               stats.min_gap_ns)


def compare(rt) -> tuple[list[AnalysisTask], list[Row]]:
    """Analyse ``rt``'s task set and judge each simulated worst case against its bound."""
    atasks, ctx, rows = build(rt)
    bounds = {b.name: b for b in analyse(atasks, ctx["protocols"], ctx["ceilings"])}
    for row in rows:
        row.bound = bounds.get(row.name)
        row.verdict = _verdict(row, rt)
    return atasks, rows


def _verdict(row: Row, rt) -> str:
    if row.task is None:
        return "not analysed (no period or minimum inter-arrival)"
    b = row.bound
    if b.response_ns is None:
        return b.note
    if row.jobs == 0:
        return "no job completed"
    if row.sim_response_ns <= b.response_ns:
        return "ok" + (f" ({b.note})" if b.note else "")
    # The simulation beat the bound: name the assumption that broke.
    at = row.task
    why = []
    if row.c_source == "declared" and row.sim_wcet_ns > at.wcet_ns:
        why.append(f"a job ran {row.sim_wcet_ns - at.wcet_ns} ns longer than its declared C")
    if row.min_gap_ns and row.min_gap_ns < at.period_ns - at.jitter_ns:
        why.append("releases came closer than T - J (sporadic assumption broken)")
    if b.blocking_ns is not None and row.sim_blocking_ns > b.blocking_ns:
        why.append(f"blocked {row.sim_blocking_ns} ns > B = {b.blocking_ns} ns "
                   "(nested or undeclared critical sections, or a Python body locking a mutex)")
    if rt.slice_ns:
        why.append("time slicing among equal priorities")
    if row.c_source == "measured":
        why.append("C was measured, not declared: an earlier run did not cover the worst path")
    if b.note:
        why.append(b.note)
    for name in b.interference:
        other = rt.tasks.get(name) or rt.isrs.get(name)
        if other is not None and other.stats.max_exec_ns > 0 and not isinstance(
                getattr(other, "body", None), (list, tuple)):
            why.append(f"{name} has a measured, not declared, cost")
            break
    return "BOUND EXCEEDED: " + ("; ".join(why) if why else "an unmodelled effect (report a bug)")
