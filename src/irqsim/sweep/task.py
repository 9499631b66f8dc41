"""What a worker does with one point: build, run, flatten the statistics into one row.

This module is imported in the worker processes (local pool or Dask workers), so it keeps
its imports light and never raises: a scenario or firmware problem becomes a row with a
``status`` and an ``error`` column, so one bad point cannot stop a sweep.
"""

from __future__ import annotations

LEAD = ("key", "seed", "status", "error")


def run_point(task: dict) -> dict:
    """``task``: {"scenario", "key", "params": [[name, value]...], "seed"} -> flat row (all str)."""
    from ..errors import IrqsimError
    from ..sim import build

    row: dict = {"key": task["key"], "seed": task["seed"]}
    row.update({name: value for name, value in task["params"]})
    try:
        result = build(task["scenario"], overrides=overrides_of(task["params"], task["seed"])).run()
    except IrqsimError as exc:
        row.update(status="error", error=exc.message)
        return _strings(row)
    except Exception as exc:  # noqa: BLE001 - a sweep reports an internal error per point
        row.update(status="internal-error", error=f"{type(exc).__name__}: {exc}")
        return _strings(row)
    row["status"] = "firmware-error" if result.firmware_error is not None else "ok"
    row["error"] = result.firmware_error.message if result.firmware_error is not None else ""
    row.update(flatten(result))
    return _strings(row)


def overrides_of(params, seed: int) -> dict:
    """The ``build(overrides=...)`` dict of a point; ``heap.<key>`` values form one ``heap`` table."""
    out: dict = {}
    for name, value in params:
        if name.startswith("heap."):
            out.setdefault("heap", {})[name.split(".", 1)[1]] = value
        else:
            out[name] = value
    out["seed"] = seed
    return out


def flatten(result) -> dict:
    """Result.stats() as flat columns (one value per column, dotted names)."""
    st = result.stats()
    out: dict = {
        "end_reason": result.end_reason,
        "end_us": result.end_ns / 1000,
        "violations": len(result.violations),
        "expectations_failed": sum(1 for e in result.expectations if not e["passed"]),
        "gc.collections": st["gc"]["collections"],
        "sched.high_water": st["scheduler"]["high_water"],
        "sched.drops": sum(st["scheduler"]["drops"].values()),
        "masked.total_us": st["masked"]["total_us"],
        "masked.longest_us": st["masked"]["longest_us"],
    }
    _summary(out, "gc.pause_us", st["gc"]["pause_us"])
    for src, s in st["sources"].items():
        p = f"src.{src}"
        out[f"{p}.edges"] = s["edges"]
        out[f"{p}.handled"] = s["handled"]
        out[f"{p}.lost"] = s["lost_total"]
        out[f"{p}.pending_at_end"] = s["pending_at_end"]
        out[f"{p}.lost_share"] = round(s["lost_total"] / s["edges"], 6) if s["edges"] else 0.0
        _summary(out, f"{p}.reaction_us", s["reaction_us"])
    for name, h in st["handlers"].items():
        p = f"handler.{name}"
        out[f"{p}.count"] = h["count"]
        _summary(out, f"{p}.latency_us", h["latency_us"])
        _summary(out, f"{p}.duration_us", h["duration_us"])
    for ctx, share in st["cpu_share"].items():
        out[f"cpu.{ctx}"] = share
    for pid, summary in (st.get("parts") or {}).items():
        for k, v in (summary or {}).items():
            if isinstance(v, (int, float, str, bool)):
                out[f"part.{pid}.{k}"] = v
    return out


def _summary(out: dict, prefix: str, s: dict | None) -> None:
    for k in ("median", "p99", "max"):
        out[f"{prefix}.{k}"] = "" if s is None else s[k]


def _strings(row: dict) -> dict:
    """Every cell as the text written to the CSV, so fresh and resumed tables are identical."""
    out = {}
    for k, v in row.items():
        if v is None:
            out[k] = ""
        elif isinstance(v, bool):
            out[k] = "true" if v else "false"
        else:
            out[k] = str(v)
    return out
