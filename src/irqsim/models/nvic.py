"""A declared-cost CPU with a full interrupt controller: the machine under C firmware.

MicroPython on rp2 never shows most of the NVIC (one shared GPIO vector, one priority: see
hw/nvic.py). This engine runs the execution models that do see it — bare-metal C, C with an
RTOS — with handlers whose cost is *declared* in cycles, and times every exception the way
the Armv7-M/v8-M architecture specifies (or the AVR, from its profile):

* per-vector priority (lower = more urgent), pending bits, one edge latch per source (a
  second edge before the handler acknowledges the first is merged: *lost*), several sources
  on one vector (rp2: all GPIOs share IO_IRQ_BANK0, so the handler pays for each);
* preemption and nesting by priority (profiles with ``nesting = false`` run handlers to
  completion, as the AVR with its I-bit cleared);
* late arrival: a more urgent vector arriving while a less urgent one is being stacked is
  taken first, and the stacking already done counts for it;
* tail-chaining: a pending vector is entered straight from the end of a handler for the
  tail-chain cost instead of exit + entry; a vector arriving during the exit (unstacking)
  abandons it (pop pre-emption). Profiles without tail-chaining pay exit, one instruction of
  main (AVR datasheet §6.7) and entry again;
* PRIMASK (everything masked) and BASEPRI (vectors at or below a level masked) critical
  sections in the main loop.

Thread mode runs a main loop (busy work with optional critical sections, or sleep, or a
polling loop) and optionally one RTOS task woken through a semaphore given by handlers. All
times are integer picoseconds; the engine is event-driven (edges, phase ends), so a run costs
a few Python operations per edge, not per cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .profile import IrqProfile

INF = 1 << 62
_THREAD_KIND = {"work": "main", "crit": "crit", "poll": "poll", "poll_serve": "poll", "sleep": "sleep",
                "task": "task", "switch_in": "switch", "switch_out": "switch"}


@dataclass
class Source:
    """An edge source (a pin's edge detector) wired to a vector."""

    name: str
    vector: str
    handler_cycles: float          # cost of serving this source inside the vector's handler
    edges_ps: list[int]
    gives: bool = False            # the handler gives the RTOS task's semaphore
    latched_ps: int = -1           # edge time of the latched, not yet acknowledged edge
    handled: int = 0
    lost: int = 0
    latencies_ps: list[int] = field(default_factory=list)   # edge -> handler acknowledges it


@dataclass
class Vector:
    name: str
    number: int
    priority: int
    sources: list[Source] = field(default_factory=list)
    pending: bool = False
    taken: int = 0


@dataclass
class MainLoop:
    """Thread-mode code when no task runs.

    ``work_cycles`` of interruptible work, then ``crit_cycles`` with interrupts masked
    (``crit_mask`` = "primask", or an int: BASEPRI, masks vectors of that priority and less
    urgent), repeated. ``sleep`` instead waits for interrupts (WFI). ``poll`` sources are
    not wired to a vector: after every work slice the loop spends ``poll_cycles`` checking
    their latches and serving what it finds.
    """

    work_cycles: float = 1000
    crit_cycles: float = 0
    crit_mask: str | int = "primask"
    sleep: bool = False
    poll_cycles: float = 0
    poll: list[Source] = field(default_factory=list)


@dataclass
class Task:
    """One RTOS task blocked on a semaphore the handlers give (deferred interrupt handling).

    ``sem_max`` = 1 is a binary semaphore (FreeRTOS xSemaphoreCreateBinary): a give while it
    is already given fails and that event is lost. Each take runs ``body_cycles``; switching
    in and out costs ``switch_cycles`` (PendSV save/restore + scheduler).
    """

    switch_cycles: float = 200
    body_cycles: float = 150
    sem_max: int = 1
    sem: int = 0
    done: int = 0
    gives_failed: int = 0


@dataclass
class Frame:
    vec: Vector
    phase: str        # "entry" | "body" | "exit"
    rem: int


@dataclass
class RunStats:
    until_ps: int
    busy_ps: dict[str, int]
    tail_chains: int
    late_arrivals: int
    preemptions: int
    max_depth: int


class Machine:
    def __init__(self, profile: IrqProfile, main: MainLoop | None = None, task: Task | None = None) -> None:
        self.p = profile
        self.main = main or MainLoop()
        self.task = task
        self.vectors: dict[str, Vector] = {}
        self.sources: list[Source] = []

    def vector(self, name: str, priority: int) -> Vector:
        vec = self.vectors.get(name)
        if vec is None:
            vec = self.vectors[name] = Vector(name, len(self.vectors), priority)
        return vec

    def add_source(self, source: Source, priority: int = 0) -> Source:
        self.vector(source.vector, priority).sources.append(source)
        self.sources.append(source)
        return source

    # -- the run -------------------------------------------------------------------------
    def run(self, until_ps: int) -> RunStats:
        p, main, task = self.p, self.main, self.task
        ps = p.ps
        entry_ps, exit_ps = ps(p.entry_cycles), ps(p.exit_cycles) + ps(p.after_return_cycles)
        tail_ps = None if p.tail_chain_cycles is None else ps(p.tail_chain_cycles)
        wake_ps = ps(p.wake_cycles)
        edges = sorted((t, k, s) for k, s in enumerate(self.sources + main.poll) for t in s.edges_ps)
        edges = [(t, s) for t, _, s in edges]
        busy = {"entry": 0, "handler": 0, "exit": 0, "task": 0, "switch": 0, "main": 0, "crit": 0,
                "poll": 0, "sleep": 0}
        stack: list[Frame] = []
        tphase = "sleep" if main.sleep else "work"
        trem = INF if main.sleep else ps(main.work_cycles)
        saved_main: tuple[str, int] | None = None    # main's phase while the task runs
        st = RunStats(until_ps, busy, 0, 0, 0, 0)
        t = 0
        ei, n_edges = 0, len(edges)

        def thread_level() -> int:
            if tphase == "crit":
                return -1 if main.crit_mask == "primask" else int(main.crit_mask)
            return INF

        def level_below(depth: int) -> int:
            """Priority a vector must beat to run above stack[:depth]."""
            if depth == 0:
                return thread_level()
            if not p.nesting:
                return -1
            return stack[depth - 1].vec.priority

        def best(level: int) -> Vector | None:
            found = None
            for vec in self.vectors.values():
                if vec.pending and vec.priority < level and (
                        found is None or (vec.priority, vec.number) < (found.priority, found.number)):
                    found = vec
            return found

        def acknowledge(vec: Vector) -> int:
            """Handler body starts: serve every latched source of the vector; its cost in ps."""
            cycles = 0.0
            for src in vec.sources:
                if src.latched_ps >= 0:
                    serve(src)
                    cycles += src.handler_cycles
            return ps(cycles)

        def serve(src: Source) -> None:
            src.handled += 1
            src.latencies_ps.append(t - src.latched_ps)
            src.latched_ps = -1
            if src.gives and task is not None:
                if task.sem < task.sem_max:
                    task.sem += 1
                else:
                    task.gives_failed += 1

        while True:
            if stack:
                frame = stack[-1]
                rem = frame.rem
                kind = {"entry": "entry", "body": "handler", "exit": "exit"}[frame.phase]
            else:
                frame = None
                rem = trem
                kind = _THREAD_KIND[tphase]
            t_edge = edges[ei][0] if ei < n_edges else INF
            t_next = min(t + rem, t_edge, until_ps)
            dt = t_next - t
            busy[kind] += dt
            if frame is not None:
                frame.rem -= dt
            elif trem < INF:
                trem -= dt
            t = t_next
            if t >= until_ps:
                break
            # edges due now: latch them (a latched source merges the new edge: lost)
            while ei < n_edges and edges[ei][0] == t:
                src = edges[ei][1]
                ei += 1
                if src.latched_ps >= 0:
                    src.lost += 1
                else:
                    src.latched_ps = t
                    if src not in main.poll:
                        self.vectors[src.vector].pending = True
            # the running activity ends
            if frame is not None and frame.rem == 0:
                if frame.phase == "entry":
                    frame.phase, frame.rem = "body", acknowledge(frame.vec)
                elif frame.phase == "body":
                    nxt = best(level_below(len(stack) - 1)) if tail_ps is not None else None
                    if nxt is not None:
                        nxt.pending, nxt.taken = False, nxt.taken + 1
                        frame.vec, frame.phase, frame.rem = nxt, "entry", tail_ps
                        st.tail_chains += 1
                    else:
                        frame.phase, frame.rem = "exit", exit_ps
                else:
                    stack.pop()
            elif frame is None and trem == 0:
                if tphase == "work":
                    if main.poll_cycles:
                        tphase, trem = "poll", ps(main.poll_cycles)
                    elif main.crit_cycles:
                        tphase, trem = "crit", ps(main.crit_cycles)
                    else:
                        trem = ps(main.work_cycles)
                elif tphase == "poll":
                    cycles = 0.0
                    for src in main.poll:
                        if src.latched_ps >= 0:
                            serve(src)
                            cycles += src.handler_cycles
                    if cycles:
                        trem = ps(cycles)   # serving what the poll found, still in the poll slot
                        tphase = "poll_serve"
                    else:
                        tphase, trem = ("crit", ps(main.crit_cycles)) if main.crit_cycles else \
                            ("work", ps(main.work_cycles))
                elif tphase == "poll_serve":
                    tphase, trem = ("crit", ps(main.crit_cycles)) if main.crit_cycles else \
                        ("work", ps(main.work_cycles))
                elif tphase == "crit":
                    tphase, trem = "work", ps(main.work_cycles)
                elif tphase == "switch_in":
                    task.sem -= 1
                    tphase, trem = "task", ps(task.body_cycles)
                elif tphase == "task":
                    task.done += 1
                    if task.sem > 0:
                        task.sem -= 1
                        trem = ps(task.body_cycles)
                    else:
                        tphase, trem = "switch_out", ps(task.switch_cycles)
                elif tphase == "switch_out":
                    tphase, trem = saved_main
                    saved_main = None
            # arbitration: late arrival, pop pre-emption, preemption
            top = stack[-1] if stack else None
            if top is not None and top.phase == "entry" and p.late_arrival:
                cand = best(min(top.vec.priority, level_below(len(stack) - 1)))
                if cand is not None:
                    top.vec.pending = True
                    top.vec.taken -= 1
                    cand.pending, cand.taken = False, cand.taken + 1
                    top.vec = cand
                    st.late_arrivals += 1
            elif top is not None and top.phase == "exit" and tail_ps is not None:
                cand = best(level_below(len(stack) - 1))
                if cand is not None:
                    cand.pending, cand.taken = False, cand.taken + 1
                    top.vec, top.phase, top.rem = cand, "entry", tail_ps
                    st.tail_chains += 1
            elif top is None or top.phase == "body":
                cand = best(level_below(len(stack)))
                if cand is not None:
                    cand.pending, cand.taken = False, cand.taken + 1
                    extra = wake_ps if (top is None and tphase == "sleep") else 0
                    if top is not None:
                        st.preemptions += 1
                    stack.append(Frame(cand, "entry", entry_ps + extra))
                    st.max_depth = max(st.max_depth, len(stack))
            # thread mode: the RTOS switches to the task once no handler runs (PendSV is the
            # least urgent exception) and main is not inside a critical section
            if not stack and task is not None and task.sem > 0 and tphase in ("work", "sleep", "poll"):
                saved_main = (tphase, trem)
                tphase, trem = "switch_in", ps(task.switch_cycles)
        return st
