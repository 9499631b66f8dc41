"""One event log per run.

Records are plain tuples ``(t_ns, kind, *fields)`` so that recording is one list append
on the hot path. The field layout of each kind is fixed and listed in :class:`Kind`;
readers (statistics, VCD, Perfetto, reports, pytest assertions) depend on it, so change it
only together with them.

Long runs spill finished chunks to a temporary file (marshal, which is fast and exact for
tuples of ints and strings) so memory stays bounded; :meth:`EventLog.records` replays the
spilled chunks and then the tail, in time order as recorded.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator


class Kind:
    """Record kinds and their fields after ``(t_ns, kind)``."""

    PIN = "pin"              # gpio, level, driver ("fw" or a part id)
    EDGE = "edge"            # source, flags: an edge that an enabled IRQ latch saw
    LOST = "lost"            # source, reason: "latch" (merged into a pending edge of the same type),
    #                          "queue" (scheduler full), "merged" (rise and fall latched together:
    #                          one handler call with flags()==12 delivers both)
    ISR = "isr"              # vector, 1|0: the C-level interrupt service routine runs / returns
    ENTER = "enter"          # context, ctx_kind ("hard"|"soft"|"sched"), depth, cause_t_ns (edge time or -1), source
    EXIT = "exit"            # context, ctx_kind, depth
    SCHED = "sched"          # name, queue depth after enqueue
    DROP = "drop"            # name, reason: a scheduler entry that did not fit
    MASK = "mask"            # 1 when interrupts become masked, 0 when unmasked
    GC = "gc"                # 1|0, live_bytes
    PRINT = "print"          # text (one line, without newline)
    VIOLATION = "violation"  # code, severity, message, file, line
    REACT = "react"          # source, stamp_t_ns, edge_t_ns: main code read the clock after a handler stamped it
    IDLE = "idle"            # 1|0: the CPU sleeps (WFE) / wakes
    TASK = "task"            # task name, state, effective priority (RTOS model, docs/rtos.md)
    JOB = "job"              # task, event ("release"|"done"|"miss"), release_t_ns, value (RTOS, docs/rtos.md)
    LOCK = "lock"            # object (semaphore/mutex/queue), task or ISR, action (RTOS, docs/rtos.md)
    PRIO = "prio"            # task, effective priority, reason ("inherit"|"ceiling"|"restore") (RTOS)
    RESET = "reset"          # reason, reset count: the RTOS watchdog restarted the system
    BUS = "bus"              # bus ("I2C0", "SoftI2C", "SPI1" ...), op ("write"|"read"|"xfer"), address (-1: SPI),
    #                          data hex (bytes on the wire after the address), result ("ack"|"nack"|"nack@N"|
    #                          "timeout"), end_t_ns: one record per addressed segment (mpy/i2c_wire.py, mpy/spi.py)
    END = "end"              # reason


def _discard(record: tuple) -> None:
    """``EventLog.append`` when recording is off."""


class EventLog:
    """Append-only record list with optional spilling to disk."""

    def __init__(self, *, enabled: bool = True, chunk: int = 1_000_000) -> None:
        self.enabled = enabled
        self._chunk = chunk
        self._tail: list[tuple] = []
        self._spill = None
        self._spilled = 0
        # hot path: log.append((t, kind, ...)); with recording off it is a no-op
        self.append = self._tail.append if enabled else _discard

    def emit(self, *record) -> None:
        if self.enabled:
            self._tail.append(record)
            if len(self._tail) >= self._chunk:
                self._flush()

    def maybe_flush(self) -> None:
        """Called at quiet points by the runtime: spill if the tail grew large."""
        if len(self._tail) >= self._chunk:
            self._flush()

    def _flush(self) -> None:
        if self._spill is None:
            self._spill = tempfile.TemporaryFile()
        marshal.dump(self._tail, self._spill)
        self._spilled += len(self._tail)
        self._tail.clear()

    def __len__(self) -> int:
        return self._spilled + len(self._tail)

    def records(self) -> Iterator[tuple]:
        if self._spill is not None:
            self._spill.seek(0)
            while True:
                try:
                    chunk = marshal.load(self._spill)
                except EOFError:
                    break
                yield from chunk
            self._spill.seek(0, 2)
        yield from self._tail

    def of_kind(self, *kinds: str) -> Iterator[tuple]:
        wanted = set(kinds)
        return (r for r in self.records() if r[1] in wanted)
