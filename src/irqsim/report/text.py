"""The text summary printed after a run, and the ``--json`` document."""

from __future__ import annotations

from ..units import format_timestamp
from .parts_doc import parts_document


def _fmt(s: dict | None) -> str:
    if not s:
        return "-"
    return f"{s['min']:.1f}/{s['median']:.1f}/{s['p99']:.1f}/{s['max']:.1f}"


def format_summary(result, *, full: bool = False) -> str:
    st = result.stats()
    lines = [f"--- irqsim: {result.board}, {result.end_ns / 1e9:.6f} s virtual, ended by {result.end_reason}"]
    if st["handlers"]:
        lines.append(f"{'handler':28} {'kind':5} {'count':>6}  {'latency us min/med/p99/max':>28}  {'duration us min/med/p99/max':>28}")
        for name, h in st["handlers"].items():
            lines.append(f"{name[:28]:28} {h['kind'][:5]:5} {h['count']:6d}  {_fmt(h['latency_us']):>28}  {_fmt(h['duration_us']):>28}")
    for src, s in st["sources"].items():
        lost = ", ".join(f"{k} {v}" for k, v in s["lost"].items()) or "none"
        lines.append(f"{src}: {s['edges']} edges, {s['handled']} handled, lost: {lost}"
                     + (f", {s['pending_at_end']} pending at end" if s["pending_at_end"] else ""))
    sched = st["scheduler"]
    drops = sum(sched["drops"].values())
    lines.append(f"scheduler: high-water {sched['high_water']}, drops {drops}; "
                 f"IRQs masked {st['masked']['total_us']:.1f} us (longest {st['masked']['longest_us']:.1f} us); "
                 f"GC {st['gc']['collections']} pauses")
    share = ", ".join(f"{k} {v * 100:.1f}%" for k, v in sorted(st["cpu_share"].items(), key=lambda kv: -kv[1]) if v >= 0.0005)
    lines.append(f"CPU: {share}")
    for v in result.violations:
        where = f"{v.file}:{v.line}: " if v.file else ""
        lines.append(f"{where}{v.code} [{v.severity}] {v.message} (at {format_timestamp(v.t_ns).strip('[] ')} s)")
    for e in result.expectations:
        mark = "ok  " if e["passed"] else "FAIL"
        lines.append(f"expect {mark} (line {e['line']}): {e['detail']}")
    if full:
        import json

        lines.append(json.dumps(st, indent=1))
    return "\n".join(lines)


def result_document(result) -> dict:
    err = result.firmware_error
    return {
        "irqsim": 1,
        "board": result.board,
        "firmware": result.scenario.firmware.name,
        "seed": result.scenario.seed,
        "duration_ns": result.scenario.duration_ns,
        "end_ns": result.end_ns,
        "end_reason": result.end_reason,
        "exit_code": result.exit_code,
        "stdout": [{"t_ns": t, "text": text} for t, text in result.stdout],
        "stats": result.stats(),
        "violations": [v.as_dict() for v in result.violations],
        "expectations": result.expectations,
        "parts": parts_document(result),   # each part's final state (report/parts_doc.py)
        "firmware_error": None if err is None else {
            "message": err.message, "file": err.file, "line": err.line, "t_ns": err.t_ns,
            "traceback": err.traceback_text},
    }
