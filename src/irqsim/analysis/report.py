"""The side-by-side table: analysed bound next to the simulated worst case, per context."""

from __future__ import annotations

from ..units import format_ns
from .rta import hyperbolic_ok, liu_layland_bound, utilisation
from .taskset import compare


def _f(ns) -> str:
    return "-" if ns is None else format_ns(ns)


def text_report(rt) -> tuple[str, bool]:
    """Returns (report text, True when no simulated worst case exceeded its bound)."""
    atasks, rows = compare(rt)
    lines = []
    u = utilisation(atasks)
    n = len(atasks)
    ll = liu_layland_bound(n)
    lines.append(f"utilisation U = {u:.3f} over {n} contexts; Liu & Layland bound {ll:.3f} "
                 f"({'U <= bound: schedulable' if u <= ll else 'inconclusive'}); hyperbolic bound "
                 f"{'holds: schedulable' if hyperbolic_ok(atasks) else 'inconclusive'} "
                 "(both assume D = T, no blocking, no jitter)")
    header = (f"{'context':<18}{'prio':>5}{'C':>10}{'T':>10}{'D':>10}{'B':>10}{'J':>10}"
              f"{'R bound':>13}{'R sim':>13}{'WCET sim':>13}{'miss':>6}  verdict")
    lines.append(header)
    lines.append("-" * len(header))
    ok = True
    for row in rows:
        at, b = row.task, row.bound
        name = ("isr:" if row.is_isr else "") + row.name
        c = _f(at.wcet_ns) + ("*" if row.c_source == "measured" else "") if at else "-"
        lines.append(f"{name:<18}{row.priority:>5}{c:>10}{_f(at.period_ns if at else None):>10}"
                     f"{_f(at.d_ns if at else None):>10}{_f(b.blocking_ns if b else None):>10}"
                     f"{_f(at.jitter_ns if at else None):>10}{_f(b.response_ns if b else None):>13}"
                     f"{_f(row.sim_response_ns) if row.jobs else '-':>13}{_f(row.sim_wcet_ns) if row.jobs else '-':>13}"
                     f"{row.misses:>6}  {row.verdict}")
        if row.verdict.startswith("BOUND EXCEEDED"):
            ok = False
    lines.append("")
    lines.append("worst cases came from (job index, release time, inputs drawn):")
    for row in rows:
        if row.jobs:
            idx, rel = row.worst_job
            widx, wrel, inputs = row.wcet_job
            drawn = ", ".join(f"{k}={format_ns(v)}" for k, v in inputs) or "declared costs"
            lines.append(f"  {row.name}: worst response in job {idx} released at {format_ns(rel)}; "
                         f"WCET {format_ns(row.sim_wcet_ns)} in job {widx} at {format_ns(wrel)} ({drawn})")
    lines.append("* C measured in this run (no declared cost): the bound is only as good as the run's coverage")
    return "\n".join(lines), ok
