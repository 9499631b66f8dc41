"""One self-contained HTML report: summary tables, a zoomable timeline, latency histograms,
CPU share, violations linked to the firmware lines, and the output.

Self-contained means no network at all: CSS and JavaScript are inline
(``_html_assets.py``), figures are inline SVG drawn here (so the report needs no plotting
library), and the firmware source is embedded with one anchor per line. Output is
deterministic: no dates, sorted keys, integer times.
"""

from __future__ import annotations

import base64
import html
import json
import sys
from array import array
from operator import itemgetter, le

from ..units import format_ns
from ._html_assets import CSS, JS
from ._source import pin_name
from ._timeline import GC, HANDLER, IDLE, ISR, MAIN, MASKED, spans
from .html_parts import parts_section
from .plot import latencies

MAX_SHAPES = 200_000   # beyond this the embedded timeline is cut (noted in the page)
_COLORS = {"hard": "#d62728", "soft": "#ff7f0e", "sched": "#9467bd", ISR: "#8c564b", GC: "#7f7f7f",
           IDLE: "#bbbbbb", MASKED: "#1f77b4", MAIN: "#17becf", "pin": "#2ca02c", "queue": "#9467bd",
           "bus": "#e377c2"}
# RTOS task states as the plot draws them (plot.py): green running, grey ready, red blocked
_TASK_COLORS = {"running": "#2ca02c", "ready": "#bbbbbb", "blocked": "#d62728"}
_e = html.escape
_T0, _T1, _T2 = itemgetter(0), itemgetter(1), itemgetter(2)


def write_report(source, out, *, end_ns: int | None = None) -> None:
    """Write the HTML report of ``source`` (a Result, RunView or EventLog) to a path or stream."""
    from .onepass import export

    export(source, end_ns=end_ns, report=out)


def render(view, spans_data: dict | None = None) -> str:
    """The page; ``spans_data`` is ``_timeline.spans`` of the log when the caller has it
    (``onepass.export`` collects it in the pass it shares with the other exporters)."""
    if spans_data is None:
        spans_data = spans(view.log.records(), view.end_ns)
    st = view.stats()
    data, cut = timeline_data(view, spans_data)
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{_e(view.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(view.title)}</h1>",
        f"<p class=\"meta\">board {_e(view.board or '?')} &middot; seed {_e(str(view.seed))} &middot; "
        f"{_e(format_ns(view.end_ns))} virtual"
        + (f" &middot; ended by {_e(view.result.end_reason)}" if view.result is not None else "") + "</p>",
        "<div id=\"js-errors\"></div>",
        _summary(st),
        "<h2 id=\"timeline-h\">Timeline</h2>",
        "<div class=\"controls\"><button id=\"zoom-in\">zoom in</button><button id=\"zoom-out\">zoom out</button>"
        "<button id=\"zoom-reset\">whole run</button> <span id=\"view-range\" class=\"note\"></span>"
        " <span class=\"note\">wheel to zoom, drag to pan, hover for times</span></div>",
        "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"200\"></svg>",
        f"<p class=\"note\">{_e(cut)}</p>" if cut else "",
        "<script type=\"application/json\" id=\"timeline-data\">"
        + json.dumps(data, separators=(",", ":"), sort_keys=True).replace("</", "<\\/") + "</script>",
        parts_section(view, spans_data),
        "<h2>Latency</h2>", _histograms(view),
        "<h2>CPU share</h2>", _cpu_bars(st["cpu_share"]),
        _violations(view, spans_data["marks"]),
        _output(view, spans_data["marks"]),
        _sources(view, spans_data["marks"]),
        f"<script>{JS}</script></body></html>\n",
    ]
    return "\n".join(p for p in parts if p)


# -- summary -----------------------------------------------------------------------------
def _us(s: dict | None, key: str) -> str:
    return "-" if not s else f"{s[key]:.1f}"


def _summary(st: dict) -> str:
    rows = ["<h2>Summary</h2>", "<table id=\"summary-handlers\"><tr><th class=l>handler</th><th>kind</th>"
            "<th>runs</th><th>latency min</th><th>median</th><th>p90</th><th>p99</th><th>max</th>"
            "<th>duration median</th><th>max (WCET seen)</th></tr>"]
    for name, h in st["handlers"].items():
        lat, dur = h["latency_us"], h["duration_us"]
        rows.append(f"<tr><td class=l>{_e(name)}</td><td>{_e(h['kind'])}</td><td>{h['count']}</td>"
                    + "".join(f"<td>{_us(lat, k)}</td>" for k in ("min", "median", "p90", "p99", "max"))
                    + f"<td>{_us(dur, 'median')}</td><td>{_us(dur, 'max')}</td></tr>")
    rows.append("</table><p class=note>times in µs; latency = edge (or timer target) to handler start</p>")
    rows.append("<table id=\"summary-sources\"><tr><th class=l>IRQ source</th><th>edges</th><th>handled</th>"
                "<th>lost</th><th class=l>lost because</th><th>pending at end</th></tr>")
    for src, s in st["sources"].items():
        why = ", ".join(f"{k} {v}" for k, v in s["lost"].items()) or "-"
        cls = " class=bad" if s["lost_total"] else ""
        rows.append(f"<tr><td class=l>{_e(src)}</td><td>{s['edges']}</td><td>{s['handled']}</td>"
                    f"<td{cls}>{s['lost_total']}</td><td class=l>{_e(why)}</td><td>{s['pending_at_end']}</td></tr>")
    rows.append("</table>")
    m, sch, gc = st["masked"], st["scheduler"], st["gc"]
    drops = sum(sch["drops"].values())
    rows.append("<table id=\"summary-other\">"
                f"<tr><td class=l>IRQs masked</td><td>{m['count']} times, {m['total_us']:.1f} µs total, "
                f"longest {m['longest_us']:.1f} µs</td></tr>"
                f"<tr><td class=l>scheduler queue</td><td>high-water {sch['high_water']}, drops {drops}</td></tr>"
                f"<tr><td class=l>GC</td><td>{gc['collections']} pauses, longest "
                f"{_us(gc['pause_us'], 'max')} µs</td></tr></table>")
    return "\n".join(rows)


# -- timeline data -----------------------------------------------------------------------
def timeline_data(view, data: dict | None = None) -> tuple[dict, str]:
    """Lanes (pins, contexts, handlers, RTOS tasks, queue) and marks for the inline timeline script."""
    if data is None:
        data = spans(view.log.records(), view.end_ns)
    lanes, lane_of = [], {}
    budget = MAX_SHAPES
    cut = ""

    def take(items):
        nonlocal budget, cut
        if len(items) > budget:
            cut = (f"The timeline shows the first {MAX_SHAPES} changes; use --vcd or --trace for "
                   "the whole run.")
            items = items[:max(budget, 0)]
        budget -= len(items)
        return items

    for gpio, steps in data["pins"].items():
        lane_of[f"GP{gpio}"] = len(lanes)
        steps = take(steps)
        lanes.append({"name": pin_name(view, gpio), "type": "pin", "color": _COLORS["pin"], "peak": 1,
                      "t": _f64(map(_T0, steps)), "v": _i32(map(_T1, steps))})
    for task in _task_order(data.get("tasks") or {}):
        lane_of["task:" + task] = len(lanes)
        lanes.append(_task_lane(task, take(data["tasks"][task])))
    order = [MASKED, ISR] + [k for k in data["spans"] if k.startswith(HANDLER)] + [GC, IDLE, MAIN]
    names = {MASKED: "IRQs masked", ISR: "ISR (C dispatch)", GC: "GC", IDLE: "idle (WFE)", MAIN: "main running"}
    for track in order:
        items = data["spans"].get(track)
        if not items:
            continue
        info = items[0][3]
        color = _COLORS.get(info["kind"], "#555") if isinstance(info, dict) and "kind" in info else _COLORS[track]
        lane_of[track] = len(lanes)
        items = take(items)
        t0s, t1s = list(map(_T0, items)), list(map(_T1, items))
        labels = sorted(set(map(_T2, items)))
        index = {name: i for i, name in enumerate(labels)}
        lanes.append({"name": names.get(track, track[len(HANDLER):]), "type": "bar", "color": color,
                      "maxback": _max_overlap(t0s, t1s), "a": _f64(t0s), "b": _f64(t1s),
                      "n": _i32(map(index.__getitem__, map(_T2, items))), "labels": labels})
    if data["queue"]:
        peak = max(map(_T1, data["queue"])) or 1
        steps = take([(0, 0)] + data["queue"])
        lanes.append({"name": f"sched queue (max {peak})", "type": "level", "color": _COLORS["queue"],
                      "peak": peak, "t": _f64(map(_T0, steps)), "v": _i32(map(_T1, steps))})
    for name, items in _buses(data.get("bus") or []):
        lanes.append(_bus_lane(name, take(items)))
    marks = []
    events_lane = None
    for t, kind, label, _info in data["marks"]:
        if kind not in ("lost", "drop", "violation", "deadline_miss", "reset"):
            continue
        if kind == "deadline_miss":
            lane = lane_of.get("task:" + label)
        else:
            lane = lane_of.get(label) if kind == "lost" else lane_of.get(HANDLER + label)
        if lane is None:
            if events_lane is None:
                events_lane = len(lanes)
                lanes.append({"name": "events", "type": "bar", "color": "#000", "maxback": 1})
            lane = events_lane
        marks.append([t, lane, kind, label])
    marks = take(marks)
    return {"t0": 0, "t1": max(1, data["end_ns"]), "lanes": lanes, "marks": marks}, cut


def _task_order(tasks: dict) -> list[str]:
    """Most urgent first by the priority of each task's first state (as Perfetto and the VCD
    order them by base priority), then by name."""
    first = {name: items[0][3] if items and items[0][3] is not None else -1 for name, items in tasks.items()}
    return sorted(tasks, key=lambda name: (-first[name], name))


def _task_lane(task: str, items: list) -> dict:
    """One bar lane per RTOS task: a bar per state interval (running / ready / blocked on X),
    coloured by state; "waiting" between jobs is a gap (``SpanCollector._task``)."""
    names = [st if not obj else f"{st} on {obj}" for _, _, st, _, obj in items]
    labels = sorted(set(names))
    index = {name: i for i, name in enumerate(labels)}
    t0s, t1s = list(map(_T0, items)), list(map(_T1, items))
    return {"name": f"{task} (task)", "type": "bar", "color": _TASK_COLORS["ready"],
            "colors": [_TASK_COLORS.get(label.split(" ", 1)[0], "#555") for label in labels],
            "maxback": _max_overlap(t0s, t1s) if items else 1, "a": _f64(t0s), "b": _f64(t1s),
            "n": _i32(map(index.__getitem__, names)), "labels": labels}


def _buses(bus: list) -> list[tuple[str, list]]:
    """Bus transactions grouped per bus name (sorted), each list in time order."""
    out: dict[str, list] = {}
    for item in bus:
        out.setdefault(str(item[2]), []).append(item)
    return sorted(out.items())


def _bus_lane(name: str, items: list) -> dict:
    """A bar per transaction segment: "write 0x3c ack (13 B)", SPI "xfer (4 B)"."""
    def label(item) -> str:
        _, _, _, op, address, data_hex, result = item
        if address is None or address < 0:
            return f"{op} ({len(data_hex) // 2} B)"
        return f"{op} {address:#04x} {result} ({len(data_hex) // 2} B)"

    names = list(map(label, items))
    labels = sorted(set(names))
    index = {n: i for i, n in enumerate(labels)}
    t0s, t1s = list(map(_T0, items)), list(map(_T1, items))
    return {"name": f"bus {name}", "type": "bar", "color": _COLORS["bus"],
            "maxback": _max_overlap(t0s, t1s) if items else 1, "a": _f64(t0s), "b": _f64(t1s),
            "n": _i32(map(index.__getitem__, names)), "labels": labels}


def _pack(code: str, values) -> str:
    """Base64 of the values as a little-endian typed array (decoded by the page's script).

    A packed column costs the page one ``atob`` and the export C-speed conversions, where
    JSON needed one formatted number per value (most of the report's cost on a long run)."""
    arr = array(code, values)
    if sys.byteorder == "big":
        arr.byteswap()
    return base64.b64encode(arr.tobytes()).decode("ascii")


def _f64(values) -> str:
    """Times in ns as float64: exact below 2**53 ns (104 days), JavaScript's own numbers."""
    return _pack("d", values)


def _i32(values) -> str:
    return _pack("i", values)


def _max_overlap(t0s: list, t1s: list) -> int:
    """How many spans before the first one starting in view can still reach into it."""
    import heapq

    # the usual lane: one span after another, none overlapping (checked at C speed)
    if not any(map(le, t0s[1:], t1s)):
        return 1
    ends: list[int] = []
    most = 1
    for t0, t1 in zip(t0s, t1s):
        while ends and ends[0] < t0:
            heapq.heappop(ends)
        heapq.heappush(ends, t1)
        most = max(most, len(ends))
    return most


# -- figures as inline SVG ---------------------------------------------------------------
def _histograms(view) -> str:
    from ..stats import summarize

    lat = latencies(view)
    if not lat:
        return "<p class=note>No handler ran with a recorded cause (edge or timer).</p>"
    out = []
    for name, values in lat.items():
        s = summarize(values)
        lo, hi = min(values), max(values)
        nbins = 40
        width = max(1, -(-(hi - lo + 1) // nbins))
        counts = [0] * nbins
        for v in values:
            counts[min(nbins - 1, (v - lo) // width)] += 1
        peak = max(counts)
        w, h, left, bottom = 420, 160, 40, 30
        bw = (w - left - 10) / nbins
        bars = "".join(
            f'<rect x="{left + i * bw:.2f}" y="{h - bottom - (h - bottom - 10) * c / peak:.2f}" width="{bw - 1:.2f}" '
            f'height="{(h - bottom - 10) * c / peak:.2f}" fill="#d62728"><title>{c}</title></rect>'
            for i, c in enumerate(counts) if c)

        def px(us: float, lo=lo, width=width, left=left, w=w, nbins=nbins) -> float:
            return left + (us * 1000 - lo) / (width * nbins) * (w - left - 10)

        lines = "".join(
            f'<line x1="{px(s[k]):.2f}" x2="{px(s[k]):.2f}" y1="10" y2="{h - bottom}" stroke="#000" '
            f'stroke-dasharray="{dash}"><title>{k} {s[k]:.1f} µs</title></line>'
            for k, dash in (("median", "none"), ("p90", "4 2"), ("p99", "1 2")))
        out.append(
            f'<figure class="hist" data-handler="{_e(name)}"><svg xmlns="http://www.w3.org/2000/svg" width="{w}" '
            f'height="{h}" role="img"><text x="{left}" y="{h - 8}" font-size="11">{lo / 1000:.1f} µs</text>'
            f'<text x="{w - 10}" y="{h - 8}" font-size="11" text-anchor="end">{(lo + width * nbins) / 1000:.1f} µs</text>'
            f'<text x="4" y="14" font-size="11">{peak}</text>{bars}{lines}'
            f'<line x1="{left}" x2="{w - 10}" y1="{h - bottom}" y2="{h - bottom}" stroke="#999"/></svg>'
            f"<figcaption>{_e(name)}: n={s['n']}, median {s['median']:.1f}, p90 {s['p90']:.1f}, "
            f"p99 {s['p99']:.1f}, max {s['max']:.1f} µs</figcaption></figure>")
    return "\n".join(out)


def _cpu_bars(share: dict) -> str:
    items = sorted(share.items(), key=lambda kv: (-kv[1], kv[0]))
    w, row = 600, 20
    svg = [f'<svg id="cpu-share" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{row * len(items) + 4}">']
    for i, (name, v) in enumerate(items):
        y = i * row + 2
        svg.append(f'<text x="0" y="{y + 14}" font-size="12">{_e(name.replace("handler:", ""))}</text>'
                   f'<rect x="170" y="{y + 2}" width="{max(1.0, 360 * v):.2f}" height="{row - 6}" fill="#17becf"/>'
                   f'<text x="{176 + 360 * v:.2f}" y="{y + 14}" font-size="12">{v * 100:.2f}%</text>')
    svg.append("</svg>")
    return "".join(svg)


# -- violations, output and firmware source ----------------------------------------------
def _anchor(file: str, line: int) -> str:
    return "src-" + "".join(c if c.isalnum() else "-" for c in file) + f"-L{line}"


def _violations(view, marks: list) -> str:
    rows = [(t, label, info) for t, kind, label, info in marks if kind == "violation"]
    if not rows:
        return "<h2>Violations</h2><p id=\"violations\" class=note>No rule violations.</p>"
    out = ["<h2>Violations</h2><table id=\"violations\"><tr><th>time</th><th class=l>code</th>"
           "<th class=l>severity</th><th class=l>where</th><th class=l>message</th></tr>"]
    for t, code, info in rows:
        where = f"{info['file']}:{info['line']}" if info["file"] else "-"
        link = f'<a href="#{_anchor(info["file"], info["line"])}">{_e(where)}</a>' if info["file"] else where
        out.append(f"<tr><td>{_e(format_ns(t))}</td><td class=l>{_e(code)}</td><td class=l>{_e(info['severity'])}</td>"
                   f"<td class=l>{link}</td><td class=l>{_e(info['message'])}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _output(view, marks: list, limit: int = 500) -> str:
    lines = [(t, label) for t, kind, label, _ in marks if kind == "print"]
    if not lines:
        return ""
    body = "\n".join(f"[{t / 1e9:12.6f}] {_e(text)}" for t, text in lines[:limit])
    more = f"\n... {len(lines) - limit} more lines" if len(lines) > limit else ""
    return f"<h2>Output</h2><pre id=\"output\">{body}{more}</pre>"


def _sources(view, marks: list) -> str:
    if view.firmware is None:
        return ""
    files = {view.firmware.name: view.firmware}
    for _, kind, _, info in marks:
        if kind != "violation":
            continue
        name = info["file"]
        if name and name not in files and (view.firmware.parent / name).is_file():
            files[name] = view.firmware.parent / name
    out = ["<h2>Firmware</h2>"]
    for name, path in sorted(files.items()):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        body = "".join(f'<span id="{_anchor(name, i)}"><i>{i}</i>{_e(line)}</span>'
                       for i, line in enumerate(text.splitlines(), 1))
        out.append(f"<h3>{_e(name)}</h3><pre class=\"src\">{body}</pre>")
    return "\n".join(out)
