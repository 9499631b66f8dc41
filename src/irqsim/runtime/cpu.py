"""The simulated core running MicroPython: virtual time, interrupts, the scheduler queue.

Time model
----------
``B.n`` counts down the ns until ``t_next`` (the next kernel event or a re-sync
horizon), so ``now = t_next - B.n``. Every instrumented line subtracts its cost first and
runs only after the check, so a line's effects happen at the end of its cost window. When
the count goes negative, the line has "consumed" past an event: :meth:`catch_up` sets the
excess aside as *debt*, rewinds the CPU to the event time, fires the event (which may pend
an interrupt), runs any interrupt handler at that exact time, and then adds the debt back.
So a hard IRQ starts at its true time however long the interrupted line is, and the line
it interrupted finishes late by the handler's duration, as on the chip.

Contexts
--------
main (the firmware's module code), hard handlers (run inside :meth:`catch_up`, heap and
scheduler locked), scheduled callbacks (soft IRQs and ``micropython.schedule``; run at
branch points and in sleeps, one per check, never nested: py/scheduler.c), GC pauses and
idle waits. Each transition is one log record, which statistics turn into CPU shares.

Performance notes (benchmarks/bench_runtime.py; results checked byte for byte with
benchmarks/golden_check.py after every change)
-----------------------------------------------------------------------------------
- Per edge, the cost is Python calls, not arithmetic: inline the one-line helpers (_busy,
  _update_sched_flag, now, fire_due, nvic.next_pending/take, Gpio.drive, _edge_time) on the
  paths every edge takes, cache attribute chains in locals. (Round 3: this has run its course,
  see below.)
- catch_up re-targets the countdown before taking a lone interrupt; with ``B.n == 0`` every
  busy charge of the ISR would re-enter catch_up just to re-target. With two vectors pending
  the re-entry is kept: it takes the second one inside the first one's entry (existing order).
- ``line`` *is* catch_up (one frame less for lines run while a callback waits for a branch
  point); run_scheduled_one re-targets a still-forced countdown itself before its entry charge.
- Kernel events nobody cancels (pulse edges) use Kernel.post: no Event handle per edge.
- Shim hot paths (ticks_*, Port.alloc, the GPIO ISR) inline ``charge`` as ``B.n -= ns`` and
  test ``cpu.free`` (a declared-C-cost handler runs: charges must go nowhere).
- Line charges in functions: ``b.n = t = b.n - ns; if t < 0`` is ~10% faster than
  ``b.n -= ns; if b.n < 0`` (fewer bytecodes, no re-read); at module level the temporary
  would be a dict store and is slower, so module code keeps ``-=``. Checking before
  subtracting (``if b.n < ns``) was no faster.
- Python's cyclic GC costs ~5% of a 10 kHz run (the event log holds many tuples); left alone.
  Measured again (round 2): raising the gen0/gen2 thresholds is within noise (its young passes
  are driven by the ~8 log tuples each pulse period leaves alive, whatever the threshold),
  gc.freeze() was no faster, only gc.disable() gains (~4%), at the price of unbounded memory
  for firmware that makes cyclic garbage; not done.
- catch_up mutes ``kernel.on_head_change`` while it fires due events: _head_changed keeps
  now() unchanged and the re-target after firing recomputes t_next from now() and the heap
  head, so those calls (two per pulse period) were no-ops. Heap heads are peeked inline.
- Pulse edges keep their GPIO pin, bound methods and the fall's argument tuple (made once),
  push successors onto the heap directly; an edge no latch or listener sees (the falling edge
  of a rising-only IRQ) sets the level and appends its PIN record without Gpio._level. Gpio
  inlines nvic.pend and, when its clock is Cpu.sync, the clock. ``max(1, round(x))`` was
  ~80 ns slower than ``round`` and a test. The GPIO ISR acknowledges inline and calls
  ``schedule`` positionally (keyword calls cost more); ``branch`` re-arms a waiting
  callback's forcing itself.
- Round 3. Measure with CPU time (time.process_time), several runs, interleaved: on this
  shared 2-core machine the wall-clock loop ratio swung from 1.6x to 5x between runs of the
  same code while process time stayed within a few %. Kept:
  the countdown is a one-slot object (Countdown, ``B.n``) instead of a one-element list: one
  specialised bytecode (LOAD_ATTR_SLOT/STORE_ATTR_SLOT) where ``B[0]`` needs LOAD_CONST and a
  subscript; loop bench 2.87x -> 2.63x (median of 6, CPU time), encoder_limits 9.7x -> 10.0x.
  Inserted AST nodes are built with their location (no ast.walk stamping or
  fix_missing_locations): instrumenting is ~2.5x faster (0.69 -> 0.28 ms for the bench loop),
  a per-run cost the loop ratio includes.
- Round 3, measured and not kept (goldens identical each time, no gain):
  quiet edges, the lever named at the end of round 2: the countdown skipped heap entries no
  latch or listener could see (the falling edge of a rising-only IRQ), applied them at the next
  stop in heap order (PIN record inserted at its own time's place in the log) or before any
  Gpio.pin/update, wait or end of run. The edge-only variant cost the same with it (60.6 vs
  58.7 ms per 1 s virtual), full encoder_limits within 1%: what an edge costs is its event
  work (heap push/pop, the part's handler, the record), which a late application still does,
  not the stop. Removing single calls per edge or line (on_handler_done only past the port's
  budget, heap.alloc inlined in Port.alloc, nvic.on_pend inlined in Gpio): within noise
  (-2..+1%): CPython 3.11 calls Python from Python without recursing in C (a call to a
  one-line function costs ~22 ns here, measured with process_time).
- Where a 10 kHz period goes now (CPU time per 100 us period; variants of encoder_limits:
  no pulses 2.6 us, edges without IRQ 5.9 us, rising-edge IRQ 9.5 us, both edges 13.4 us):
  main loop ~2.6 us, each edge ~1.65 us, the soft IRQ (ISR, gpio_isr, schedule, branch point,
  callback) ~3.6 us. What is left is bytecode count on those paths, not calls or stops.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappop

from ..kernel.core import NEVER, Kernel
from ..trace.log import Kind

_ISR, _ENTER, _EXIT, _SCHED = Kind.ISR, Kind.ENTER, Kind.EXIT, Kind.SCHED
HORIZON_NS = 1 << 29  # keep the countdown a small int (one CPython digit): re-sync at least every ~0.5 s


class Countdown:
    """The countdown ``n``: ns until ``Cpu.t_next``, shared by the CPU, the shim and every
    instrumented line (``_irqsim_B.n -= ns``).

    An object with one slot rather than a one-element list: ``B.n`` is one specialised
    bytecode (LOAD_ATTR_SLOT / STORE_ATTR_SLOT) where ``B[0]`` is two (LOAD_CONST + SUBSCR),
    and a line charge is the hottest code the simulator runs. ``B[0]`` still works (slowly)
    for code written against the earlier list.
    """

    __slots__ = ("n",)

    def __init__(self, n: int = 0) -> None:
        self.n = n

    def __getitem__(self, i: int) -> int:
        if i != 0:
            raise IndexError(i)
        return self.n

    def __setitem__(self, i: int, value: int) -> None:
        if i != 0:
            raise IndexError(i)
        self.n = value

    def __repr__(self) -> str:
        return f"Countdown({self.n})"


def _no_charge(ns: int) -> None:
    return None


class StopSimulation(BaseException):
    """Raised through the firmware when the run ends; ``except Exception`` cannot catch it."""

    def __init__(self, reason: str = "duration") -> None:
        super().__init__(reason)
        self.reason = reason


class Cpu:
    def __init__(self, kernel: Kernel, nvic, log, timing) -> None:
        self.k = kernel
        self.nvic = nvic
        self.log = log
        self.timing = timing          # runtime.board.Timing: dispatch costs in ns
        self.B = Countdown()          # countdown ns to t_next, shared with instrumented firmware
        self.sched_runnable = False   # a scheduled callback waits for the next branch point
        self.t_next = 0
        self.primask = 0
        self.basepri_stack: list[int] = []   # priorities of active vectors (nesting)
        self.sched: deque = deque()
        self.sched_depth = timing.scheduler_depth
        self.sched_lock = 0
        self.heap_lock = 0
        self.in_gc = False
        self.depth = 0                # handler nesting depth (hard + scheduled)
        self.hard_depth = 0
        self.context = ["main"]       # names of running contexts, innermost last
        self.causes: list[tuple[str, int]] = []  # (source, edge time) of running handlers
        self.stopped: StopSimulation | None = None
        self.sched_high_water = 0
        self.isr_count = 0
        self.masked_since = 0
        self.declared_ns: dict[str, int] = {}  # handler name -> declared C cost (scenario c_handlers)
        self.heap = None              # runtime.heap.Heap, set by the runtime
        # True while a handler with a declared C cost runs (charge() is _no_charge then): shim
        # hot paths that inline charge() as ``B.n -= ns`` test this flag instead of calling it.
        self.free = False
        kernel.on_head_change = self._head_changed
        nvic.on_pend = self._irq_requested

    # -- time ----------------------------------------------------------------------------
    def now(self) -> int:
        return self.t_next - self.B.n

    def sync(self) -> int:
        """Bring the kernel clock to the CPU's time before touching hardware; returns it."""
        t = self.t_next - self.B.n
        if t > self.k.now_ns:
            self.k.now_ns = t
        return t

    def _head_changed(self, t_ns: int) -> None:
        if t_ns < self.t_next:
            self.B.n -= self.t_next - t_ns
            self.t_next = t_ns

    def _irq_requested(self) -> None:
        # Take the interrupt at the next line boundary: make the countdown expire now
        # (_head_changed(now()) inlined: now < t_next exactly when B.n > 0).
        B = self.B
        if B.n > 0:
            self.t_next -= B.n
            B.n = 0

    def _retarget(self) -> None:
        now = self.t_next - self.B.n
        head = self.k.peek_ns()
        self.t_next = head if head - now < HORIZON_NS else now + HORIZON_NS
        self.B.n = self.t_next - now

    def charge(self, ns: int) -> None:
        """CPU time spent in C code (a shim call): interrupts may be taken inside it."""
        B = self.B
        B.n -= ns
        if B.n < 0:
            self.catch_up()

    # -- the slow path -------------------------------------------------------------------
    def catch_up(self) -> None:
        """Fire events the CPU has run past and take interrupts, preserving the debt."""
        B = self.B
        k = self.k
        nvic = self.nvic
        if self.sched_runnable and not nvic.pending and self.stopped is None:
            # The countdown was forced to expire so that a waiting callback runs at the next
            # branch point; when no event is really due, just re-arm the forcing.
            now = self.t_next - B.n
            heap = k._heap
            while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                heappop(heap)
            if (heap[0][0] if heap else NEVER) > now:
                self.t_next = now
                B.n = 0
                return
        heap = k._heap
        head_changed = k.on_head_change
        while B.n < 0 or (B.n == 0 and nvic.pending):
            if self.stopped is not None:
                B.n = -1
                raise self.stopped
            t = self.t_next
            debt = -B.n
            B.n = 0
            if t > k.now_ns:
                k.now_ns = t
            if heap and heap[0][0] <= t:
                # k.fire_due(t), inlined: one call less per event. Events posted meanwhile
                # need no _head_changed: it keeps now() as it is, and the re-target below
                # recomputes t_next from now() and the heap's head anyway.
                k.on_head_change = None
                try:
                    while heap and heap[0][0] <= t:
                        entry = heappop(heap)
                        fn = entry[3]
                        if fn is None:
                            continue  # cancelled
                        k.now_ns = entry[0]
                        fn(*entry[4])
                        if k.after_event is not None:
                            k.after_event()
                finally:
                    k.on_head_change = head_changed
            if nvic.pending and not self.primask:
                if len(nvic.pending) == 1:
                    # Count the handler's own costs down towards the next event, so that its
                    # busy charges do not re-enter this loop just to re-target (with B.n == 0
                    # each one would). With two vectors pending the re-entry matters (it takes
                    # the second one inside the first one's entry), so keep it then.
                    while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                        heappop(heap)
                    head = heap[0][0] if heap else NEVER
                    if head - t < HORIZON_NS:
                        self.t_next = head
                        B.n = head - t
                self.take_interrupts()
            now = self.t_next - B.n
            while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                heappop(heap)
            head = heap[0][0] if heap else NEVER
            self.t_next = head if head - now < HORIZON_NS else now + HORIZON_NS
            B.n = self.t_next - now - debt
            if debt == 0 and B.n == 0 and not self._interruptible_pending():
                break
        if self.sched_runnable and B.n > 0:
            self.t_next -= B.n  # _head_changed(now()): keep taking the slow path until a branch point
            B.n = 0  # keep taking the slow path until a branch point

    def _interruptible_pending(self) -> bool:
        if not self.nvic.pending or self.primask:
            return False
        return self.nvic.next_pending(self.basepri_stack[-1] if self.basepri_stack else None) is not None

    # Slow path of an ordinary line (injected into firmware as _irqsim_line): catch_up itself,
    # one Python call less for every line run while a callback waits for a branch point.
    line = catch_up

    def branch(self) -> None:
        """Slow path at a branch opcode: also run at most one scheduled callback."""
        B = self.B
        if B.n < 0:
            if self.sched_runnable and not self.nvic.pending and self.stopped is None:
                # catch_up's first test, inlined: a callback waits for this branch point;
                # when nothing is due, re-arm the forcing and run it (one call less per callback).
                now = self.t_next - B.n
                heap = self.k._heap
                while heap and heap[0][3] is None:  # k.peek_ns(), inlined
                    heappop(heap)
                if (heap[0][0] if heap else NEVER) > now:
                    self.t_next = now
                    B.n = 0
                else:
                    self.catch_up()
            else:
                self.catch_up()
        if self.sched_runnable:
            self.run_scheduled_one()
            if self.sched_runnable and B.n > 0:
                self.t_next -= B.n  # _head_changed(now()), inlined
                B.n = 0

    # -- interrupts ----------------------------------------------------------------------
    def take_interrupts(self) -> None:
        """Run pending vectors that may preempt what is running, tail-chaining between them."""
        nvic = self.nvic
        B = self.B
        timing = self.timing
        stack = self.basepri_stack
        context = self.context
        append = self.log.append
        chained = False
        pending = nvic.pending
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

    # -- the scheduler queue ----------------------------------------------------------------
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
        self.sched_lock += 1
        self.sched_runnable = False  # _update_sched_flag() with the scheduler locked
        self.depth += 1
        B = self.B
        ns = self.timing.sched_run_ns
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
        append((t_enter, _ENTER, name, kind, self.depth, cause_t, source))
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
            append((t_exit, _EXIT, name, kind, self.depth))
            self.on_handler_done(name, kind, t_exit - t_enter)
            self.depth -= 1
            ns = self.timing.sched_return_ns
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

    # -- waiting -------------------------------------------------------------------------
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
