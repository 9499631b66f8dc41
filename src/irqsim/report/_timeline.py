"""One pass over an event log -> time-ordered signal changes that every exporter shares.

The event log (``trace/log.py``) records what happened; the VCD, Perfetto, plot and HTML
exporters all want the same derived view of it: which context is running, which spans are
open, the scheduler queue depth, RTOS task states and the marks (lost edges, drops,
violations, prints). Deriving it once here keeps the exporters consistent with each other
and with ``stats.py`` (which walks the log the same way for CPU shares).

:func:`change_chunks` yields the view as lists of plain tuples (a few ten thousand at a
time), so a long log that spilled to disk is never held in memory, and each exporter can
walk a chunk in its own tight loop (``report/exports.py`` feeds one pass to all of them).
:func:`changes` is the same, one tuple at a time. Tuples are tagged by their first element:

* ``("pin", t_ns, gpio, level, driver)``
* ``("begin", t_ns, track, name, info)`` / ``("end", t_ns, track, name)``: spans.
  Tracks: ``main`` (main is the running context, not preempted), ``isr`` (a C-level
  interrupt service routine), ``gc``, ``idle``, ``masked`` (PRIMASK set) and ``h:<name>``
  (a handler from ENTER to EXIT, including any time it was itself preempted).
* ``("queue", t_ns, depth)``: scheduler queue depth after an enqueue or a dequeue.
* ``("task", t_ns, name, state, priority, blocked_on)``: an RTOS task changed state
  (``ready``, ``running``, ``blocked``, ``waiting``, ``deleted``; docs/rtos.md) or effective
  priority; ``blocked_on`` names the object of the LOCK ``block`` record that preceded a
  ``blocked`` state, else None.
* ``("prio", t_ns, name, priority, reason)``: an inheritance / ceiling boost or its restore.
* ``("mark", t_ns, kind, label, info)``: ``lost`` (label = IRQ source, info = reason),
  ``drop`` (label = callback name, info = reason), ``violation`` (label = code, info =
  dict), ``print`` (label = text), ``react`` (label = source, info = cause time),
  ``deadline_miss`` (label = task, info = release time) and ``reset`` (label = reason,
  info = reset count) from the RTOS model.
* ``("bus", t_ns, bus, op, address, data_hex, result, end_t_ns)``: an I2C / SPI
  transaction segment (``Kind.BUS``; address -1 for SPI). Exporters that do not draw
  buses ignore the tag.
* ``("stop", t_ns)``: the end of the run; every open span was closed just before.

With ``main=False`` (RTOS logs: the tasks are the threads, there is no MicroPython main)
no ``main`` spans are produced.

Times never go backwards in the output: a record stamped earlier than its predecessor
(none are expected, but exporters such as VCD reject them outright) is clamped to the
latest time seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..trace.log import Kind

MAIN, ISR, GC, IDLE, MASKED = "main", "isr", "gc", "idle", "masked"
HANDLER = "h:"
CHUNK = 32_768


def changes(records: Iterable[tuple], end_ns: int | None = None, *, main: bool = True) -> Iterator[tuple]:
    """Derived, time-ordered changes (see the module docstring)."""
    for chunk in change_chunks(records, end_ns, main=main):
        yield from chunk


def change_chunks(records: Iterable[tuple], end_ns: int | None = None, *, main: bool = True,
                  size: int = CHUNK) -> Iterator[list[tuple]]:
    """The changes of :func:`changes` in lists of about ``size`` tuples.

    One loop with everything inlined: this pass is shared by every exporter and was the
    largest single cost of an export (nested generators per push/pop cost more than the
    tuples themselves).
    """
    last = 0
    stack: list[str] = [MAIN]          # running contexts, innermost last (as stats.py)
    open_spans: dict[str, list[str]] = {}   # track -> names of open spans on it
    queue = 0
    masked = False
    stop_t = None
    blocked_on: dict[str, str] = {}     # task -> object of its last LOCK "block"
    out: list[tuple] = []
    add = out.append
    if main:
        add(("begin", 0, MAIN, "main", None))
    PIN, ISR_K, EDGE, SCHED, ENTER, EXIT = Kind.PIN, Kind.ISR, Kind.EDGE, Kind.SCHED, Kind.ENTER, Kind.EXIT

    for rec in records:
        if len(out) >= size:
            yield out
            out = []
            add = out.append
        t = rec[0]
        if t < last:
            t = last
        else:
            last = t
        kind = rec[1]
        if kind is PIN or kind == PIN:
            add(("pin", t, rec[2], rec[3], rec[4]))
            continue
        if kind == EDGE:
            # EDGE records are not needed: the pin change carries the waveform and LOST
            # carries what the latch could not hold.
            continue
        if kind == SCHED:
            queue = rec[3]
            add(("queue", t, queue))
            continue
        # -- pushes: a context starts (preempting main when main was running)
        if kind == ENTER:
            _, _, name, ctx_kind, depth, cause_t, source = rec
            if ctx_kind != "hard" and queue > 0:
                queue -= 1  # a scheduled callback left the queue to run (mp_sched_run_pending)
                add(("queue", t, queue))
            track, info = HANDLER + name, {"kind": ctx_kind, "depth": depth, "source": source,
                                           "latency_ns": t - cause_t if cause_t >= 0 else None}
        elif kind == ISR_K or kind == Kind.IDLE or kind == Kind.GC:
            if kind == ISR_K:
                up, track, name, info = rec[3], ISR, rec[2], None
            elif kind == Kind.IDLE:
                up, track, name, info = rec[2], IDLE, "idle", None
            else:
                up, track, name, info = rec[2], GC, "gc", {"live_bytes": rec[3]}
            if not up:
                name = None  # a pop, below
        elif kind == EXIT:
            track, name = HANDLER + rec[2], None
        else:
            # -- everything that is not a context change
            if kind == Kind.MASK:
                # PRIMASK is not a context: main keeps running with interrupts masked.
                if rec[2] and not masked:
                    masked = True
                    add(("begin", t, MASKED, "masked", None))
                elif not rec[2] and masked:
                    masked = False
                    add(("end", t, MASKED, "masked"))
            elif kind == Kind.LOST:
                add(("mark", t, "lost", rec[2], rec[3]))
            elif kind == Kind.DROP:
                add(("mark", t, "drop", rec[2], rec[3]))
            elif kind == Kind.TASK:
                state = rec[3]
                add(("task", t, rec[2], state, rec[4],
                     blocked_on.pop(rec[2], None) if state == "blocked" else None))
            elif kind == Kind.LOCK:
                if rec[4] == "block":
                    blocked_on[rec[3]] = rec[2]
            elif kind == Kind.PRIO:
                add(("prio", t, rec[2], rec[3], rec[4]))
            elif kind == Kind.VIOLATION:
                _, _, code, severity, message, file, line = rec
                add(("mark", t, "violation", code,
                     {"severity": severity, "message": message, "file": file, "line": line}))
            elif kind == Kind.PRINT:
                add(("mark", t, "print", rec[2], None))
            elif kind == Kind.REACT:
                # (source, stamp_t_ns, edge_t_ns); older logs had (source, cause_t_ns)
                add(("mark", t, "react", rec[2], rec[-1]))
            elif kind == Kind.JOB:
                if rec[3] == "miss":
                    add(("mark", t, "deadline_miss", rec[2], rec[4]))
            elif kind == Kind.RESET:
                add(("mark", t, "reset", rec[2], rec[3] if len(rec) > 3 else None))
            elif kind == Kind.BUS:
                # (bus, op, address, data hex, result, end_t_ns): one addressed segment. The
                # record's own start time (a bus shim appends a transfer's records when it
                # ends, so a start can precede the latest record); SpanCollector sorts them.
                add(("bus", rec[0]) + tuple(rec[2:8]))
            elif kind == Kind.END:
                stop_t = t
            continue
        if name is not None:   # push
            if stack[-1] == MAIN and main:
                add(("end", t, MAIN, "main"))
            stack.append(track)
            names = open_spans.get(track)
            if names is None:
                open_spans[track] = [name]
            else:
                names.append(name)
            add(("begin", t, track, name, info))
        else:                  # pop
            names = open_spans.get(track)
            if not names:
                continue  # an exit without its enter (log started mid-run): nothing to close
            name = names.pop()
            if stack[-1] == track:
                stack.pop()
            else:
                for i in range(len(stack) - 1, 0, -1):
                    if stack[i] == track:
                        del stack[i]
                        break
            add(("end", t, track, name))
            if stack[-1] == MAIN and main:
                add(("begin", t, MAIN, "main", None))
    end = max(last, stop_t if stop_t is not None else 0, end_ns or 0)
    # Close what is still open, innermost first, so begin/end stay balanced.
    if masked:
        add(("end", end, MASKED, "masked"))
    while len(stack) > 1:
        track = stack.pop()
        names = open_spans.get(track)
        if names:
            add(("end", end, track, names.pop()))
    if main:
        add(("end", end, MAIN, "main"))
    add(("stop", end))
    yield out


def inventory(records: Iterable[tuple]) -> dict:
    """What a log contains (first pass for exporters that must declare signals up front).

    ``tasks`` maps each RTOS task to the highest effective priority it ever had (so a
    priority vector is wide enough for inheritance boosts); ``task_order`` lists the tasks
    most urgent first by their base (first recorded) priority.
    """
    pins: set[int] = set()
    handlers: dict[str, str] = {}
    sources: dict[str, int] = {}
    tasks: dict[str, int] = {}
    task_base: dict[str, int] = {}
    queue_max = 0
    end = 0
    PIN, EDGE, ISR_K, SCHED, ENTER, EXIT, TASK = Kind.PIN, Kind.EDGE, Kind.ISR, Kind.SCHED, Kind.ENTER, Kind.EXIT, Kind.TASK
    for rec in records:
        kind = rec[1]
        if rec[0] > end:
            end = rec[0]
        if kind == PIN:
            pins.add(rec[2])
        elif kind == EDGE or kind == ISR_K or kind == EXIT:
            pass
        elif kind == SCHED:
            if rec[3] > queue_max:
                queue_max = rec[3]
        elif kind == ENTER:
            if rec[2] not in handlers:
                handlers[rec[2]] = rec[3]
        elif kind == Kind.LOST:
            sources[rec[2]] = sources.get(rec[2], 0) + 1
        elif kind == TASK or kind == Kind.PRIO:
            p = rec[4] if kind == TASK else rec[3]
            if p > tasks.get(rec[2], -1):
                tasks[rec[2]] = p
            if kind == TASK and rec[2] not in task_base:
                task_base[rec[2]] = p
    return {"pins": sorted(pins), "handlers": dict(sorted(handlers.items())),
            "lost_sources": dict(sorted(sources.items())), "queue_max": queue_max, "end_ns": end,
            "tasks": tasks, "task_order": sorted(task_base, key=lambda k: (-task_base[k], k))}


class SpanCollector:
    """Materialised view for figures and the HTML timeline, fed chunk by chunk.

    ``data`` holds closed spans per track, pin steps, queue steps, marks, RTOS task state
    intervals (``tasks``: name -> [(t0, t1, state, priority, blocked_on)]), priority
    changes (``prio``: name -> [(t, priority, reason)]) and bus transactions (``bus``:
    [(t0, t1, bus, op, address, data_hex, result)]). ``window`` = (from_ns, to_ns)
    keeps only what overlaps it (spans are not clipped, so callers can tell a span that
    started before the window); memory is bounded by what the window shows.
    """

    def __init__(self, window: tuple[int, int] | None = None) -> None:
        self.lo, self.hi = window if window else (None, None)
        self.open_at: dict[tuple[str, str], list] = {}
        self.task_open: dict[str, tuple] = {}
        self.pin_level: dict[int, int] = {}
        self.data = {"spans": {}, "pins": {}, "queue": [], "marks": [], "tasks": {}, "prio": {}, "bus": [],
                     "end_ns": 0}

    def feed(self, chunk: list[tuple]) -> None:
        lo, hi = self.lo, self.hi
        if lo is None:
            self._feed_all(chunk)
            return
        open_at, pin_level, data = self.open_at, self.pin_level, self.data
        spans_, pins, queue, marks = data["spans"], data["pins"], data["queue"], data["marks"]
        for ch in chunk:
            tag, t = ch[0], ch[1]
            if tag == "pin":
                gpio = ch[2]
                if t < lo:
                    pin_level[gpio] = ch[3]   # remember the level on entry to the window
                    if gpio not in pins:
                        pins[gpio] = []
                elif t <= hi:
                    steps = pins.get(gpio)
                    if steps is None:
                        pins[gpio] = [(t, ch[3])]
                    else:
                        steps.append((t, ch[3]))
            elif tag == "begin":
                key = (ch[2], ch[3])
                starts = open_at.get(key)
                if starts is None:
                    open_at[key] = [(t, ch[4])]
                else:
                    starts.append((t, ch[4]))
            elif tag == "end":
                starts = open_at.get((ch[2], ch[3]))
                if starts:
                    t0, info = starts.pop()
                    if t >= lo and t0 <= hi:
                        track = spans_.get(ch[2])
                        if track is None:
                            spans_[ch[2]] = [(t0, t, ch[3], info)]
                        else:
                            track.append((t0, t, ch[3], info))
            elif tag == "queue":
                if t < lo:
                    queue[:] = [(lo, ch[2])]   # only the depth on entry to the window
                elif t <= hi:
                    queue.append((t, ch[2]))
            elif tag == "task":
                self._task(t, ch[2], (ch[3], ch[4], ch[5]))
            elif tag == "prio":
                if lo <= t <= hi:
                    data["prio"].setdefault(ch[2], []).append((t, ch[3], ch[4]))
            elif tag == "mark":
                if lo <= t <= hi:
                    marks.append((t, ch[2], ch[3], ch[4]))
            elif tag == "bus":
                if ch[7] >= lo and t <= hi:
                    data["bus"].append((t, ch[7]) + ch[2:7])
            elif tag == "stop":
                data["end_ns"] = t
                for name in list(self.task_open):
                    self._task(t, name, None)

    def _feed_all(self, chunk: list[tuple]) -> None:
        """:meth:`feed` without a window (every export): the same data, no range tests, and
        the frequent tags (pin, begin, end, queue) first."""
        open_at, data = self.open_at, self.data
        spans_, pins, queue, marks = data["spans"], data["pins"], data["queue"], data["marks"]
        for ch in chunk:
            tag = ch[0]
            if tag == "end":
                starts = open_at.get((ch[2], ch[3]))
                if starts:
                    t0, info = starts.pop()
                    track = spans_.get(ch[2])
                    if track is None:
                        spans_[ch[2]] = [(t0, ch[1], ch[3], info)]
                    else:
                        track.append((t0, ch[1], ch[3], info))
            elif tag == "begin":
                key = (ch[2], ch[3])
                starts = open_at.get(key)
                if starts is None:
                    open_at[key] = [(ch[1], ch[4])]
                else:
                    starts.append((ch[1], ch[4]))
            elif tag == "pin":
                steps = pins.get(ch[2])
                if steps is None:
                    pins[ch[2]] = [(ch[1], ch[3])]
                else:
                    steps.append((ch[1], ch[3]))
            elif tag == "queue":
                queue.append((ch[1], ch[2]))
            elif tag == "mark":
                marks.append((ch[1], ch[2], ch[3], ch[4]))
            elif tag == "task":
                self._task(ch[1], ch[2], (ch[3], ch[4], ch[5]))
            elif tag == "prio":
                data["prio"].setdefault(ch[2], []).append((ch[1], ch[3], ch[4]))
            elif tag == "bus":
                data["bus"].append((ch[1], ch[7]) + ch[2:7])
            elif tag == "stop":
                data["end_ns"] = ch[1]
                for name in list(self.task_open):
                    self._task(ch[1], name, None)

    def _task(self, t: int, name: str, state: tuple | None) -> None:
        """Close the task's current state interval at ``t`` and open ``state`` (None: the end)."""
        prev = self.task_open.pop(name, None)
        intervals = self.data["tasks"].setdefault(name, [])
        if prev is not None:
            t0, (st, prio, obj) = prev
            lo, hi = (self.lo, self.hi) if self.lo is not None else (-1, 1 << 62)
            # "waiting" (between jobs) and "deleted" are drawn as gaps
            if t > t0 and st not in ("waiting", "deleted") and t >= lo and t0 <= hi:
                intervals.append((t0, t, st, prio, obj))
        if state is not None:
            self.task_open[name] = (t, state)

    def result(self) -> dict:
        out = self.data
        lo = self.lo
        for gpio, steps in out["pins"].items():
            start = lo if lo is not None else 0
            steps.insert(0, (start, self.pin_level.get(gpio, 0)))
        for track in out["spans"]:
            out["spans"][track].sort(key=lambda s: (s[0], s[1]))
        out["bus"].sort(key=lambda b: (b[0], b[1]))
        out["pins"] = dict(sorted(out["pins"].items()))
        out["spans"] = dict(sorted(out["spans"].items()))
        return out


def spans(records: Iterable[tuple], end_ns: int | None = None,
          window: tuple[int, int] | None = None, *, main: bool = True) -> dict:
    """Materialised view for figures (see :class:`SpanCollector`)."""
    col = SpanCollector(window)
    for chunk in change_chunks(records, end_ns, main=main):
        col.feed(chunk)
    return col.result()
