"""Chrome trace-event JSON (the "JSON Array/Object Format"), which ui.perfetto.dev and
chrome://tracing open.

Format reference: "Trace Event Format" (Google, docs.google.com/document/d/1CvAClvFfyA5R-
PhYUmn5OOQtYMH4h6I0nSsKchNAySU): ``ph`` B/E are duration begin/end on one thread and must
nest; ``C`` is a counter (one track per name); ``i`` is an instant (``s`` = t thread,
p process, g global); ``M`` carries metadata (process/thread names, sort order). ``ts`` is
in microseconds; fractions are allowed, so nanoseconds survive as three decimals.

Layout: one process (the chip); one thread (tid) per context, so each context is a track:
main (running, i.e. not preempted), ISR (C-level dispatch), GC, idle, "IRQs masked", then
one track per handler. Pins and the scheduler queue depth are counters. Lost edges, queue
drops and violations are global instants; prints are instants on main.

The file is written as a stream (one event per line), so a long run never builds the list
in memory, and every number is formatted from integers, so output is byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._source import pin_name, view_of
from ._timeline import GC, HANDLER, IDLE, ISR, MAIN, MASKED, changes, inventory

PID = 1
_FIXED_TIDS = {MAIN: (1, "main"), ISR: (2, "ISR (C dispatch)"), GC: (3, "GC"), IDLE: (4, "idle (WFE)"),
               MASKED: (5, "IRQs masked")}
FIRST_HANDLER_TID = 10


def _ts(t_ns: int) -> str:
    """Microseconds with exactly three decimals, from the integer (no float rounding)."""
    return f"{t_ns // 1000}.{t_ns % 1000:03d}"


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)


def write_trace(source, out, *, end_ns: int | None = None) -> None:
    """Write ``source`` (a Result, RunView or EventLog) as trace-event JSON to a path or stream."""
    view = view_of(source, end_ns=end_ns)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="ascii", newline="\n") as fp:
            _write(view, fp)
    else:
        _write(view, out)


def _write(view, fp) -> None:
    inv = inventory(view.log.records())
    tids = {track: tid for track, (tid, _) in _FIXED_TIDS.items()}
    names = {tid: label for tid, label in _FIXED_TIDS.values()}
    for i, (name, ctx_kind) in enumerate(inv["handlers"].items()):
        tids[HANDLER + name] = FIRST_HANDLER_TID + i
        names[FIRST_HANDLER_TID + i] = f"{name} ({ctx_kind})"
    w = fp.write
    w('{"displayTimeUnit":"ns","otherData":' + _j({"generator": "irqsim", "title": view.title,
                                                   "board": view.board, "seed": view.seed}))
    w(',"traceEvents":[\n')
    w(_j({"ph": "M", "pid": PID, "tid": 0, "name": "process_name", "args": {"name": view.title}}))
    for tid, label in sorted(names.items()):
        w(",\n" + _j({"ph": "M", "pid": PID, "tid": tid, "name": "thread_name", "args": {"name": label}}))
        w(",\n" + _j({"ph": "M", "pid": PID, "tid": tid, "name": "thread_sort_index",
                      "args": {"sort_index": tid}}))
    pin_labels = {gpio: _j(pin_name(view, gpio)) for gpio in inv["pins"]}
    pid_tid = f',"pid":{PID},"tid":'
    quoted: dict[str, str] = {}   # names repeat: JSON-quote each once (json.dumps dominated the time)

    def q(text: str) -> str:
        out = quoted.get(text)
        if out is None:
            out = quoted[text] = _j(text)
        return out

    for ch in changes(view.log.records(), view.end_ns):
        tag, t = ch[0], ch[1]
        ts = f"{t // 1000}.{t % 1000:03d}"
        if tag == "pin":
            w(f',\n{{"ph":"C","name":{pin_labels[ch[2]]},"ts":{ts}{pid_tid}0,"args":{{"level":{ch[3]}}}}}')
        elif tag == "begin":
            tid = tids[ch[2]]
            info = ch[4]
            if info is None:
                w(f',\n{{"ph":"B","name":{q(ch[3])},"cat":{q(ch[2])},"ts":{ts}{pid_tid}{tid}}}')
                continue
            if "kind" in info:   # a handler: the args of ENTER, keys sorted as _j would
                lat = info["latency_ns"]
                args = (f'{{"depth":{info["depth"]},"kind":{q(info["kind"])}'
                        + ("" if lat is None else f',"latency_us":{lat / 1000!r}')
                        + f',"source":{q(info["source"])}}}')
                cat = info["kind"]
            else:
                args, cat = _j(_args(info)), ch[2]
            w(f',\n{{"ph":"B","name":{q(ch[3])},"cat":{q(cat)},"ts":{ts}{pid_tid}{tid},"args":{args}}}')
        elif tag == "end":
            w(f',\n{{"ph":"E","ts":{ts}{pid_tid}{tids[ch[2]]}}}')
        elif tag == "queue":
            w(f',\n{{"ph":"C","name":"scheduler queue","ts":{ts}{pid_tid}0,"args":{{"depth":{ch[2]}}}}}')
        elif tag == "mark":
            w(",\n" + _mark(ch, t, ts))
    w("\n]}\n")


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
    else:
        name, args = f"{kind} {label}", {"state": info}
    args = {k: v for k, v in args.items() if v is not None}
    return _j({"ph": "i", "s": "g", "name": name, "cat": kind, "pid": PID, "tid": 0,
               "args": args})[:-1] + f',"ts":{ts}}}'
