"""Statistics computed from the event log alone (nothing re-simulates)."""

from __future__ import annotations

from collections import defaultdict

from .trace.log import Kind


def summarize(values_ns: list[int]) -> dict | None:
    """min / median / p90 / p99 / max / jitter (max - min) in µs, with exact ns inputs."""
    if not values_ns:
        return None
    v = sorted(values_ns)
    n = len(v)

    def pct(p: float) -> float:
        # nearest-rank percentile: deterministic and always an observed value
        idx = max(0, min(n - 1, -(-int(p * n * 1000) // 100_000) - 1))
        return v[idx] / 1000

    return {"n": n, "min": v[0] / 1000, "median": pct(50), "p90": pct(90), "p99": pct(99), "max": v[-1] / 1000,
            "mean": round(sum(v) / n / 1000, 3), "jitter": (v[-1] - v[0]) / 1000}


def compute_stats(result) -> dict:
    log = result.log
    end = result.end_ns
    handlers: dict[str, dict] = {}
    open_enter: list[tuple] = []
    sources: dict[str, dict] = defaultdict(lambda: {"edges": 0, "handled": 0, "lost": defaultdict(int)})
    share: dict[str, int] = defaultdict(int)
    stack = ["main"]
    last_t = 0
    masked_since = None
    masked_total = 0
    masked_longest = 0
    masked_count = 0
    gc_since = None
    gc_pauses = []
    drops = defaultdict(int)
    reacts = defaultdict(list)

    def account(t):
        nonlocal last_t
        if t > last_t:
            share[stack[-1]] += t - last_t
            last_t = t

    # Kinds as locals and pin changes (a quarter of a typical log, unused here) skipped first:
    # this loop runs once per record of every run that prints a summary.
    PIN, ENTER, EXIT, ISR, IDLE, GC = Kind.PIN, Kind.ENTER, Kind.EXIT, Kind.ISR, Kind.IDLE, Kind.GC
    EDGE, LOST, DROP, MASK, REACT = Kind.EDGE, Kind.LOST, Kind.DROP, Kind.MASK, Kind.REACT
    for rec in log.records():
        t, kind = rec[0], rec[1]
        if kind == PIN:
            continue
        if kind == ENTER:
            account(t)
            _, _, name, ctx_kind, depth, cause_t, source = rec
            h = handlers.setdefault(name, {"kind": ctx_kind, "source": source, "count": 0,
                                           "latency": [], "duration": []})
            h["count"] += 1
            if cause_t >= 0:
                h["latency"].append(t - cause_t)
            if source and source not in ("schedule",):
                sources[source]["handled"] += 1
            open_enter.append((name, t))
            stack.append("handler:" + name)
        elif kind == EXIT:
            account(t)
            name = rec[2]
            for i in range(len(open_enter) - 1, -1, -1):
                if open_enter[i][0] == name:
                    _, t0 = open_enter.pop(i)
                    handlers[name]["duration"].append(t - t0)
                    break
            if len(stack) > 1:
                stack.pop()
        elif kind == ISR:
            account(t)
            if rec[3]:
                stack.append("isr")
            elif len(stack) > 1:
                stack.pop()
        elif kind == IDLE:
            account(t)
            if rec[2]:
                stack.append("idle")
            elif len(stack) > 1:
                stack.pop()
        elif kind == GC:
            account(t)
            if rec[2]:
                stack.append("gc")
                gc_since = t
            else:
                if len(stack) > 1:
                    stack.pop()
                if gc_since is not None:
                    gc_pauses.append(t - gc_since)
                    gc_since = None
        elif kind == EDGE:
            sources[rec[2]]["edges"] += 1
        elif kind == LOST:
            sources[rec[2]]["lost"][rec[3]] += 1
        elif kind == DROP:
            drops[rec[2]] += 1
        elif kind == MASK:
            if rec[2]:
                masked_since = t
                masked_count += 1
            elif masked_since is not None:
                d = t - masked_since
                masked_total += d
                masked_longest = max(masked_longest, d)
                masked_since = None
        elif kind == REACT:
            if rec[4] >= 0:
                reacts[rec[2]].append(t - rec[4])
    account(end)
    if masked_since is not None:
        d = max(0, end - masked_since)
        masked_total += d
        masked_longest = max(masked_longest, d)

    total = sum(share.values()) or 1
    out_handlers = {}
    for name, h in sorted(handlers.items()):
        out_handlers[name] = {
            "kind": h["kind"], "source": h["source"], "count": h["count"],
            "latency_us": summarize(h["latency"]), "duration_us": summarize(h["duration"]),
        }
    out_sources = {}
    for src, s in sorted(sources.items()):
        lost = dict(sorted(s["lost"].items()))
        lost_total = sum(lost.values())
        out_sources[src] = {"edges": s["edges"], "handled": s["handled"], "lost": lost, "lost_total": lost_total,
                            "pending_at_end": max(0, s["edges"] - s["handled"] - lost_total),
                            "reaction_us": summarize(reacts.get(src, []))}
    return {
        "duration_us": end / 1000,
        "handlers": out_handlers,
        "sources": out_sources,
        "cpu_share": {k: round(v / total, 6) for k, v in sorted(share.items())},
        "masked": {"count": masked_count, "total_us": masked_total / 1000, "longest_us": masked_longest / 1000},
        "scheduler": {"depth": None, "high_water": result.sched_high_water, "drops": dict(sorted(drops.items()))},
        "gc": {"collections": len(gc_pauses), "pause_us": summarize(gc_pauses)},
        "parts": result.parts,
    }
