"""One pass over an event log -> time-ordered signal changes that every exporter shares.

The event log (``trace/log.py``) records what happened; the VCD, Perfetto, plot and HTML
exporters all want the same derived view of it: which context is running, which spans are
open, the scheduler queue depth and the marks (lost edges, drops, violations, prints).
Deriving it once here keeps the exporters consistent with each other and with
``stats.py`` (which walks the log the same way for CPU shares).

:func:`changes` is a generator, so a long log that spilled to disk is never held in
memory. It yields plain tuples, tagged by their first element:

* ``("pin", t_ns, gpio, level, driver)``
* ``("begin", t_ns, track, name, info)`` / ``("end", t_ns, track, name)``: spans.
  Tracks: ``main`` (main is the running context, not preempted), ``isr`` (a C-level
  interrupt service routine), ``gc``, ``idle``, ``masked`` (PRIMASK set) and ``h:<name>``
  (a handler from ENTER to EXIT, including any time it was itself preempted).
* ``("queue", t_ns, depth)``: scheduler queue depth after an enqueue or a dequeue.
* ``("mark", t_ns, kind, label, info)``: ``lost`` (label = IRQ source, info = reason),
  ``drop`` (label = callback name, info = reason), ``violation`` (label = code, info =
  dict), ``print`` (label = text), ``react`` (label = source, info = cause time),
  ``task`` (label = task name, info = state), ``deadline_miss`` (label = task, info =
  release time) and ``reset`` (label = reason) from the RTOS model.
* ``("stop", t_ns)``: the end of the run; every open span was closed just before.

Times never go backwards in the output: a record stamped earlier than its predecessor
(none are expected, but exporters such as VCD reject them outright) is clamped to the
latest time seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..trace.log import Kind

MAIN, ISR, GC, IDLE, MASKED = "main", "isr", "gc", "idle", "masked"
HANDLER = "h:"


def changes(records: Iterable[tuple], end_ns: int | None = None) -> Iterator[tuple]:
    """Derived, time-ordered changes (see the module docstring)."""
    last = 0
    stack: list[str] = [MAIN]          # running contexts, innermost last (as stats.py)
    open_spans: dict[str, list[str]] = {}   # track -> names of open spans on it
    queue = 0
    masked = False
    stop_t = None
    yield ("begin", 0, MAIN, "main", None)

    def push(t, track, name, info):
        if stack[-1] == MAIN:
            yield ("end", t, MAIN, "main")
        stack.append(track)
        open_spans.setdefault(track, []).append(name)
        yield ("begin", t, track, name, info)

    def pop(t, track):
        names = open_spans.get(track)
        if not names:
            return  # an exit without its enter (log started mid-run): nothing to close
        name = names.pop()
        for i in range(len(stack) - 1, 0, -1):
            if stack[i] == track:
                del stack[i]
                break
        yield ("end", t, track, name)
        if stack[-1] == MAIN:
            yield ("begin", t, MAIN, "main", None)

    for rec in records:
        t = rec[0]
        if t < last:
            t = last
        else:
            last = t
        kind = rec[1]
        if kind == Kind.PIN:
            yield ("pin", t, rec[2], rec[3], rec[4])
        elif kind == Kind.ENTER:
            _, _, name, ctx_kind, depth, cause_t, source = rec
            if ctx_kind != "hard" and queue > 0:
                queue -= 1  # a scheduled callback left the queue to run (mp_sched_run_pending)
                yield ("queue", t, queue)
            info = {"kind": ctx_kind, "depth": depth, "source": source,
                    "latency_ns": t - cause_t if cause_t >= 0 else None}
            yield from push(t, HANDLER + name, name, info)
        elif kind == Kind.EXIT:
            yield from pop(t, HANDLER + rec[2])
        elif kind == Kind.ISR:
            if rec[3]:
                yield from push(t, ISR, rec[2], None)
            else:
                yield from pop(t, ISR)
        elif kind == Kind.IDLE:
            if rec[2]:
                yield from push(t, IDLE, "idle", None)
            else:
                yield from pop(t, IDLE)
        elif kind == Kind.GC:
            if rec[2]:
                yield from push(t, GC, "gc", {"live_bytes": rec[3]})
            else:
                yield from pop(t, GC)
        elif kind == Kind.MASK:
            # PRIMASK is not a context: main keeps running with interrupts masked.
            if rec[2] and not masked:
                masked = True
                yield ("begin", t, MASKED, "masked", None)
            elif not rec[2] and masked:
                masked = False
                yield ("end", t, MASKED, "masked")
        elif kind == Kind.SCHED:
            queue = rec[3]
            yield ("queue", t, queue)
        elif kind == Kind.LOST:
            yield ("mark", t, "lost", rec[2], rec[3])
        elif kind == Kind.DROP:
            yield ("mark", t, "drop", rec[2], rec[3])
        elif kind == Kind.VIOLATION:
            _, _, code, severity, message, file, line = rec
            yield ("mark", t, "violation", code,
                   {"severity": severity, "message": message, "file": file, "line": line})
        elif kind == Kind.PRINT:
            yield ("mark", t, "print", rec[2], None)
        elif kind == Kind.REACT:
            # (source, stamp_t_ns, edge_t_ns); older logs had (source, cause_t_ns)
            yield ("mark", t, "react", rec[2], rec[-1])
        elif kind == Kind.TASK:
            yield ("mark", t, "task", rec[2], rec[3])
        elif kind == "job" and rec[3] == "miss":
            yield ("mark", t, "deadline_miss", rec[2], rec[4])
        elif kind == "reset":
            yield ("mark", t, "reset", rec[2], rec[3] if len(rec) > 3 else None)
        elif kind == Kind.END:
            stop_t = t
        # EDGE records are not needed here: the pin change carries the waveform and
        # LOST carries what the latch could not hold.
    end = max(last, stop_t if stop_t is not None else 0, end_ns or 0)
    # Close what is still open, innermost first, so begin/end stay balanced.
    if masked:
        yield ("end", end, MASKED, "masked")
    while len(stack) > 1:
        track = stack.pop()
        names = open_spans.get(track)
        if names:
            yield ("end", end, track, names.pop())
    yield ("end", end, MAIN, "main")
    yield ("stop", end)


def inventory(records: Iterable[tuple]) -> dict:
    """What a log contains (first pass for exporters that must declare signals up front)."""
    pins: set[int] = set()
    handlers: dict[str, str] = {}
    sources: dict[str, int] = {}
    queue_max = 0
    end = 0
    for rec in records:
        kind = rec[1]
        if rec[0] > end:
            end = rec[0]
        if kind == Kind.PIN:
            pins.add(rec[2])
        elif kind == Kind.ENTER:
            handlers.setdefault(rec[2], rec[3])
        elif kind == Kind.SCHED:
            queue_max = max(queue_max, rec[3])
        elif kind == Kind.LOST:
            sources[rec[2]] = sources.get(rec[2], 0) + 1
    return {"pins": sorted(pins), "handlers": dict(sorted(handlers.items())),
            "lost_sources": dict(sorted(sources.items())), "queue_max": queue_max, "end_ns": end}


def spans(records: Iterable[tuple], end_ns: int | None = None,
          window: tuple[int, int] | None = None) -> dict:
    """Materialised view for figures: closed spans per track, pin steps, queue steps, marks.

    ``window`` = (from_ns, to_ns) keeps only what overlaps it (spans are not clipped, so
    callers can tell a span that started before the window). Memory is bounded by what
    the window shows, not by the run.
    """
    lo, hi = window if window else (None, None)
    open_at: dict[tuple[str, str], list] = {}
    out = {"spans": {}, "pins": {}, "queue": [], "marks": [], "end_ns": 0}
    pin_level: dict[int, int] = {}
    for ch in changes(records, end_ns):
        tag, t = ch[0], ch[1]
        if tag == "begin":
            open_at.setdefault((ch[2], ch[3]), []).append((t, ch[4]))
        elif tag == "end":
            starts = open_at.get((ch[2], ch[3]))
            if starts:
                t0, info = starts.pop()
                if lo is None or (t >= lo and t0 <= hi):
                    out["spans"].setdefault(ch[2], []).append((t0, t, ch[3], info))
        elif tag == "pin":
            gpio = ch[2]
            if lo is not None and t < lo:
                pin_level[gpio] = ch[3]   # remember the level on entry to the window
                out["pins"].setdefault(gpio, [])
            elif hi is None or t <= hi:
                out["pins"].setdefault(gpio, []).append((t, ch[3]))
        elif tag == "queue":
            if lo is not None and t < lo:
                out["queue"][:] = [(lo, ch[2])]   # only the depth on entry to the window
            elif hi is None or t <= hi:
                out["queue"].append((t, ch[2]))
        elif tag == "mark":
            if lo is None or lo <= t <= hi:
                out["marks"].append((t, ch[2], ch[3], ch[4]))
        elif tag == "stop":
            out["end_ns"] = t
    for gpio, steps in out["pins"].items():
        start = lo if lo is not None else 0
        steps.insert(0, (start, pin_level.get(gpio, 0)))
    for track in out["spans"]:
        out["spans"][track].sort(key=lambda s: (s[0], s[1]))
    out["pins"] = dict(sorted(out["pins"].items()))
    out["spans"] = dict(sorted(out["spans"].items()))
    return out
