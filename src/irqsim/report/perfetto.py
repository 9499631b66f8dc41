"""Chrome trace-event JSON (the "JSON Array/Object Format"), which ui.perfetto.dev and
chrome://tracing open.

Format reference: "Trace Event Format" (Google, docs.google.com/document/d/1CvAClvFfyA5R-
PhYUmn5OOQtYMH4h6I0nSsKchNAySU): ``ph`` X is a complete event (``ts`` + ``dur``) on one
thread, B/E are duration begin/end; either must nest on its thread; ``C`` is a counter (one track per name); ``i`` is an instant (``s`` = t thread,
p process, g global); ``M`` carries metadata (process/thread names, sort order). ``ts`` is
in microseconds; fractions are allowed, so nanoseconds survive as three decimals.

Layout: one process (the chip); one thread (tid) per context, so each context is a track:
main (running, i.e. not preempted), ISR (C-level dispatch), GC, idle, "IRQs masked", then
one track per handler. Pins and the scheduler queue depth are counters. Lost edges, queue
drops and violations are global instants; prints are instants on main.

RTOS logs (docs/rtos.md) add one track per task, most urgent first, with a slice per state
("running", "ready", "blocked on <object>"; a gap while it waits for its next job), the
effective priority as a counter ("<task> priority"), inheritance / ceiling boosts and
restores as instants on the task's track, and watchdog resets and deadline misses as
global instants.

Contexts and handlers are written as one "X" event per span (half the events of B/E pairs)
from the spans the shared pass collects (``_timeline.SpanCollector``), track by track;
RTOS task slices stay B/E pairs streamed from the changes (a state's end is the next
state). Every event is one f-string from precomputed pieces and every number is formatted
from integers, so output is byte-identical for one seed.
"""

from __future__ import annotations

import json
from operator import itemgetter

from ._source import pin_name
from ._timeline import GC, HANDLER, IDLE, ISR, MAIN, MASKED

PID = 1
_FIXED_TIDS = {MAIN: (1, "main"), ISR: (2, "ISR (C dispatch)"), GC: (3, "GC"), IDLE: (4, "idle (WFE)"),
               MASKED: (5, "IRQs masked")}
FIRST_HANDLER_TID = 10
_HANDLER_ARGS = itemgetter("kind", "depth", "source", "latency_ns")
_INFO = itemgetter(3)
_GAP_STATES = ("waiting", "deleted")   # between jobs / gone: no slice


def _ts(t_ns: int) -> str:
    """Microseconds with exactly three decimals, from the integer (no float rounding)."""
    return f"{t_ns // 1000}.{t_ns % 1000:03d}"


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)


def write_trace(source, out, *, end_ns: int | None = None) -> None:
    """Write ``source`` (a Result, RunView or EventLog) as trace-event JSON to a path or stream."""
    from .onepass import export

    export(source, end_ns=end_ns, trace=out)


class TraceSink:
    """Writes the trace of one pass over the derived changes (``feed`` per chunk, then ``close``)."""

    def __init__(self, view, fp, inv: dict) -> None:
        self.fp = fp
        self.tids = tids = {track: tid for track, (tid, _) in _FIXED_TIDS.items()}
        names = {tid: label for tid, label in _FIXED_TIDS.values()}
        if inv["tasks"]:   # an RTOS log: the tasks are the threads; no MicroPython main, GC, idle
            for track in (MAIN, GC, IDLE, MASKED):
                del names[tids.pop(track)]
        for i, (name, ctx_kind) in enumerate(inv["handlers"].items()):
            tids[HANDLER + name] = FIRST_HANDLER_TID + i
            names[FIRST_HANDLER_TID + i] = f"{name} ({ctx_kind})"
        first_task = FIRST_HANDLER_TID + len(inv["handlers"])
        self.task_tid = {}
        for i, task in enumerate(inv["task_order"]):
            self.task_tid[task] = first_task + i
            names[first_task + i] = f"{task} (task)"
        self.task_open: dict[str, bool] = {}
        self.task_prio: dict[str, int] = {}
        w = fp.write
        w('{"displayTimeUnit":"ns","otherData":' + _j({"generator": "irqsim", "title": view.title,
                                                       "board": view.board, "seed": view.seed}))
        w(',"traceEvents":[\n')
        w(_j({"ph": "M", "pid": PID, "tid": 0, "name": "process_name", "args": {"name": view.title}}))
        for tid, label in sorted(names.items()):
            w(",\n" + _j({"ph": "M", "pid": PID, "tid": tid, "name": "thread_name", "args": {"name": label}}))
            w(",\n" + _j({"ph": "M", "pid": PID, "tid": tid, "name": "thread_sort_index",
                          "args": {"sort_index": tid}}))
        # Precomputed pieces: an event is prefix + ts + suffix (+ a value).
        self.pin_pre = {gpio: ',\n{"ph":"C","name":' + _j(pin_name(view, gpio)) + ',"ts":' for gpio in inv["pins"]}
        self.quoted: dict[str, str] = {}

    def q(self, text: str) -> str:
        out = self.quoted.get(text)
        if out is None:
            out = self.quoted[text] = _j(text)
        return out

    def feed(self, chunk: list[tuple]) -> None:
        """RTOS task states and priority changes, streamed (contexts, pins, the queue and
        the marks are written by :meth:`close` from the collected spans)."""
        out: list[str] = []
        add = out.append
        for ch in chunk:
            tag = ch[0]
            if tag == "task":
                add(self._task(ch, ch[1]))
            elif tag == "prio":
                add(self._prio(ch, ch[1]))
            elif tag == "stop":
                t = ch[1]
                add("".join(self._task(("task", t, task, "deleted", None, None), t) for task in sorted(self.task_open)))
        self.fp.write("".join(out))

    def close(self, data: dict) -> None:
        """Write every context span as one complete ("X") event, then the pin and queue
        counters and the instants, from ``data`` (``SpanCollector.result()`` of the same pass).

        One "X" event per span instead of a B/E pair halves the events; each track's events
        are in time order. Per event: one f-string from precomputed pieces, one ``join``."""
        w = self.fp.write
        tids = self.tids
        for track, items in data["spans"].items():
            tid = tids.get(track)
            if tid is None:
                continue
            w("".join(self._slices(track, tid, items)))
        for gpio, steps in data["pins"].items():
            pre = self.pin_pre[gpio]
            # steps[0] is the collector's level on entry (t = 0), not a change in the log
            w("".join([f'{pre}{t // 1000}.{t % 1000:03d},"pid":{PID},"tid":0,"args":{{"level":{v}}}}}'
                       for t, v in steps[1:]]))
        w("".join([f',\n{{"ph":"C","name":"scheduler queue","ts":{t // 1000}.{t % 1000:03d},'
                   f'"pid":{PID},"tid":0,"args":{{"depth":{d}}}}}' for t, d in data["queue"]]))
        w("".join([",\n" + _mark(("mark", t, kind, label, info), t, _ts(t)) for t, kind, label, info in data["marks"]]))
        w("\n]}\n")

    def _slices(self, track: str, tid: int, items: list) -> list[str]:
        """The "X" events of one track: (t0, t1, name, info) spans, ``dur`` = t1 - t0."""
        q = self.q
        tail = f'"pid":{PID},"tid":{tid},"ts":'
        if all(s[3] is None for s in items):
            pre = {name: f',\n{{"ph":"X","name":{q(name)},"cat":{q(track)},{tail}' for name in {s[2] for s in items}}
            return [f'{pre[name]}{t0 // 1000}.{t0 % 1000:03d},"dur":{(t1 - t0) // 1000}.{(t1 - t0) % 1000:03d}}}'
                    for t0, t1, name, _ in items]
        if all(s[3] is not None and "kind" in s[3] for s in items):
            # a handler track: the args of ENTER, keys sorted as _j would; one prefix per
            # (name, kind, depth, source), the latency is the only per-run field
            pre: dict[tuple, str] = {}
            out = []
            for (t0, t1, name, _), (kind, depth, source, lat) in zip(items, map(_HANDLER_ARGS, map(_INFO, items))):
                key = (name, kind, depth, source)
                p = pre.get(key)
                if p is None:
                    p = pre[key] = (f',\n{{"ph":"X","name":{q(name)},"cat":{q(kind)},{tail}',
                                    f',"args":{{"depth":{depth},"kind":{q(kind)}',
                                    f',"source":{q(source)}}}}}')
                d = t1 - t0
                out.append(f'{p[0]}{t0 // 1000}.{t0 % 1000:03d},"dur":{d // 1000}.{d % 1000:03d}{p[1]}'
                           + ("" if lat is None else f',"latency_us":{lat / 1000!r}') + p[2])
            return out
        out = []
        for t0, t1, name, info in items:
            if info is not None and "kind" in info:   # a handler: the args of ENTER, keys sorted as _j would
                lat = info["latency_ns"]
                args = (f'{{"depth":{info["depth"]},"kind":{q(info["kind"])}'
                        + ("" if lat is None else f',"latency_us":{lat / 1000!r}')
                        + f',"source":{q(info["source"])}}}')
                cat = info["kind"]
            elif info is not None:
                args, cat = _j(_args(info)), track
            else:
                args, cat = "", track
            d = t1 - t0
            out.append(f',\n{{"ph":"X","name":{q(name)},"cat":{q(cat)},{tail}{t0 // 1000}.{t0 % 1000:03d},'
                       f'"dur":{d // 1000}.{d % 1000:03d}' + (f',"args":{args}}}' if args else "}"))
        return out

    def _task(self, ch: tuple, t: int) -> str:
        """A task changed state: close its open slice, open the new one, update its priority counter."""
        _, _, task, state, prio, blocked_on = ch
        tid, ts, parts = self.task_tid[task], _ts(t), []
        if self.task_open.pop(task, False):
            parts.append(f',\n{{"ph":"E","pid":{PID},"tid":{tid},"ts":{ts}}}')
        if state not in _GAP_STATES:
            name = state if not blocked_on else f"{state} on {blocked_on}"
            args = {"priority": prio, "state": state} | ({"blocked_on": blocked_on} if blocked_on else {})
            parts.append(f',\n{{"ph":"B","name":{self.q(name)},"cat":"task","pid":{PID},"tid":{tid},"ts":{ts},'
                         f'"args":{_j(args)}}}')
            self.task_open[task] = True
        if prio is not None and self.task_prio.get(task) != prio:
            parts.append(self._counter(task, prio, ts))
        return "".join(parts)

    def _counter(self, task: str, prio: int, ts: str) -> str:
        self.task_prio[task] = prio
        return f',\n{{"ph":"C","name":{self.q(task + " priority")},"pid":{PID},"tid":0,"ts":{ts},' \
               f'"args":{{"priority":{prio}}}}}'

    def _prio(self, ch: tuple, t: int) -> str:
        """An inheritance / ceiling boost or its restore: an instant on the task's track."""
        _, _, task, prio, reason = ch
        ts = _ts(t)
        out = (f',\n{{"ph":"i","s":"t","name":{self.q(f"{reason} -> priority {prio}")},"cat":"prio",'
               f'"pid":{PID},"tid":{self.task_tid[task]},"ts":{ts},"args":{_j({"priority": prio, "reason": reason})}}}')
        if self.task_prio.get(task) != prio:
            out += self._counter(task, prio, ts)
        return out


def _args(info: dict) -> dict:
    out = {k: v for k, v in info.items() if v is not None and k != "latency_ns"}
    if info.get("latency_ns") is not None:
        out["latency_us"] = info["latency_ns"] / 1000
    return out


def _mark(ch: tuple, t: int, ts: str) -> str:
    _, _, kind, label, info = ch
    if kind == "print":
        return _j({"ph": "i", "s": "t", "name": "print", "cat": "print", "pid": PID, "tid": _FIXED_TIDS[MAIN][0],
                   "args": {"text": label}})[:-1] + f',"ts":{ts}}}'
    if kind == "lost":
        name, args = f"lost edge {label}", {"source": label, "reason": info}
    elif kind == "drop":
        name, args = f"dropped {label}", {"callback": label, "reason": info}
    elif kind == "violation":
        name, args = f"violation {label}", dict(info)
    elif kind == "react":
        name, args = f"reaction {label}", {"source": label, "latency_us": (t - info) / 1000 if info >= 0 else None}
    elif kind == "reset":
        name, args = f"reset: {label}", {"reason": label, "count": info}
    elif kind == "deadline_miss":
        name, args = f"deadline miss {label}", {"task": label, "release_us": info / 1000}
    else:
        name, args = f"{kind} {label}", {"info": info}
    args = {k: v for k, v in args.items() if v is not None}
    return _j({"ph": "i", "s": "g", "name": name, "cat": kind, "pid": PID, "tid": 0,
               "args": args})[:-1] + f',"ts":{ts}}}'
