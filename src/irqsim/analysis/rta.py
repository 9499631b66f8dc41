"""Response-time analysis for fixed-priority preemptive scheduling.

The classic recurrence (Joseph & Pandya 1986; Audsley et al. 1993, with release jitter and
blocking as in Burns & Wellings, "Real-Time Systems and Programming Languages", ch. 13)::

    w = C_i + B_i + sum_{j in hp(i)} ceil((w + J_j) / T_j) * C_j      (iterate to a fixed point)
    R_i = w + J_i

``hp(i)`` holds every context at least as urgent as ``i`` (equal priorities are counted as
interference: FIFO among equals, so a conservative superset). ISRs are more urgent than
every task. The recurrence is valid for constrained deadlines (R_i <= T_i): when the fixed
point passes the period the result is flagged, because a job could then delay its own
successor and the single-job analysis no longer holds.

Blocking terms (Buttazzo, "Hard Real-Time Computing Systems", 3rd ed., ch. 7; Sha,
Rajkumar & Lehoczky 1990):

* priority ceiling (immediate, ICPP/SRP-like): a job is blocked at most once, by the longest
  critical section of a lower-priority task on a resource whose ceiling is >= its priority;
* priority inheritance: at most one section per such resource and at most one per lower
  task, so B_i = min(sum over resources of the longest section, sum over lower tasks of
  their longest section);
* no protocol: bounded as for inheritance only when no task lies strictly between the
  holder and the blocked task; otherwise a medium task can preempt the holder for as long
  as it likes (the Mars Pathfinder case) and the blocking is unbounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnalysisTask:
    name: str
    priority: int
    wcet_ns: int
    period_ns: int                   # period, or minimum inter-arrival of a sporadic task/ISR
    deadline_ns: int = 0             # 0: equal to the period
    jitter_ns: int = 0
    is_isr: bool = False
    sections: dict = field(default_factory=dict)   # mutex name -> longest critical section (ns)

    @property
    def level(self) -> tuple:
        return (1 if self.is_isr else 0, self.priority)

    @property
    def d_ns(self) -> int:
        return self.deadline_ns or self.period_ns


@dataclass(frozen=True)
class Bound:
    name: str
    response_ns: int | None          # None: unbounded / did not converge
    blocking_ns: int | None
    interference: tuple              # names in hp(i)
    note: str = ""

    @property
    def schedulable(self) -> bool:
        return self.response_ns is not None and not self.note.startswith("R >")


def ceilings(tasks, explicit: dict | None = None) -> dict:
    """Ceiling of each resource: the most urgent user, unless given explicitly."""
    out: dict = {}
    for t in tasks:
        for name in t.sections:
            out[name] = max(out.get(name, t.level), t.level)
    for name, prio in (explicit or {}).items():
        if prio is not None and name in out:
            out[name] = max(out[name], (0, prio))
    return out


def blocking(tasks, task: AnalysisTask, protocols: dict, explicit_ceilings: dict | None = None):
    """B_i in ns, or None when it is unbounded (no protocol with an intermediate task)."""
    ceil = ceilings(tasks, explicit_ceilings)
    lower = [t for t in tasks if t.level < task.level and not t.is_isr]
    relevant = {m for t in lower for m in t.sections if ceil.get(m, (0, -1)) >= task.level}
    if not relevant:
        return 0
    if any(protocols.get(m, "inherit") == "none" for m in relevant):
        users = [t.level for t in lower if any(m in relevant for m in t.sections)]
        lowest = min(users)
        if any(lowest < t.level < task.level for t in tasks if t is not task):
            return None
    if all(protocols.get(m, "inherit") == "ceiling" for m in relevant):
        return max(t.sections[m] for t in lower for m in t.sections if m in relevant)
    per_resource = sum(max(t.sections.get(m, 0) for t in lower) for m in relevant)
    per_task = sum(max([t.sections[m] for m in t.sections if m in relevant] or [0]) for t in lower)
    return min(per_resource, per_task)


def response_time(tasks, task: AnalysisTask, blocking_ns: int, *, limit_periods: int = 50) -> int | None:
    """The fixed point of the recurrence, or None if it passes ``limit_periods`` periods."""
    hp = [t for t in tasks if t is not task and t.level >= task.level]
    base = task.wcet_ns + blocking_ns
    w = base + sum(t.wcet_ns for t in hp)
    limit = max(task.period_ns, task.d_ns) * limit_periods
    while True:
        nxt = base + sum(-(-(w + t.jitter_ns) // t.period_ns) * t.wcet_ns for t in hp)
        if nxt == w:
            return w + task.jitter_ns
        if nxt > limit:
            return None
        w = nxt


def analyse(tasks, protocols: dict | None = None, explicit_ceilings: dict | None = None) -> list[Bound]:
    """A bound per task, in the order given."""
    protocols = protocols or {}
    out = []
    for task in tasks:
        hp = tuple(t.name for t in tasks if t is not task and t.level >= task.level)
        b = blocking(tasks, task, protocols, explicit_ceilings)
        if b is None:
            out.append(Bound(task.name, None, None, hp, "unbounded blocking: no locking protocol and a "
                             "task of intermediate priority can preempt the holder"))
            continue
        r = response_time(tasks, task, b)
        if r is None:
            out.append(Bound(task.name, None, b, hp, "R > D: the recurrence diverges (overload)"))
        elif r > task.period_ns:
            out.append(Bound(task.name, r, b, hp, "R > T: a job can delay its successor; the D <= T "
                             "analysis does not apply"))
        elif r > task.d_ns:
            out.append(Bound(task.name, r, b, hp, "R > D: deadline can be missed"))
        else:
            out.append(Bound(task.name, r, b, hp))
    return out


def utilisation(tasks) -> float:
    return sum(t.wcet_ns / t.period_ns for t in tasks)


def liu_layland_bound(n: int) -> float:
    """Liu & Layland (1973): RM schedules any n implicit-deadline tasks with U <= n(2^(1/n) - 1)."""
    return n * (2 ** (1 / n) - 1) if n else 1.0


def hyperbolic_ok(tasks) -> bool:
    """Bini, Buttazzo & Buttazzo (2003): RM-schedulable if prod(U_i + 1) <= 2."""
    prod = 1.0
    for t in tasks:
        prod *= t.wcet_ns / t.period_ns + 1
    return prod <= 2.0
