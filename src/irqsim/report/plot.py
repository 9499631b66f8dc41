"""Figures with matplotlib (optional extra ``plot``): timeline, latency histogram, CPU share.

Everything is drawn from the event log through ``_timeline.spans`` / ``stats``. Figures use
matplotlib's object API with the Agg canvas (no pyplot state, no display needed), and are
saved without dates or random ids (``svg.hashsalt``, empty metadata) so two runs with one
seed give byte-identical PNG and SVG files.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import IrqsimError
from ..trace.log import Kind
from ..units import parse_duration
from ._source import pin_name, view_of
from ._timeline import GC, HANDLER, IDLE, ISR, MASKED, spans

KINDS = ("timeline", "latency", "cpu")
_COLORS = {"hard": "#d62728", "soft": "#ff7f0e", "sched": "#9467bd", ISR: "#8c564b", GC: "#7f7f7f",
           IDLE: "#c7c7c7", MASKED: "#1f77b4", "pin": "#2ca02c", "main": "#17becf"}


def _mpl():
    try:
        import matplotlib
    except ImportError:
        raise IrqsimError("plots need matplotlib", hint="pip install 'irqsim[plot]'") from None
    from matplotlib.figure import Figure

    return matplotlib, Figure


def plot(source, kind: str, out, *, window: tuple[int, int] | None = None, fmt: str | None = None,
         end_ns: int | None = None) -> None:
    """Draw figure ``kind`` ("timeline" | "latency" | "cpu") of ``source`` into ``out``.

    ``out`` is a path (format from its suffix: .png or .svg) or a binary stream with ``fmt``.
    ``window`` = (from_ns, to_ns) limits the timeline.
    """
    if kind not in KINDS:
        raise IrqsimError(f"unknown plot kind {kind!r}", hint="one of: " + ", ".join(KINDS))
    if fmt is None:
        fmt = Path(out).suffix.lstrip(".").lower() if isinstance(out, (str, Path)) else "png"
    if fmt not in ("png", "svg"):
        raise IrqsimError(f"cannot write a .{fmt} figure", hint="use a .png or .svg file name")
    view = view_of(source, end_ns=end_ns)
    matplotlib, Figure = _mpl()
    with matplotlib.rc_context({"svg.hashsalt": "irqsim", "svg.fonttype": "path", "font.family": "DejaVu Sans",
                                "font.size": 8, "path.simplify": False}):
        fig = {"timeline": timeline_figure, "latency": latency_figure, "cpu": cpu_figure}[kind](
            view, Figure, window=window)
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(out, format=fmt, dpi=100, metadata=metadata)


def parse_window(start: str | None, stop: str | None, end_ns: int) -> tuple[int, int] | None:
    if start is None and stop is None:
        return None
    lo = parse_duration(start, "--from") if start else 0
    hi = parse_duration(stop, "--to") if stop else end_ns
    if hi <= lo:
        raise IrqsimError(f"empty window: --from {start} is not before --to {stop}")
    return lo, hi


def _scale(span_ns: int) -> tuple[float, str]:
    if span_ns >= 20_000_000:
        return 1e6, "ms"
    if span_ns >= 20_000:
        return 1e3, "µs"
    return 1.0, "ns"


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else "…" + label[-(limit - 1):]


def timeline_figure(view, Figure, *, window=None):
    """Pins as logic traces on top, context bars (masked, ISR, handlers, GC, idle) beneath,
    lost edges marked on the pin (or the top row when the source is not a pin)."""
    data = spans(view.log.records(), view.end_ns, window, main=not _has_tasks(view))
    lo, hi = window if window else (0, data["end_ns"] or 1)
    div, unit = _scale(hi - lo)
    rows: list[tuple[str, str, object]] = []
    for gpio, steps in data["pins"].items():
        rows.append(("pin", pin_name(view, gpio), steps))
    for track in (MASKED, ISR):
        if track in data["spans"]:
            rows.append(("bar", {MASKED: "IRQs masked", ISR: "ISR"}[track], (track, data["spans"][track])))
    for track, items in data["spans"].items():
        if track.startswith(HANDLER):
            rows.append(("bar", track[len(HANDLER):], (track, items)))
    for track in (GC, IDLE):
        if track in data["spans"]:
            rows.append(("bar", track, (track, data["spans"][track])))
    for task, items in _task_order(data):
        rows.append(("task", task, items))
    rows = [(k, _short(label), p) for k, label, p in rows]
    if data["queue"]:
        rows.append(("queue", "sched queue", data["queue"]))
    height = 0.9 + 0.45 * max(1, len(rows))   # inches: 0.55 below the axes, 0.35 above
    longest = max((len(label) for _, label, _ in rows), default=4)
    left = min(0.3, 0.02 + 0.0066 * longest)   # room for the lane labels at 8 pt
    fig = Figure(figsize=(10, height))
    ax = fig.add_axes((left, 0.55 / height, 0.98 - left, 1 - 0.9 / height))
    labels = []
    pin_rows: dict[str, int] = {}
    task_rows: dict[str, int] = {}
    legend_done: set[str] = set()
    for i, (kind, label, payload) in enumerate(rows):
        y = len(rows) - 1 - i
        labels.append((y, label))
        if kind == "pin":
            xs, ys = [], []
            for t, level in payload:
                xs.append((t - lo) / div)
                ys.append(y + 0.1 + 0.7 * level)
            xs.append((hi - lo) / div)
            ys.append(ys[-1])
            ax.step(xs, ys, where="post", color=_COLORS["pin"], linewidth=1)
            pin_rows[label.split()[0]] = y
        elif kind == "bar":
            track, items = payload
            bars = [((max(t0, lo) - lo) / div, max((min(t1, hi) - max(t0, lo)) / div, 0))
                    for t0, t1, _, _ in items]
            info = items[0][3] if items else None
            color = _COLORS.get(info.get("kind") if isinstance(info, dict) and "kind" in info else track, "#555555")
            ax.broken_barh(bars, (y + 0.15, 0.7), facecolors=color, edgecolors=color, linewidth=0.3)
        elif kind == "task":
            # one lane per RTOS task: a bar per state (running / ready / blocked), waiting is a gap
            for state, color in _TASK_COLORS.items():
                bars = [((max(t0, lo) - lo) / div, max((min(t1, hi) - max(t0, lo)) / div, 0))
                        for t0, t1, st, _, _ in payload if st == state]
                height = 0.7 if state == "running" else 0.3
                ax.broken_barh(bars, (y + 0.15, height), facecolors=color, edgecolors=color, linewidth=0.3,
                               label=f"task {state}" if state not in legend_done else None)
                legend_done.add(state)
            task_rows[label] = y
        else:
            peak = max(d for _, d in payload) or 1
            xs = [0.0] + [(max(t, lo) - lo) / div for t, _ in payload] + [(hi - lo) / div]
            ys = [y + 0.1] + [y + 0.1 + 0.7 * d / peak for _, d in payload]
            ys.append(ys[-1])
            ax.step(xs, ys, where="post", color=_COLORS["sched"], linewidth=1)
            labels[-1] = (y, f"{label} (max {peak})")
    boosts = [(t, task) for task, items in data["prio"].items() for t, _, reason in items if reason != "restore"]
    if boosts and task_rows:
        ax.scatter([(t - lo) / div for t, _ in boosts], [task_rows.get(_short(task), 0) + 0.85 for _, task in boosts],
                   marker="^", color="#9467bd", s=25, zorder=5, label=f"priority boosts ({len(boosts)})")
    for t, kind, _label, _ in data["marks"]:
        if kind == "reset":
            ax.axvline((t - lo) / div, color="#d62728", linestyle="--", linewidth=0.8)
    if task_rows:
        ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
    lost = [(t, label) for t, kind, label, _ in data["marks"] if kind == "lost"]
    if lost:
        top = len(rows) - 0.1
        xs = [(t - lo) / div for t, _ in lost]
        ys = [pin_rows.get(src, top - 0.9) + 0.5 for _, src in lost]
        ax.scatter(xs, ys, marker="x", color="#d62728", s=30, zorder=5, label=f"lost edges ({len(lost)})")
        ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
    ax.set_yticks([y + 0.5 for y, _ in labels], [label for _, label in labels])
    ax.set_ylim(0, max(1, len(rows)))
    ax.set_xlim(0, (hi - lo) / div)
    ax.set_xlabel(f"time ({unit})" + (f" from {lo / 1e6:g} ms" if lo else ""))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_title(f"{view.title}: timeline", fontsize=9)
    return fig


_TASK_COLORS = {"running": "#2ca02c", "ready": "#c7c7c7", "blocked": "#d62728"}


def _has_tasks(view) -> bool:
    return any(True for _ in view.log.of_kind(Kind.TASK))


def _task_order(data: dict) -> list[tuple[str, list]]:
    """Task lanes, most urgent first (by the priority of each task's first interval)."""
    first = {task: (items[0][3] if items else 0) for task, items in data["tasks"].items()}
    return [(task, data["tasks"][task]) for task in sorted(first, key=lambda k: (-first[k], k))]


def latencies(view) -> dict[str, list[int]]:
    """Edge (or timer target) -> handler start, in ns, per handler name."""
    out: dict[str, list[int]] = {}
    for rec in view.log.of_kind(Kind.ENTER):
        if rec[5] >= 0:
            out.setdefault(rec[2], []).append(rec[0] - rec[5])
    return dict(sorted(out.items()))


def latency_figure(view, Figure, *, window=None):
    from ..stats import summarize

    lat = latencies(view)
    fig = Figure(figsize=(8, 1.2 + 2.2 * max(1, len(lat))))
    if not lat:
        ax = fig.add_subplot(1, 1, 1)
        ax.text(0.5, 0.5, "no handler ran with a recorded cause (edge or timer)", ha="center", va="center")
        ax.set_axis_off()
        return fig
    for i, (name, values) in enumerate(lat.items()):
        ax = fig.add_subplot(len(lat), 1, i + 1)
        us = [v / 1000 for v in values]
        kind = next((r[3] for r in view.log.of_kind(Kind.ENTER) if r[2] == name), "hard")
        ax.hist(us, bins=min(50, max(5, len(set(us)))), color=_COLORS.get(kind, "#d62728"), alpha=0.8)
        s = summarize(values)
        for key, style in (("median", "-"), ("p90", "--"), ("p99", ":")):
            ax.axvline(s[key], color="black", linestyle=style, linewidth=1, label=f"{key} {s[key]:.1f} µs")
        ax.set_title(f"{name}: latency edge -> handler start (n={s['n']}, max {s['max']:.1f} µs)", fontsize=9)
        ax.set_xlabel("µs")
        ax.set_ylabel("count")
        ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def cpu_figure(view, Figure, *, window=None):
    share = view.stats()["cpu_share"]
    items = sorted(share.items(), key=lambda kv: (-kv[1], kv[0]))
    fig = Figure(figsize=(8, 1.0 + 0.3 * max(1, len(items))))
    ax = fig.add_subplot(1, 1, 1)
    names = [k.replace("handler:", "") for k, _ in items][::-1]
    values = [v * 100 for _, v in items][::-1]
    bars = ax.barh(names, values, color=_COLORS["main"])
    for bar, v in zip(bars, values, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v:.2f}%", va="center", fontsize=7)
    ax.set_xlim(0, 110)
    ax.set_xlabel("share of CPU time (%)")
    ax.set_title(f"{view.title}: CPU share", fontsize=9)
    fig.tight_layout()
    return fig
