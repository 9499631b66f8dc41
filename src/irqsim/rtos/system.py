"""The RTOS as a user builds it: declare tasks, ISRs and objects, then ``run``.

``Rtos`` is also the handle a body receives (``def motor(os): ...``): it offers the
services a FreeRTOS task would call (``compute``, ``delay``, ``delay_until``, ``pend``,
``draw``) and finds objects by name (``os.obj("bus").lock()``).

AUTOSAR ISR categories (OS 4.x, SWS_Os): a Category 1 ISR may not call any OS service; a
Category 2 ISR may call the ISR-safe subset (here: the ``*_from_isr`` services and the
watchdog kick). Calls outside that subset are recorded as violations, not exceptions, so a
lab can show them; a blocking call from an ISR then behaves as a zero-timeout poll.
"""

from __future__ import annotations

import inspect

from ..errors import ScenarioError
from ..trace.log import Kind
from .context import IsrRun, IsrSource, Task
from .ops import drive, ns_of, run_ops
from .scheduler import Scheduler
from .sync import Mutex, Queue, Semaphore, Watchdog


class Rtos(Scheduler):
    def __init__(self, *, seed: int = 0, time_slice=None, switch=None, log=None, source: str = "") -> None:
        super().__init__(seed=seed, time_slice_ns=ns_of(time_slice, "time slice") if time_slice else 0,
                         switch_ns=ns_of(switch, "context switch") if switch else 0, log=log)
        self.source = source          # scenario file, for violation records

    # -- declarations ------------------------------------------------------------------
    def _unique(self, name: str, line) -> None:
        if name in self.tasks or name in self.isrs or name in self.objects:
            raise ScenarioError(f"the name {name!r} is used twice", file=self.source or None, line=line,
                                hint="tasks, ISRs, semaphores, mutexes and queues share one namespace")

    def task(self, name: str, priority: int, body, *, period=None, offset=None, deadline=None,
             wait=None, jitter=None, uses=(), line=None) -> Task:
        """Declare a task. ``period``: released every period (one body call per job);
        ``wait``: a semaphore whose every give releases a job (sporadic); neither: the body
        runs once, as a FreeRTOS task function (loop with ``delay_until`` yourself)."""
        self._unique(name, line)
        sem = self.objects[wait] if isinstance(wait, str) else wait
        task = Task(name, priority, body, period_ns=ns_of(period, "period") if period else 0,
                    offset_ns=ns_of(offset, "offset") if offset else 0,
                    deadline_ns=ns_of(deadline, "deadline") if deadline else 0, wait=sem,
                    jitter_ns=ns_of(jitter, "jitter") if jitter else 0, line=line)
        task.uses = tuple(uses)
        self.tasks[name] = task
        return task

    def isr(self, name: str, priority: int, body, *, category: int = 2, period=None, offset=None,
            times=(), min_interarrival=None, max_interarrival=None, line=None) -> IsrSource:
        """Declare an interrupt source with a declared-cost handler (a C ISR)."""
        self._unique(name, line)
        if category not in (1, 2):
            raise ScenarioError(f"ISR {name!r}: category must be 1 or 2", file=self.source or None, line=line)
        lo = ns_of(min_interarrival, "min_interarrival") if min_interarrival else 0
        src = IsrSource(name, priority, body, category=category,
                        period_ns=ns_of(period, "period") if period else 0,
                        offset_ns=ns_of(offset, "offset") if offset else 0,
                        times_ns=tuple(ns_of(t, "time") for t in times), min_interarrival_ns=lo,
                        max_interarrival_ns=ns_of(max_interarrival, "max_interarrival") if max_interarrival else lo,
                        line=line)
        self.isrs[name] = src
        return src

    def semaphore(self, name: str, *, max_count: int = 1, initial: int = 0, line=None) -> Semaphore:
        self._unique(name, line)
        sem = self.objects[name] = Semaphore(self, name, max_count=max_count, initial=initial, line=line)
        return sem

    def mutex(self, name: str, *, protocol: str = "inherit", ceiling: int | None = None, line=None) -> Mutex:
        self._unique(name, line)
        m = self.objects[name] = Mutex(self, name, protocol=protocol, ceiling=ceiling, line=line)
        return m

    def queue(self, name: str, *, length: int = 1, line=None) -> Queue:
        self._unique(name, line)
        q = self.objects[name] = Queue(self, name, length=length, line=line)
        return q

    def watchdog(self, timeout, *, action: str = "reset", name: str = "watchdog", line=None) -> Watchdog:
        self._unique(name, line)
        w = self.objects[name] = Watchdog(self, name, timeout_ns=ns_of(timeout, "watchdog timeout"),
                                          action=action, line=line)
        return w

    def obj(self, name: str):
        try:
            return self.objects[name]
        except KeyError:
            raise ScenarioError(f"no RTOS object named {name!r}", file=self.source or None,
                                hint=f"declared: {', '.join(sorted(self.objects)) or 'none'}") from None

    # -- running -----------------------------------------------------------------------
    def run(self, duration) -> Rtos:
        """Run for ``duration`` of virtual time; results are in ``tasks``/``isrs`` stats and the log."""
        self._ceilings()
        super().run(ns_of(duration, "duration"))
        return self

    def _ceilings(self) -> None:
        """Ceiling of a ceiling-protocol mutex left unset: the most urgent task that uses it
        (known from declared bodies or ``uses=``), else the most urgent task of all."""
        from .ops import Call

        for m in self.objects.values():
            if isinstance(m, Mutex) and m.protocol == "ceiling" and m.ceiling is None:
                users = [t.priority for t in self.tasks.values()
                         if m.name in getattr(t, "uses", ()) or (isinstance(t.body, (list, tuple)) and any(
                             isinstance(op, Call) and op.obj == m.name and op.method == "lock" for op in t.body))]
                m.ceiling = max(users or [t.base_priority for t in self.tasks.values()] or [0])

    # -- services for bodies -----------------------------------------------------------
    def enter(self, service: str, *, from_isr: bool = False, blocking: bool = False, task_only: bool = False):
        """Entry of every OS service: settle line costs, check the caller may use it."""
        ctx = self.current
        if ctx is None:
            return None
        if ctx.is_isr:
            src = ctx.source
            file, line = self.source, src.line or 0
            if src.category == 1:
                self.violation("rtos-cat1", f"Category 1 ISR {src.name!r} called the OS service "
                               f"{service}; only Category 2 ISRs may use OS services",
                               file=file, line=line, once=("cat1", src.name, service))
            elif not from_isr:
                why = "a mutex is for tasks only" if task_only else (
                    "it may block" if blocking else "it is not ISR-safe")
                self.violation("rtos-isr-service", f"ISR {src.name!r} called {service}: {why}; "
                               "use the *_from_isr variant", file=file, line=line,
                               once=("isr", src.name, service))
        self.flush_lines()
        return ctx

    def timeout_of(self, timeout, who) -> int | None:
        if who is None or who.is_isr:
            return 0
        return None if timeout is None else ns_of(timeout, "timeout")

    def compute(self, duration) -> None:  # type: ignore[override]
        """Use the CPU for ``duration`` ("200us" or ns); preemptible at any instant."""
        super().compute(ns_of(duration, "compute time"))

    def delay(self, duration) -> None:
        """vTaskDelay: block for ``duration`` from now."""
        self.delay_until(self.now_ns + ns_of(duration, "delay"))

    def delay_until(self, t_ns: int) -> int:
        """vTaskDelayUntil: block until the absolute time ``t_ns``; returns ``t_ns``.

        For a task without period/wait this also closes the current job and opens the next
        one released at ``t_ns``, so its response times are measured like a periodic task's.
        """
        who = self.enter("delay_until", blocking=True)
        if who is None or who.is_isr:
            return t_ns
        free = who.kind == "free"
        if free:
            self.job_end(who)
        if t_ns > self.now_ns:
            self.block(who, None, t_ns - self.now_ns)
        if free:
            self.job_begin(who, who.job_index + 1, t_ns)
        return t_ns

    def yield_(self) -> None:
        """taskYIELD: let an equal-priority ready task run."""
        ctx = self.enter("yield")
        if ctx is not None and not ctx.is_isr:
            self._seq += 1
            ctx.ready_seq = self._seq
            self.switch_out(("yield",))

    def pend(self, name: str) -> None:
        """Request an ISR (NVIC_SetPendingIRQ); from a task it preempts at once."""
        if name not in self.isrs:
            raise ScenarioError(f"no ISR named {name!r}", file=self.source or None,
                                hint=f"declared: {', '.join(sorted(self.isrs)) or 'none'}")
        self.flush_lines() if self.current is not None else None
        super().pend(name)
        self.reschedule()

    def draw(self, stream: str, lo: int, hi: int, *, step: int = 1) -> int:
        """A seeded integer in [lo, hi] (a multiple of ``step``) from the caller's stream;
        recorded as a job input so the measured WCET can name the inputs that produced it."""
        ctx = self.current
        owner = ctx.name if ctx is not None else "-"
        value = self.rng.stream(f"{owner}:{stream}").randint(lo // step, hi // step) * step
        if ctx is not None:
            ctx.inputs.append((stream, value))
        return value

    def task_name(self) -> str | None:
        return self.current.name if self.current is not None else None


def run_body(rt: Rtos, body) -> None:
    if isinstance(body, (list, tuple)):
        run_ops(body, rt)
    elif inspect.isgeneratorfunction(body):
        drive(body(rt), rt)
    else:
        body(rt)


def task_main(rt: Rtos, task: Task):
    kind = task.kind
    if kind == "free":
        rt.job_begin(task, 0, rt.now_ns)
        run_body(rt, task.body)
        rt.flush_lines()
        rt.job_end(task)
        return ("done",)
    index = 0
    while True:
        if kind == "periodic":
            while not task.releases:
                rt._state(task, "waiting")
                rt.switch_out(("block",))
            index, release = task.releases.popleft()
        else:
            task.wait.take()
            release = task.wake_stamp
            rt.log.append((rt.now_ns, Kind.JOB, task.name, "release", release, release + task.deadline_ns))
            if task.deadline_ns:
                rt.at(max(rt.now_ns, release + task.deadline_ns), rt._check_deadline, task, index, release)
        rt.job_begin(task, index, release)
        run_body(rt, task.body)
        rt.flush_lines()
        rt.job_end(task)
        index += 1


def isr_main(rt: Rtos, run: IsrRun):
    run_body(rt, run.source.body)
    rt.flush_lines()
    return ("done",)
