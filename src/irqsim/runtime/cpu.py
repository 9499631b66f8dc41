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
- Round 3. Measure with CPU time (bench_runtime.py --clock process), several runs,
  interleaved: on this shared 2-core machine the wall-clock loop ratio ranged 2.3x..5.1x over
  three runs of the same code while CPU time stayed within a few %. Kept:
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
- Round 4 (structural; bytecodes per 10 kHz period counted with sys.settrace opcode events,
  2,120 before). Kept: the GPIO vector's fused soft-IRQ path (mpy/gpio_fast.py, Vector.fast
  tried first by take_interrupts): when one pin latched one edge for a soft handler, the
  queue has room below its high-water mark and nothing falls due before the ISR returns,
  entry, gpio_isr, schedule and exit are one straight-line call with the same records and
  countdown; anything else declines before touching state. 2,120 -> 1,954 bytecodes per
  period, encoder_limits +7% (best of 4, interleaved, CPU time). catch_up tries Vector.fast
  itself (take_interrupts' frame skipped) and run_scheduled_one keeps depth/timing in locals:
  1,954 -> 1,925 bytecodes, +1% (noise level). After a fused ISR, catch_up knows the live
  head is unchanged (nothing was posted): when the line's debt ends before it, the re-target,
  loop test and final forcing are one assignment: 1,925 -> 1,875 bytecodes, +2%. Together
  -12% bytecodes, encoder_limits +9.9% (best of 6 interleaved runs of 2, CPU time: 9.63x ->
  10.58x real time).
- Round 4, quiet edges (kept; the lever round 3 left, done differently): a pulse's falling
  edge that no latch or listener can see is posted with Kernel.post_quiet into ``k.quiet``,
  not the heap, so no countdown stops for it; the next stop fires it late, inline in
  catch_up, in (time, priority, sequence) order, and its PIN record is inserted at its own
  time's place in the log. Exactness rests on "nothing looked meanwhile": charge(), sync(),
  Gpio.pin(), wait_until and every Kernel method put quiet events back in the heap first
  (with their sequence numbers), a heap event never fires while one waits, and the end of a
  run fires those the CPU ran past (tests/runtime/test_quiet_edges.py compares logs with and
  without). Round 3's variant kept the edge in the heap and skipped it in the re-targets: the
  skipping cost what the stop saved. Here a period loses one stop: 1,875 -> 1,762 bytecodes,
  +5..6% (best of 8 interleaved runs of 3, CPU time). Round 4 total: encoder_limits 9.57x ->
  11.06x real time (+15.6%, same runs); bench_runtime --clock process 9.7x -> 11.0x.
- Round 4, measured and not kept: branch merging its re-arm with run_scheduled_one's
  re-target (no change: a waiting callback reaches branch through the zero-cost pending
  check with ``B.n == 0``, so branch's ``B.n < 0`` path is rare); gc.set_threshold(20000)
  (no gain; gc.disable() still ~4%). Where a period goes now (bytecodes): catch_up ~265 (one
  stop, the rise, with the late fall), the callback (branch + run_scheduled_one) ~275, the
  fused ISR ~210, _rise + _level ~315, the late fall ~80, the main loop and shims ~450.
  Firmware that reads the pin every pass (Pin.value) gets no quiet edges: each read puts
  them back in the heap, as correctness needs.
"""

from __future__ import annotations

from collections import deque
from heapq import heappop, heappush

from ..kernel.core import NEVER, Kernel
from .callbacks import SchedulerQueue
from .countdown import HORIZON_NS, Countdown, StopSimulation
from .interrupts import Interrupts
from .waits import Waits

__all__ = ["HORIZON_NS", "Countdown", "Cpu", "StopSimulation"]


class Cpu(Interrupts, SchedulerQueue, Waits):
    """The core: time, the countdown's slow path (catch_up/line/branch). Interrupt entry and
    exit (interrupts.py), the scheduler queue (callbacks.py) and waits (waits.py) are its
    other methods, split by concern."""

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
        if self.k.quiet:
            self._settle_quiet()
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
        if self.k.quiet:
            self.k.unquiet()   # a shim may look at the hardware (a due one fires just below)
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
        quiet = k.quiet
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
            if quiet and quiet[0][0] <= t:
                # Quiet events the CPU ran past (Kernel.post_quiet) fire now, late, in
                # (time, priority, sequence) order before the heap's due events.
                now_ns = k.now_ns
                while quiet and quiet[0][0] <= t and (not heap or quiet[0] < heap[0]):
                    entry = heappop(quiet)
                    k.now_ns = entry[0]   # its own time (the handler records at it)
                    entry[3](*entry[4])
                k.now_ns = now_ns
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
                        if quiet:
                            # a quiet event still to come: back to the heap before anything
                            # that might look at its pin fires (this entry too, in order)
                            heappush(heap, entry)
                            k.unquiet()
                            continue
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
                    # take_interrupts(), its fused path tried here: one frame less per edge
                    vec = nvic.pending[0]
                    if (vec.fast is not None and vec.enabled and not self.basepri_stack
                            and vec.fast()):
                        # It queued a callback (sched_runnable) and posted nothing, so ``head``
                        # is still the live head: when the line's debt ends before it, the
                        # re-target, loop test and final forcing below come to this.
                        now = self.t_next - B.n
                        if (head if head - now < HORIZON_NS else now + HORIZON_NS) - now > debt:
                            self.t_next = now + debt
                            B.n = 0
                            return
                    else:
                        self._take_pending()
                else:
                    self._take_pending()
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

    def fire_quiet_before(self, t_ns: int) -> None:
        """End of run: fire the quiet events a stop before ``t_ns`` would have fired (late)."""
        k = self.k
        quiet = k.quiet
        while quiet and quiet[0][0] < t_ns:
            entry = heappop(quiet)
            now_ns = k.now_ns
            k.now_ns = entry[0]
            entry[3](*entry[4])
            if k.now_ns < now_ns:
                k.now_ns = now_ns

    def _settle_quiet(self) -> None:
        """Something may look at the hardware: quiet events go back to the heap (unquiet
        shortens the countdown to the earliest) and those already due fire now."""
        self.k.unquiet()
        if self.B.n < 0:
            self.catch_up()

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
