"""Interrupt entry and exit: NVIC vectors, hard handlers, PRIMASK (part of the Cpu model).

The methods of :class:`Interrupts` run with the state :class:`runtime.cpu.Cpu` sets up
(countdown, kernel, NVIC, log, contexts); Cpu inherits them. Split out of cpu.py by concern.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop

from ..kernel.core import NEVER
from ..trace.log import Kind
from .countdown import Countdown, StopSimulation

_ISR = Kind.ISR


def _no_charge(ns: int) -> None:
    return None


class Interrupts:
    """Cpu's interrupt entry and exit, hard handlers and PRIMASK."""

    def take_interrupts(self) -> None:
        """Run pending vectors that may preempt what is running, tail-chaining between them."""
        nvic = self.nvic
        pending = nvic.pending
        if len(pending) == 1 and not self.primask and not self.basepri_stack:
            # One vector, nothing running: its fused path (Vector.fast, e.g. a GPIO edge that
            # queues a soft handler) does entry, ISR and exit in one call when nothing can be
            # due meanwhile, with the records and countdown the loop below would leave.
            fast = pending[0].fast
            if fast is not None and pending[0].enabled and fast():
                return
        self._take_pending()

    def _take_pending(self) -> None:
        """take_interrupts without the fused path (catch_up tries that itself first)."""
        pending = self.nvic.pending
        nvic = self.nvic
        B = self.B
        timing = self.timing
        stack = self.basepri_stack
        context = self.context
        append = self.log.append
        chained = False
        while not self.primask:
            if not pending:
                break  # nvic.next_pending() is None
            if len(pending) == 1:  # nvic.next_pending() + nvic.take(), inlined for one source
                vec = pending[0]
                if not vec.enabled or (stack and vec.priority >= stack[-1]):
                    break
                pending.pop()
            else:
                vec = nvic.next_pending(stack[-1] if stack else None)
                if vec is None:
                    break
                nvic.take(vec)
            self.isr_count += 1
            ns = timing.tail_chain_ns if chained else timing.entry_ns
            if ns:  # _busy(ns), inlined
                B.n -= ns
                if B.n < 0:
                    self.catch_up()
            stack.append(vec.priority)
            context.append("isr")
            append((self.t_next - B.n, _ISR, vec.name, 1))
            try:
                vec.isr()
            finally:
                append((self.t_next - B.n, _ISR, vec.name, 0))
                context.pop()
                stack.pop()
            chained = bool(nvic.pending) and not self.primask
            if not chained:
                ns = timing.exit_ns
                if ns:
                    B.n -= ns
                    if B.n < 0:
                        heap = self.k._heap
                        while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                            heappop(heap)
                        if (self.sched_runnable and not pending and self.stopped is None
                                and (heap[0][0] if heap else NEVER) > self.t_next - B.n):
                            # catch_up's first test, inlined: the handler queued a callback
                            # (countdown forced) and nothing is due: re-arm the forcing.
                            self.t_next -= B.n
                            B.n = 0
                        else:
                            self.catch_up()

    def _busy(self, ns: int) -> None:
        """Time spent without running Python lines (interrupt entry, C code)."""
        if ns:
            self.B.n -= ns
            if self.B.n < 0:
                self.catch_up()

    def run_hard(self, fn: Callable, arg, name: str, source: str, cause_t: int) -> bool:
        """Call a hard handler now (mp_irq_dispatch with ishard): heap and scheduler locked.

        Returns False when it raised, so the caller disables the IRQ as MicroPython does.
        """
        self.depth += 1
        self.hard_depth += 1
        self.sched_lock += 1
        self.heap_lock += 1
        self._update_sched_flag()
        self.context.append(name)
        self.causes.append((source, cause_t))
        t_enter = self.now()
        self.log.append((t_enter, Kind.ENTER, name, "hard", self.depth, cause_t, source))
        ok = True
        try:
            self._call_handler(fn, arg, name)
        except StopSimulation:
            raise
        except BaseException as exc:  # noqa: B036 - firmware exceptions of any kind end the handler
            ok = False
            self.on_handler_exception(exc, hard=True)
        finally:
            self.context.pop()
            self.causes.pop()
            t_exit = self.now()
            self.log.append((t_exit, Kind.EXIT, name, "hard", self.depth))
            self.on_handler_done(name, "hard", t_exit - t_enter)
            self.depth -= 1
            self.hard_depth -= 1
            self.sched_lock -= 1
            self.heap_lock -= 1
            self._update_sched_flag()
        return ok

    def _call_handler(self, fn: Callable, arg, name: str) -> None:
        """Run a handler; one with a declared C cost ("what if I rewrote this in C?") runs its
        Python body in zero virtual time and then costs exactly the declared cycles."""
        declared = self.declared_ns.get(name)
        if declared is None:
            fn(arg)
            return
        g = getattr(getattr(fn, "__func__", fn), "__globals__", None)
        real = g.get("_irqsim_B") if g is not None else None
        if real is not None:
            g["_irqsim_B"] = Countdown(1 << 60)   # the body's line charges go nowhere
        self.charge = _no_charge          # nor do the C calls it makes
        free = self.free
        self.free = True
        try:
            fn(arg)
        finally:
            del self.charge
            self.free = free
            if real is not None:
                g["_irqsim_B"] = real
        self._busy(declared)

    def current_cause(self) -> tuple[str, int]:
        return self.causes[-1] if self.causes else ("", -1)

    on_handler_exception: Callable = staticmethod(lambda exc, hard: None)
    # Observers set by the port (rule budgets); they cost one call per handler / mask window.
    on_handler_done: Callable = staticmethod(lambda name, kind, duration_ns: None)
    on_masked: Callable = staticmethod(lambda duration_ns: None)
    on_queue_depth: Callable = staticmethod(lambda depth: None)

    def mask(self) -> int:
        """machine.disable_irq(): returns the previous PRIMASK."""
        old = self.primask
        if not old:
            self.primask = 1
            self.masked_since = self.now()
            self.log.append((self.masked_since, Kind.MASK, 1))
        return old

    def unmask(self, state: int) -> None:
        """machine.enable_irq(state): restore PRIMASK; latched interrupts fire at once."""
        if state:
            if not self.primask:
                self.primask = 1
                self.masked_since = self.now()
                self.log.append((self.masked_since, Kind.MASK, 1))
            return
        if self.primask:
            self.primask = 0
            t = self.now()
            self.log.append((t, Kind.MASK, 0))
            self.on_masked(t - self.masked_since)
            if self.nvic.pending:
                self.take_interrupts()
