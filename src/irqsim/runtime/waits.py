"""Waiting: sleeps, idle (WFE) and polling waits that let virtual time pass (part of the Cpu model).

The methods of :class:`Waits` run with the state :class:`runtime.cpu.Cpu` sets up; Cpu
inherits them. Split out of cpu.py by concern.
"""

from __future__ import annotations

from collections.abc import Callable

from ..trace.log import Kind


class Waits:
    """Cpu's waits: time passes with no firmware line running."""

    def advance_to(self, t_ns: int) -> None:
        """Let time pass to ``t_ns``, firing every event on the way at its own time."""
        k = self.k
        while True:
            now = self.now()
            head = k.peek_ns()
            if head <= t_ns:
                if head > now:
                    self.B.n -= head - now
                self._fire_now()
                continue
            if t_ns > now:
                self.B.n -= t_ns - now
                if self.B.n < 0:
                    self.catch_up()
            return

    def _fire_now(self) -> None:
        """Fire the events due at the CPU's current time and take the interrupts they pend."""
        if self.stopped is not None:
            raise self.stopped
        t = self.now()
        if t > self.k.now_ns:
            self.k.now_ns = t
        self.k.fire_due(t)
        if self.nvic.pending and not self.primask:
            self.take_interrupts()
        self._retarget()
        if self.sched_runnable:
            self._head_changed(self.now())

    def wait_until(self, t_ns: int, *, run_callbacks: bool, idle: bool,
                   until: Callable[[], bool] | None = None) -> bool:
        """Wait (WFE when ``idle``) until ``t_ns`` or until ``until()`` holds.

        With ``run_callbacks`` the wait behaves like mp_event_wait_ms: each wake-up runs at
        most one scheduled callback. Returns True when ``until`` ended the wait.
        """
        if self.k.quiet:
            self._settle_quiet()  # due quiet edges take their place in the log before a spill
        log = self.log
        if hasattr(log, "maybe_flush"):
            log.maybe_flush()  # a quiet point: spill a long log to disk
        while True:
            if self.stopped is not None:
                raise self.stopped
            if until is not None and until():
                return True
            if run_callbacks and self.can_run_scheduled():
                self.run_scheduled_one()
                continue
            now = self.now()
            if now >= t_ns:
                return False
            if idle:
                log.append((now, Kind.IDLE, 1))
                self.context.append("idle")
            isr_before = self.isr_count
            try:
                # Sleep through events that raise no interrupt (a part toggling a pin nobody
                # watches): WFE returns only for an interrupt, or when the caller's condition
                # may have changed.
                while True:
                    now = self.now()
                    head = self.k.peek_ns()
                    target = head if head < t_ns else t_ns
                    if target > now:
                        self.advance_to(target)
                    else:
                        self._fire_now()
                    if (self.isr_count != isr_before or self.now() >= t_ns or until is not None
                            or self.stopped is not None or (run_callbacks and self.sched_runnable)):
                        break
                if self.sched_runnable:
                    self._head_changed(self.now())
            finally:
                if idle:
                    self.context.pop()
                    log.append((self.now(), Kind.IDLE, 0))
            if idle and self.isr_count != isr_before and self.now() < t_ns:
                self._busy(self.timing.wake_ns)  # WFE returns only for an interrupt (or SEV)
