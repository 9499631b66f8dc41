"""Core 1: the thread ``_thread.start_new_thread`` runs on the RP2350's second core.

rp2 facts this models (ports/rp2/mpthreadport.c, mpconfigport.h, py/scheduler.c):
- one extra thread at most, on core 1; a second start while it runs raises
  ``OSError("core1 in use")``; when the function returns, core 1 is free again;
- no GIL (MICROPY_PY_THREAD_GIL=0): both cores run Python at the same time;
- hardware IRQs (machine_pin.c enables IO_IRQ_BANK0 on core 0, timers) and scheduled callbacks
  (mp_handle_pending: ``run_scheduler && mp_thread_is_main_thread()``) run on core 0 only;
- the thread's 4096-byte stack is allocated on the GC heap (mp_thread_create: m_new).

Time model
----------
Both cores share the one :class:`runtime.countdown.Countdown` object firmware lines charge
(``_irqsim_B``, aliased into every function frame). Only one core runs at a time on the host,
so a core switch *swaps the countdown's value* (and ``Cpu.t_next`` and the per-core flags)
instead of giving each core its own object: core 0's hot path is unchanged, and the slow
paths (``line``/``branch``/``catch_up``/waits) are replaced on the Cpu instance and in the
firmware's globals by dispatchers only once a thread is started.

Core 1 runs on its own greenlet as a *kernel process*: a step event at core 1's clock. When
core 0's clock reaches it (in a line, a sleep or an ISR), the step resumes core 1, which runs
until its clock passes min(core 0's clock + ``quantum_ns``, the next kernel event), then parks
and posts its next step at its own clock. So the two clocks leapfrog each other by at most
one quantum plus one line, and kernel events (part edges, IRQs) fire when both cores reached
them. The default quantum 0 interleaves at every line boundary (statements are atomic; see
docs/micropython.md "Core 1"). While core 0 sleeps (a timed wait without a condition) core 1
runs up to the sleep's end or the next event: nothing core 0 does can happen before either.
"""

from __future__ import annotations

from greenlet import getcurrent, greenlet

from ..kernel.core import NEVER
from ..runtime.countdown import HORIZON_NS, StopSimulation
from ..runtime.instrument import BRANCH, LINE

QUANTUM_NS = 0              # core 1 runs until its clock passes core 0's by this much (0: one line)
STACK_BYTES = 4096          # mp_thread_create default stack (ports/rp2/mpthreadport.c), on the GC heap
ARGS_BYTES = 32             # modthread.c thread_entry_args_t (fun, n_args, n_kw, stack_size, args)
SWAPPED = ("depth", "hard_depth", "free", "heap_lock", "primask", "context", "causes",
           "basepri_stack", "masked_since")   # per-core Cpu state (gc_lock_depth is per thread)


class Core1:
    """The second core of one run: its greenlet, clock, state while parked, and the step."""

    def __init__(self, port) -> None:
        self.port = port
        self.cpu = port.cpu
        self.k = port.cpu.k
        self.quantum_ns = QUANTUM_NS
        self.active = 0            # the core running now (0 or 1)
        self.running = False       # core1_entry != NULL: a thread runs (or waits) on core 1
        self.g: greenlet | None = None
        self.core0_g = None
        self.t_ns = 0              # core 1's clock while parked
        self.wake_ns: int | None = None   # parked until (None: waiting for a lock release)
        self.waiting_on = None     # the lock core 1 waits for
        self.c0_sleep_until = 0    # core 0 is in a plain timed wait until then
        self.state1 = {"depth": 0, "hard_depth": 0, "free": False, "heap_lock": 0, "primask": 0,
                       "context": ["core1"], "causes": [], "basepri_stack": [], "masked_since": 0}
        self.installed = False
        self.closed = False
        self.steps = 0             # core switches (measurements)

    # -- starting --------------------------------------------------------------------------
    def start(self, function, args: tuple, kwargs: dict) -> None:
        if not self.installed:
            self._install()
        self.running = True
        self.g = greenlet(self._entry)
        self.g_args = (function, args, kwargs)
        self.t_ns = self.cpu.now()
        self.wake_ns = self.t_ns
        self._post(self.t_ns)

    def _entry(self) -> None:
        function, args, kwargs = self.g_args
        try:
            function(*args, **kwargs)
        except (StopSimulation, SystemExit):
            pass   # the run ended / _thread.exit(): modthread.c thread_entry ends silently
        except Exception as exc:   # noqa: BLE001 - modthread.c prints any uncaught exception
            if not self.closed:
                name = getattr(function, "__name__", "function")
                self.port.write(f"Unhandled exception in thread started by <function {name} at 0x2000a0c0>\n")
                self.port.write(self.port.format_exception(exc) + "\n")
        self.running = False
        self.t_ns = self.cpu.t_next - self.cpu.B.n
        self.wake_ns = None

    def _install(self) -> None:
        """Put the dispatchers on the Cpu instance and in every loaded firmware module."""
        cpu = self.cpu
        self.installed = True
        catch_up, line, branch = cpu.catch_up, cpu.line, cpu.branch
        wait_until, advance_to, mask, unmask = cpu.wait_until, cpu.advance_to, cpu.mask, cpu.unmask
        slow = self._slow

        def d_catch_up():
            (slow if self.active else catch_up)()

        def d_line():
            (slow if self.active else line)()

        def d_branch():
            (slow if self.active else branch)()   # callbacks run on core 0 only (py/scheduler.c)

        def d_wait_until(t_ns, *, run_callbacks, idle, until=None):
            if self.active:
                return self._wait1(t_ns, until)
            if until is None:
                self.c0_sleep_until = t_ns
            try:
                return wait_until(t_ns, run_callbacks=run_callbacks, idle=idle, until=until)
            finally:
                self.c0_sleep_until = 0

        def d_advance_to(t_ns):
            if self.active:
                self._busy_to(t_ns)
            else:
                advance_to(t_ns)

        def d_mask():
            return (cpu.primask, setattr(cpu, "primask", 1))[0] if self.active else mask()

        def d_unmask(state):
            if self.active:
                cpu.primask = 1 if state else 0   # core 1 takes no IRQs: nothing to log or run
            else:
                unmask(state)

        cpu.catch_up, cpu.line, cpu.branch = d_catch_up, d_line, d_branch
        cpu.wait_until, cpu.advance_to, cpu.mask, cpu.unmask = d_wait_until, d_advance_to, d_mask, d_unmask
        for g in self.port.firmware_globals:
            if g.get(LINE) == line:
                g[LINE] = d_line
            if g.get(BRANCH) == branch:
                g[BRANCH] = d_branch
        close = self.port.close_coroutines

        def close_all():
            self.close()
            close()

        self.port.close_coroutines = close_all

    # -- the step: core 0 hands over to core 1 ------------------------------------------------
    def _post(self, t_ns: int) -> None:
        k = self.k
        k.post(t_ns if t_ns > k.now_ns else k.now_ns, self._step)

    def _step(self) -> None:
        if self.closed or not self.running or self.wake_ns is None:
            return
        cpu, k, B = self.cpu, self.k, self.cpu.B
        t0 = k.now_ns
        now1 = self.t_ns if self.t_ns > t0 else t0
        head = k.peek_ns()
        limit = t0 + self.quantum_ns
        if self.c0_sleep_until > limit:
            limit = self.c0_sleep_until
        if head < limit:
            limit = head
        if limit - now1 > HORIZON_NS:
            limit = now1 + HORIZON_NS
        if limit < now1:
            limit = now1
        saved = self._swap_in(now1, limit)
        head_changed = k.on_head_change
        k.on_head_change = cpu._head_changed
        self.active = 1
        self.steps += 1
        try:
            self.core0_g = getcurrent()
            self.g.parent = self.core0_g
            self.g.switch()
        finally:
            self.active = 0
            k.on_head_change = head_changed
            self._swap_out(saved)
            k.now_ns = t0
        if self.running and self.wake_ns is not None:
            self._post(self.wake_ns)
        if (cpu.nvic.pending or cpu.sched_runnable) and B.n > 0:
            cpu.t_next -= B.n   # core 1 pended an IRQ or queued a callback: core 0 looks now
            B.n = 0

    def _swap_in(self, now1: int, t_next: int) -> tuple:
        cpu = self.cpu
        saved = (cpu.B.n, cpu.t_next, {name: getattr(cpu, name) for name in SWAPPED})
        for name, value in self.state1.items():
            setattr(cpu, name, value)
        cpu.t_next = t_next
        cpu.B.n = t_next - now1
        return saved

    def _swap_out(self, saved: tuple) -> None:
        cpu = self.cpu
        for name in SWAPPED:
            self.state1[name] = getattr(cpu, name)
        n, t_next, state0 = saved
        for name, value in state0.items():
            setattr(cpu, name, value)
        cpu.t_next = t_next
        cpu.B.n = n

    # -- core 1's slow paths -------------------------------------------------------------------
    def _park(self, wake_ns: int | None) -> None:
        """Give the host back to core 0 until the step at ``wake_ns`` (None: a lock release)."""
        cpu = self.cpu
        if self.closed or cpu.stopped is not None:
            raise cpu.stopped or StopSimulation("duration")
        self.t_ns = cpu.t_next - cpu.B.n
        self.wake_ns = wake_ns
        self.core0_g.switch()
        if self.closed or cpu.stopped is not None:
            raise cpu.stopped or StopSimulation("duration")

    def _slow(self) -> None:
        """Core 1's countdown ran out: its clock passed core 0's (or the next event)."""
        cpu = self.cpu
        self._park(cpu.t_next - cpu.B.n)

    def _busy_to(self, t_ns: int) -> None:
        cpu = self.cpu
        now = cpu.t_next - cpu.B.n
        if t_ns > now:
            cpu.B.n -= t_ns - now
            if cpu.B.n < 0:
                self._slow()

    def _wait1(self, t_ns: int, until) -> bool:
        """A wait on core 1 (sleep, lock): only core 1's clock moves; core 0 runs meanwhile."""
        cpu = self.cpu
        while True:
            if until is not None and until():
                return True
            now = cpu.t_next - cpu.B.n
            if now >= t_ns:
                return False
            if until is None:
                self._park(t_ns)
            else:   # a condition only the other core or an event changes: look again each step
                self._park(now + 1_000 if t_ns == NEVER else min(t_ns, now + 1_000))

    def wait_lock(self, lock) -> None:
        """Core 1 blocks in mutex_enter_blocking until core 0 releases ``lock`` (then SEV wakes it)."""
        self.waiting_on = lock
        try:
            while lock._locked:
                self._park(None)
        finally:
            self.waiting_on = None

    def released(self, lock) -> None:
        """Core 0 released ``lock``: wake core 1 if it waits for it."""
        if self.waiting_on is lock and self.wake_ns is None and self.running:
            self.wake_ns = self.cpu.now()
            self._post(self.wake_ns)

    # -- the end of the run --------------------------------------------------------------------
    def close(self) -> None:
        """Unwind core 1's frames (their ``finally`` blocks) when the run ends; no time passes."""
        if self.closed:
            return
        self.closed = True
        g = self.g
        if g is None or g.dead or not self.running:
            return
        cpu = self.cpu
        saved = self._swap_in(self.t_ns, self.t_ns)
        self.active = 1
        try:
            self.core0_g = getcurrent()
            g.parent = self.core0_g
            g.throw(StopSimulation("duration"))
        except StopSimulation:
            pass
        finally:
            self.active = 0
            self._swap_out(saved)
            self.running = False
        del cpu
