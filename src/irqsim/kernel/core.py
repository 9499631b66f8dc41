"""Event heap ordered by (time, priority, sequence).

The sequence number makes ties resolve in scheduling order, so a run is reproducible by
construction (the SimPy rule). Cancelled events stay in the heap and are skipped when they
surface: cancelling is O(1) and the heap never needs re-sorting.

The kernel does not own a main loop. Whoever drives time (the CPU model while firmware
runs, or :meth:`Kernel.run_until` when nothing executes) asks for due events. A listener
(``on_head_change``) hears when a newly scheduled event becomes the earliest one, so the
CPU can shorten its countdown without polling the heap on every firmware line.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

NEVER = 1 << 62  # later than any run: ~146 years of virtual time


class Event:
    """A scheduled callback. Keep the handle to cancel it."""

    __slots__ = ("t_ns", "fn", "args", "cancelled", "_entry")

    def __init__(self, t_ns: int, fn: Callable[..., Any], args: tuple, entry: list | None = None) -> None:
        self.t_ns = t_ns
        self.fn = fn
        self.args = args
        self.cancelled = False
        self._entry = entry

    def cancel(self) -> None:
        self.cancelled = True
        if self._entry is not None:
            self._entry[3] = None  # the heap entry stays; it is skipped when it surfaces

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        state = " cancelled" if self.cancelled else ""
        return f"<Event t={self.t_ns} {getattr(self.fn, '__qualname__', self.fn)}{state}>"


class Kernel:
    """Integer-time event heap. ``now_ns`` is the time of the event being processed.

    Heap entries are lists ``[t_ns, priority, seq, fn, args]`` (compared like tuples; ``seq``
    is unique so ``fn`` is never compared); a cancelled entry has ``fn`` set to None. Events
    nobody cancels (a part's next edge) go in through :meth:`post`, which builds no
    :class:`Event` handle: one allocation less per edge.
    """

    def __init__(self) -> None:
        self.now_ns = 0
        self._heap: list[list] = []
        self._seq = 0
        self.on_head_change: Callable[[int], None] | None = None
        # Quiet events (post_quiet): entries like the heap's, kept apart so that the CPU's
        # countdown does not stop for them. Every method below moves them back first.
        self.quiet: list[list] = []
        # Observer called after every fired event (pytest helpers' run_until); None costs nothing.
        self.after_event: Callable[[], None] | None = None

    def schedule_at(self, t_ns: int, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Event:
        """Call ``fn(*args)`` at ``t_ns``; lower ``priority`` runs first among equal times."""
        if t_ns < self.now_ns:
            raise ValueError(f"cannot schedule in the past ({t_ns} < {self.now_ns})")
        self._seq += 1
        entry = [t_ns, priority, self._seq, fn, args]
        heap = self._heap
        head = heap[0][0] if heap else NEVER
        heapq.heappush(heap, entry)
        if t_ns < head and self.on_head_change is not None:
            self.on_head_change(t_ns)
        return Event(t_ns, fn, args, entry)

    def post(self, t_ns: int, fn: Callable[..., Any], *args: Any) -> None:
        """:meth:`schedule_at` with priority 0 for an event that is never cancelled (no handle)."""
        if t_ns < self.now_ns:
            raise ValueError(f"cannot schedule in the past ({t_ns} < {self.now_ns})")
        self._seq += 1
        heap = self._heap
        head = heap[0][0] if heap else NEVER
        heapq.heappush(heap, [t_ns, 0, self._seq, fn, args])
        if t_ns < head and self.on_head_change is not None:
            self.on_head_change(t_ns)

    def post_quiet(self, t_ns: int, fn: Callable[..., Any], *args: Any) -> None:
        """:meth:`post` for an event no one can observe when it happens (a pulse's falling edge
        on an input no latch or listener watches): the CPU does not stop for it but fires it,
        late, at its next stop in (time, priority, sequence) order, and :meth:`unquiet` puts
        it back in the heap, with the sequence number it got here, whenever anything else
        may look (runtime/cpu.py). ``fn`` must tolerate running late (it gets ``now_ns`` set
        to its own time)."""
        if t_ns < self.now_ns:
            raise ValueError(f"cannot schedule in the past ({t_ns} < {self.now_ns})")
        self._seq += 1
        heapq.heappush(self.quiet, [t_ns, 0, self._seq, fn, args])

    def unquiet(self) -> None:
        """Move quiet events back into the heap: from here on they fire as posted events do."""
        quiet = self.quiet
        heap = self._heap
        while quiet:
            entry = heapq.heappop(quiet)
            head = heap[0][0] if heap else NEVER
            heapq.heappush(heap, entry)
            if entry[0] < head and self.on_head_change is not None:
                self.on_head_change(entry[0])

    def schedule_in(self, delay_ns: int, fn: Callable[..., Any], *args: Any, priority: int = 0) -> Event:
        return self.schedule_at(self.now_ns + delay_ns, fn, *args, priority=priority)

    def peek_ns(self) -> int:
        """Time of the earliest live event, or NEVER."""
        if self.quiet:
            self.unquiet()
        heap = self._heap
        while heap and heap[0][3] is None:
            heapq.heappop(heap)
        return heap[0][0] if heap else NEVER

    def pop_due(self, t_ns: int) -> Event | None:
        """Remove and return the earliest live event at or before ``t_ns``, advancing now_ns."""
        if self.quiet:
            self.unquiet()
        heap = self._heap
        while heap:
            entry = heap[0]
            if entry[3] is None:
                heapq.heappop(heap)
                continue
            if entry[0] > t_ns:
                return None
            heapq.heappop(heap)
            self.now_ns = entry[0]
            return Event(entry[0], entry[3], entry[4])
        return None

    def fire_due(self, t_ns: int) -> None:
        """Fire every live event at or before ``t_ns`` in order (waits; catch_up inlines it)."""
        if self.quiet:
            self.unquiet()
        heap = self._heap
        pop = heapq.heappop
        while heap:
            entry = heap[0]
            if entry[0] > t_ns:
                return
            pop(heap)
            fn = entry[3]
            if fn is None:
                continue  # cancelled
            self.now_ns = entry[0]
            fn(*entry[4])
            if self.after_event is not None:
                self.after_event()

    def run_due(self, t_ns: int) -> None:
        """Fire every event at or before ``t_ns`` in order (used when no code is executing)."""
        self.fire_due(t_ns)

    def advance_to(self, t_ns: int) -> None:
        """Move the clock forward without firing anything (caller checked nothing is due)."""
        if t_ns > self.now_ns:
            self.now_ns = t_ns
