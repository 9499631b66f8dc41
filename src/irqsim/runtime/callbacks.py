"""The scheduler queue: soft IRQs and ``micropython.schedule`` callbacks (part of the Cpu model).

Callbacks run at branch points and in sleeps, one per check, never nested (py/scheduler.c).
The methods of :class:`SchedulerQueue` run with the state :class:`runtime.cpu.Cpu` sets up;
Cpu inherits them. Split out of cpu.py by concern.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop

from ..kernel.core import NEVER
from ..trace.log import Kind
from .countdown import HORIZON_NS, StopSimulation

_ENTER, _EXIT, _SCHED = Kind.ENTER, Kind.EXIT, Kind.SCHED


class SchedulerQueue:
    """Cpu's scheduler queue (mp_sched_schedule / mp_sched_run_pending)."""

    def _update_sched_flag(self) -> None:
        runnable = bool(self.sched) and not self.sched_lock and not self.in_gc
        self.sched_runnable = runnable
        if runnable:
            self._head_changed(self.now())

    def schedule(self, fn: Callable, arg, kind: str, name: str, source: str = "",
                 cause_t: int = -1) -> bool:
        """Queue a callback; False when the queue is full (the caller decides what that means).

        Positional arguments are accepted for the per-edge callers (a keyword call costs more).
        """
        sched = self.sched
        if len(sched) >= self.sched_depth:
            self.log.append((self.now(), Kind.DROP, name, "queue"))
            return False
        sched.append((fn, arg, kind, name, source, cause_t))
        depth = len(sched)
        if depth > self.sched_high_water:
            self.sched_high_water = depth
            self.on_queue_depth(depth)
        B = self.B
        self.log.append((self.t_next - B.n, _SCHED, name, depth))
        if not self.sched_runnable and not self.sched_lock and not self.in_gc:
            self.sched_runnable = True  # _update_sched_flag(), inlined: the queue is not empty
            if B.n > 0:
                self.t_next -= B.n
                B.n = 0
        return True

    def can_run_scheduled(self) -> bool:
        return bool(self.sched) and not self.sched_lock and not self.in_gc

    def run_scheduled_one(self) -> None:
        """mp_sched_run_pending: run at most one Python callback, scheduler locked meanwhile."""
        sched = self.sched
        if not sched or self.sched_lock or self.in_gc:
            return
        fn, arg, kind, name, source, cause_t = sched.popleft()
        self.sched_lock = 1          # it was 0 (tested above)
        self.sched_runnable = False  # _update_sched_flag() with the scheduler locked
        # Handlers nest symmetrically (each restores depth), so the local stays true below.
        self.depth = depth = self.depth + 1
        B = self.B
        timing = self.timing
        ns = timing.sched_run_ns
        if ns:
            if B.n == 0 and not self.nvic.pending and self.stopped is None:
                # The countdown is still forced (a callback was waiting): re-target it as the
                # first pass of catch_up would, so the charge below needs no slow path.
                now = self.t_next
                k = self.k
                if now > k.now_ns:
                    k.now_ns = now
                heap = k._heap
                while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                    heappop(heap)
                head = heap[0][0] if heap else NEVER
                self.t_next = head if head - now < HORIZON_NS else now + HORIZON_NS
                B.n = self.t_next - now
            B.n -= ns
            if B.n < 0:
                self.catch_up()
        context = self.context
        causes = self.causes
        append = self.log.append
        context.append(name)
        causes.append((source, cause_t))
        t_enter = self.t_next - B.n
        append((t_enter, _ENTER, name, kind, depth, cause_t, source))
        try:
            if self.declared_ns:
                self._call_handler(fn, arg, name)
            else:
                fn(arg)
        except StopSimulation:
            raise
        except BaseException as exc:  # noqa: B036 - mp_call_function_1_protected prints any exception
            self.on_handler_exception(exc, hard=False)
        finally:
            context.pop()
            causes.pop()
            t_exit = self.t_next - B.n
            append((t_exit, _EXIT, name, kind, depth))
            self.on_handler_done(name, kind, t_exit - t_enter)
            self.depth = depth - 1
            ns = timing.sched_return_ns
            if ns:
                B.n -= ns
                if B.n < 0:
                    self.catch_up()
            self.sched_lock -= 1
            if sched and not self.sched_lock and not self.in_gc:  # _update_sched_flag(), inlined
                self.sched_runnable = True
                if B.n > 0:
                    self.t_next -= B.n
                    B.n = 0
            else:
                self.sched_runnable = False
