"""A single-core, preemptive, fixed-priority RTOS on the irqsim event kernel.

The CPU model is our own (not the MicroPython ``runtime.cpu.Cpu``): task sets are C-like
firmware with declared costs, so a context's demand is "CPU time still to run". The loop:

1. pick the most urgent context: an ISR more urgent than the running ISR (nesting), else
   the running ISR, else the ready task with the highest effective priority (FIFO among
   equals: ``ready_seq``);
2. if it still needs CPU time, run it up to the earliest of (its completion, the next kernel
   event, the time-slice end, the end of the run), then fire the due events (releases, ISR
   triggers, timeouts, watchdog) and go to 1 — that is preemption;
3. otherwise switch into its greenlet; the body runs Python until it asks for CPU time,
   blocks, yields or ends.

Ordinary Python bodies that were instrumented (rtos/pytask.py) charge each line into the
countdown ``B[0]``; the scheduler hands them a budget up to the next event, and when it
runs out their ``_line()`` slow path converts the time spent into CPU demand, so the
scheduler can preempt them at the next line boundary.

Services live in ``services.py`` (the API a body calls) and ``sync.py`` (semaphores,
mutexes, queues, watchdog); this module owns time, dispatch, jobs and the log.
"""

from __future__ import annotations

import greenlet

from ..errors import IrqsimError
from ..kernel.core import NEVER, Kernel
from ..kernel.rng import RandomStreams
from ..trace.log import EventLog, Kind
from .context import Context, IsrRun, IsrSource, Task


class TaskError(IrqsimError):
    """A task or ISR body raised an exception (exit code 1)."""

    exit_code = 1


class _Killed(greenlet.GreenletExit):
    """Thrown into a context's greenlet when the system resets or the run ends."""


class Scheduler:
    def __init__(self, *, seed: int = 0, time_slice_ns: int = 0, switch_ns: int = 0,
                 log: EventLog | None = None, kernel: Kernel | None = None) -> None:
        self.k = kernel or Kernel()
        self.log = log if log is not None else EventLog()
        self.rng = RandomStreams(seed)
        self.slice_ns = time_slice_ns
        self.switch_ns = switch_ns
        self.tasks: dict[str, Task] = {}
        self.isrs: dict[str, IsrSource] = {}
        self.objects: dict[str, object] = {}
        self.B = [0]                      # line-cost countdown shared with instrumented bodies
        self._given = 0
        self.current: Context | None = None   # context whose greenlet is executing
        self.running: Context | None = None   # context that owns the CPU
        self.task_running: Task | None = None  # the task the OS considers running
        self.isr_stack: list[IsrRun] = []
        self._seq = 0
        self._slice_end = NEVER
        self.generation = 0
        self.resets = 0
        self.boot_ns = 0
        self._killing = False
        self._main = None
        self.violations: list[tuple] = []
        self._reported: set = set()
        self.end_ns = 0
        self.stopped: str | None = None

    # -- time and events -------------------------------------------------------------
    @property
    def now_ns(self) -> int:
        """Virtual time; inside a Python body it includes the lines run since it resumed."""
        if self.current is not None:
            return self.k.now_ns + self._given - self.B[0]
        return self.k.now_ns

    def at(self, t_ns: int, fn, *args):
        """Schedule ``fn(*args)``; a reset makes every event of the old generation void."""
        return self.k.schedule_at(t_ns, self._guard, self.generation, fn, args)

    def _guard(self, generation, fn, args) -> None:
        if generation == self.generation:
            fn(*args)

    def _fire_due(self) -> None:
        k = self.k
        while (event := k.pop_due(k.now_ns)) is not None:
            event.fn(*event.args)

    # -- logging ---------------------------------------------------------------------
    def _state(self, task: Task, state: str) -> None:
        task.state = state
        self.log.append((self.k.now_ns, Kind.TASK, task.name, state, task.priority))

    def violation(self, code: str, message: str, *, severity: str = "error", file: str = "",
                  line: int = 0, once: tuple | None = None) -> None:
        if once is not None:
            if once in self._reported:
                return
            self._reported.add(once)
        record = (self.k.now_ns, Kind.VIOLATION, code, severity, message, file, line or 0)
        self.violations.append(record)
        self.log.append(record)

    # -- readiness -------------------------------------------------------------------
    def make_ready(self, task: Task, value=None) -> None:
        self._seq += 1
        task.ready_seq = self._seq
        task.resume_value = value
        if task.timeout_event is not None:
            task.timeout_event.cancel()
            task.timeout_event = None
        task.blocked_on = None
        self._state(task, "ready")

    def _pick(self) -> Context | None:
        top = self.isr_stack[-1] if self.isr_stack else None
        best_src = None
        for src in self.isrs.values():
            if src.pending and (top is None or src.priority > top.priority) and \
                    (best_src is None or src.priority > best_src.priority):
                best_src = src
        if best_src is not None:
            return self._start_isr(best_src)
        if top is not None:
            return top
        best = None
        for task in self.tasks.values():
            if task.state in ("ready", "running") and (best is None or task.key() > best.key()):
                best = task
        return best

    def _start_isr(self, src: IsrSource) -> IsrRun:
        src.pending = False
        src.count += 1
        run = IsrRun(src, self._pended_at.pop(src.name, self.k.now_ns), src.count - 1)
        run.glet = greenlet.greenlet(lambda *_: self._isr_main(run), parent=self._main)
        self.isr_stack.append(run)
        self.log.append((self.k.now_ns, Kind.ISR, src.name, 1))
        return run

    _pended_at: dict

    def pend(self, name: str) -> None:
        """Set an ISR pending (a hardware request); a request already pending is lost."""
        src = self.isrs[name]
        if src.pending:
            src.stats.lost += 1
            self.log.append((self.k.now_ns, Kind.LOST, name, "latch"))
            return
        src.pending = True
        src.stats.released(self.k.now_ns)
        self._pended_at[name] = self.k.now_ns

    # -- the loop --------------------------------------------------------------------
    def run(self, duration_ns: int) -> None:
        self._main = greenlet.getcurrent()
        self._pended_at = {}
        self._boot()
        until = duration_ns
        try:
            self._loop(until)
        finally:
            self._kill_all()
        self.end_ns = self.k.now_ns
        self.log.append((self.end_ns, Kind.END, self.stopped or "duration"))

    def _loop(self, until: int) -> None:
        k = self.k
        while self.stopped is None:
            ctx = self._pick()
            if ctx is not self.running:
                self._dispatch(ctx)
            if ctx is None:
                t = k.peek_ns()
                if t > until:
                    self._advance(until)
                    return
                self._advance(t)
                self._fire_due()
                continue
            if ctx.remaining_ns > 0:
                stop = min(k.now_ns + ctx.remaining_ns, k.peek_ns(), until)
                if not ctx.is_isr and self.slice_ns:
                    stop = min(stop, self._slice_end)
                self._advance(stop)
                if k.now_ns >= until and (ctx.remaining_ns > 0 or k.peek_ns() > until):
                    return
                self._fire_due()
                if not ctx.is_isr and k.now_ns >= self._slice_end:
                    self._rotate(ctx)
                continue
            if k.now_ns >= until and k.peek_ns() > until:
                return
            self._resume(ctx, until)

    def _dispatch(self, ctx: Context | None) -> None:
        self.running = ctx
        if ctx is not None and ctx.is_isr:
            return  # the interrupted task stays "running" for the OS, as in FreeRTOS
        old = self.task_running
        if old is ctx:
            return
        if old is not None and old.state == "running":
            self._state(old, "ready")
        self.task_running = ctx
        if isinstance(ctx, Task):
            self._state(ctx, "running")
            self._slice_end = self.k.now_ns + self.slice_ns if self.slice_ns else NEVER
            if self.switch_ns and old is not ctx:
                ctx.remaining_ns += self.switch_ns

    def _rotate(self, task: Context) -> None:
        """Time slicing: a task that used its slice goes behind equal-priority ready tasks."""
        self._slice_end = self.k.now_ns + self.slice_ns
        if any(t is not task and t.state == "ready" and t.priority == task.priority
               for t in self.tasks.values()):
            self._seq += 1
            task.ready_seq = self._seq

    def _advance(self, t_ns: int) -> None:
        """Let the running context use the CPU until ``t_ns`` (accounting exec and blocking)."""
        dt = t_ns - self.k.now_ns
        if dt <= 0:
            return
        ctx = self.running
        if ctx is not None:
            ctx.remaining_ns -= dt
            ctx.exec_ns += dt
            if isinstance(ctx, Task):
                for task in self.tasks.values():
                    # blocking: a released job of a more urgent task waits while a less urgent
                    # task runs (boosted by inheritance/ceiling, or not: priority inversion)
                    if task is not ctx and task.base_priority > ctx.base_priority and (
                            (task.state == "ready" and (task.job_open or task.releases or task.wait is not None))
                            or (task.state == "blocked" and getattr(task.blocked_on, "is_mutex", False))):
                        task.blocking_ns += dt
        self.k.advance_to(t_ns)

    def _resume(self, ctx: Context, until: int) -> None:
        budget = min(self.k.peek_ns(), until) - self.k.now_ns
        if self.slice_ns and not ctx.is_isr:
            budget = min(budget, self._slice_end - self.k.now_ns)
        self.B[0] = self._given = max(0, budget)
        self.current = ctx
        value, ctx.resume_value = ctx.resume_value, None
        try:
            request = ctx.glet.switch(value)
        except _Killed:  # pragma: no cover - killed contexts never reach here
            request = ("done",)
        except IrqsimError:
            raise
        except Exception as exc:
            import traceback

            text = "".join(traceback.format_exception(exc))
            raise TaskError(f"{'ISR' if ctx.is_isr else 'task'} {ctx.name!r} raised "
                            f"{type(exc).__name__}: {exc} at t={self.k.now_ns} ns",
                            hint=text.strip().splitlines()[-3].strip() if text.count("\n") > 3 else None) from exc
        finally:
            self.current = None
            self.B[0] = self._given = 0
        kind = request[0]
        if kind == "compute":
            ctx.remaining_ns += request[1]
        elif kind == "done":
            self._finished(ctx)

    def _finished(self, ctx: Context) -> None:
        if isinstance(ctx, IsrRun):
            self.isr_stack.remove(ctx)
            self.log.append((self.k.now_ns, Kind.ISR, ctx.name, 0))
            ctx.source.stats.finish(ctx.job_index, ctx.release_ns, self.k.now_ns - ctx.release_ns,
                                    ctx.exec_ns, 0, tuple(ctx.inputs))
            self.running = None
        else:
            self._state(ctx, "deleted")
            self.running = self.task_running = None

    # -- called from a context's greenlet ----------------------------------------------
    def switch_out(self, request: tuple):
        """Give the CPU back to the scheduler with a request; returns the resume value."""
        if self._killing:
            raise _Killed()
        return self._main.switch(request)

    def flush_lines(self) -> None:
        """Turn the line costs a Python body charged since it resumed into CPU demand."""
        spent = self._given - self.B[0]
        if spent > 0:
            self.B[0] = self._given = 0
            self.switch_out(("compute", spent))

    def line(self) -> None:
        """Slow path of an instrumented line (injected as ``_rtos_line``)."""
        if self.current is None:
            self.B[0] = self._given = 0  # a body called outside the scheduler: costs nothing
            return
        self.flush_lines()

    def compute(self, ns: int) -> None:
        self.flush_lines()
        if ns:
            self.switch_out(("compute", ns))

    def block(self, task: Task, on, timeout_ns: int | None, on_timeout=None):
        """Block the calling task on ``on`` (optionally with a timeout); returns the wake value."""
        task.blocked_on = on
        self._state(task, "blocked")
        if timeout_ns is not None:
            task.timeout_event = self.at(self.k.now_ns + timeout_ns, self._timeout, task, on_timeout)
        return self.switch_out(("block",))

    def _timeout(self, task: Task, on_timeout) -> None:
        task.timeout_event = None
        if task.state == "blocked":
            if on_timeout is not None:
                on_timeout(task)
            self.make_ready(task, False)

    def update_priority(self, task: Task) -> None:
        """Recompute a task's effective priority from the mutexes it holds (inheritance and
        ceiling), and pass a raise on along a chain of blocked owners (transitive inheritance)."""
        prio, reason = task.base_priority, "restore"
        for m in task.held:
            if m.protocol == "ceiling" and m.ceiling is not None and m.ceiling > prio:
                prio, reason = m.ceiling, "ceiling"
            elif m.protocol == "inherit":
                for waiter in m.waiters.tasks():
                    if waiter.priority > prio:
                        prio, reason = waiter.priority, "inherit"
        if prio == task.priority:
            return
        task.priority = prio
        self.log.append((self.k.now_ns, Kind.PRIO, task.name, prio, reason))
        on = task.blocked_on
        if getattr(on, "is_mutex", False) and on.protocol == "inherit" and on.owner is not None:
            self.update_priority(on.owner)

    def reschedule(self) -> None:
        """A service may have readied a more urgent task: let the scheduler decide now."""
        ctx = self.current
        if ctx is None or ctx.is_isr:
            return  # an ISR's wake-ups take effect when it returns (portYIELD_FROM_ISR)
        if any(src.pending for src in self.isrs.values()) or any(
                t is not ctx and t.state == "ready" and t.key() > ctx.key() for t in self.tasks.values()):
            self.switch_out(("yield",))

    # -- boot, jobs, reset -------------------------------------------------------------
    def _boot(self) -> None:
        _g = greenlet
        self.boot_ns = t0 = self.k.now_ns
        for obj in self.objects.values():
            obj.reset()
        for task in self.tasks.values():
            _reset_task(task)
            task.glet = _g.greenlet(self._task_main_of(task), parent=self._main)
            if task.period_ns:
                self.at(t0 + task.offset_ns, self._release, task, 0)
                self._state(task, "waiting")
            elif task.wait is not None:
                self.make_ready(task)   # runs to its first take()
            elif task.offset_ns:
                self.at(t0 + task.offset_ns, self.make_ready, task)
                self._state(task, "waiting")
            else:
                self.make_ready(task)
        for src in self.isrs.values():
            src.pending = False
            if src.period_ns:
                self.at(t0 + src.offset_ns, self._periodic_isr, src)
            for t in src.times_ns:
                self.at(t0 + t, self.pend, src.name)
            if src.min_interarrival_ns:
                self.at(t0 + src.offset_ns, self._sporadic_isr, src)

    def _periodic_isr(self, src: IsrSource) -> None:
        self.pend(src.name)
        self.at(self.k.now_ns + src.period_ns, self._periodic_isr, src)

    def _sporadic_isr(self, src: IsrSource) -> None:
        self.pend(src.name)
        gap = self.rng.stream(f"isr:{src.name}").randint(src.min_interarrival_ns,
                                                         max(src.min_interarrival_ns, src.max_interarrival_ns))
        self.at(self.k.now_ns + gap, self._sporadic_isr, src)

    def _release(self, task: Task, index: int) -> None:
        t = self.k.now_ns
        task.releases.append((index, t))
        self.log.append((t, Kind.JOB, task.name, "release", t, t + task.deadline_ns))
        if task.deadline_ns:
            self.at(t + task.deadline_ns, self._check_deadline, task, index, t)
        self.at(t + task.period_ns, self._release, task, index + 1)
        if task.state == "waiting":
            self.make_ready(task)

    def _check_deadline(self, task: Task, index: int, release_ns: int) -> None:
        if task.done_index < index:
            task.stats.misses += 1
            self.log.append((self.k.now_ns, Kind.JOB, task.name, "miss", release_ns, self.k.now_ns))
            self.violation("rtos-deadline", f"task {task.name!r} missed its deadline (job {index}, "
                           f"released at {release_ns} ns)", severity="warning", once=("deadline", task.name))

    def job_begin(self, task: Task, index: int, release_ns: int) -> None:
        task.job_index, task.release_ns = index, release_ns
        task.stats.released(release_ns)
        task.exec_ns = 0   # blocking_ns keeps what the job suffered before it first ran
        task.inputs = []
        task.job_open = True

    def job_end(self, task: Task) -> None:
        if not task.job_open:
            return
        task.job_open = False
        task.done_index = task.job_index
        response = self.k.now_ns - task.release_ns
        task.stats.finish(task.job_index, task.release_ns, response, task.exec_ns, task.blocking_ns,
                          tuple(task.inputs))
        task.blocking_ns = 0
        self.log.append((self.k.now_ns, Kind.JOB, task.name, "done", task.release_ns, response))

    def _task_main_of(self, task: Task):
        from .system import task_main

        return lambda *_: task_main(self, task)

    def _isr_main(self, run: IsrRun):
        from .system import isr_main

        return isr_main(self, run)

    def reset(self, reason: str) -> None:
        """Restart the system (watchdog): contexts and objects restart, time goes on."""
        self.resets += 1
        self.log.append((self.k.now_ns, Kind.RESET, reason, self.resets))
        self._kill_all()
        self.generation += 1
        self.isr_stack.clear()
        self.running = self.task_running = None
        self._pended_at.clear()
        self._boot()

    def _kill_all(self) -> None:
        self._killing = True
        try:
            for ctx in [*self.tasks.values(), *self.isr_stack]:
                g = ctx.glet
                if g is not None and g and not g.dead:
                    g.throw(_Killed())
        finally:
            self._killing = False


def _reset_task(task: Task) -> None:
    """Forget a task's run-time state (keep its declaration and statistics)."""
    stats = task.stats
    Context.__init__(task, task.name, task.base_priority)
    task.stats = stats
    stats.last_release_ns = -1   # a reset is not a release: do not measure a gap across it
    task.state = "waiting"
    task.releases.clear()
    task.blocked_on = None
    if task.timeout_event is not None:
        task.timeout_event.cancel()
    task.timeout_event = None
    task.held = []
    task.job_open = False
    task.done_index = -1
