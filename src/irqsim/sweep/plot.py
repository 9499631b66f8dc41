"""A metric against one parameter, one line per combination of the other parameters.

Seeds are averaged (the mean of the metric over the seeds of a point); the x axis is the
parameter in its base unit (Hz, ns, µm, bytes) and log-scaled when it spans more than a
decade. Needs matplotlib (extra "plot"); the Agg backend writes files without a display.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import IrqsimError
from .params import numeric

BASE_UNIT = {"frequency": "Hz", "duration": "ns", "distance": "µm", "size": "bytes"}


def series(rows: list[dict], params: list[str], metric: str, param: str) -> dict[tuple, list[tuple[float, float]]]:
    """{other-parameter values: [(x, mean metric over seeds), ...] sorted by x}."""
    if param not in params:
        raise IrqsimError(f"--plot: {param!r} is not a swept parameter", hint=f"parameters: {', '.join(params)}")
    if rows and metric not in rows[0] and not any(metric in r for r in rows):
        cols = sorted({c for r in rows for c in r})
        from ..errors import nearest

        guess = nearest(metric, cols)
        raise IrqsimError(f"--plot: no column {metric!r}", hint=f"did you mean {guess!r}?" if guess else "see the CSV header")
    others = [p for p in params if p != param]
    acc: dict = defaultdict(lambda: defaultdict(list))
    for r in rows:
        y = r.get(metric, "")
        if y in ("", None):
            continue
        x = numeric(r[param])
        if x is None:
            continue
        acc[tuple(r[p] for p in others)][x].append(float(y))
    return {k: sorted((x, sum(v) / len(v)) for x, v in acc[k].items()) for k in sorted(acc, key=_order)}


def _order(values: tuple) -> tuple:
    """Legend order: numerically by value where the value is a quantity (40KB before 120KB)."""
    return tuple((0, n, "") if (n := numeric(v)) is not None else (1, 0.0, str(v)) for v in values)


def plot_metric(rows: list[dict], params: list[str], metric: str, param: str, out: Path) -> Path:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise IrqsimError("--plot needs matplotlib", hint='pip install "irqsim[plot]"') from None
    data = series(rows, params, metric, param)
    others = [p for p in params if p != param]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    xs_all = []
    for key, pts in data.items():
        label = ", ".join(f"{p}={v}" for p, v in zip(others, key, strict=True)) or metric
        xs, ys = zip(*pts, strict=True) if pts else ((), ())
        xs_all += xs
        ax.plot(xs, ys, marker="o", label=label)
    if xs_all and min(xs_all) > 0 and max(xs_all) / min(xs_all) > 10:
        ax.set_xscale("log")
    unit = _unit_of(rows, param)
    ax.set_xlabel(f"{param}" + (f" [{unit}]" if unit else ""))
    ax.set_ylabel(metric)
    ax.grid(True, alpha=0.3)
    if len(data) > 1 or others:
        ax.legend(fontsize=8)
    ax.set_title(f"{metric} vs {param}")
    fig.tight_layout()
    out = Path(out)
    fig.savefig(out, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return out


def _unit_of(rows, param) -> str | None:
    from .params import split_quantity

    for r in rows:
        try:
            family = split_quantity(str(r[param]))[2]
        except IrqsimError:
            return None
        return BASE_UNIT.get(family) if family else None
    return None
