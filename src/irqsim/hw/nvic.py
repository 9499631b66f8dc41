"""The interrupt controller as the CPU sees it: vectors, priorities, pending bits.

On rp2 MicroPython every GPIO shares one vector (IO_IRQ_BANK0, ports/rp2/machine_pin.c)
and the pico-sdk gives all vectors the same default priority (PICO_DEFAULT_IRQ_PRIORITY),
so MicroPython handlers never preempt each other: a second source waits and is
tail-chained. The priorities here exist so other execution models can nest.
"""

from __future__ import annotations

from collections.abc import Callable


class Vector:
    __slots__ = ("number", "name", "priority", "isr", "enabled", "fast")

    def __init__(self, number: int, name: str, isr: Callable[[], None], priority: int) -> None:
        self.number = number
        self.name = name
        self.isr = isr
        self.priority = priority  # lower value = more urgent, as on Arm
        self.enabled = True
        # Optional fused entry-to-exit path for the common case (runtime/interrupts.py):
        # ``fast()`` does the whole ISR and returns True, or returns False having done nothing.
        self.fast: Callable[[], bool] | None = None


class Nvic:
    """Pending bits and priorities; the CPU model decides when a vector is taken."""

    def __init__(self, default_priority: int = 0x80) -> None:
        self.vectors: dict[str, Vector] = {}
        self.pending: list[Vector] = []
        self.default_priority = default_priority
        self.on_pend: Callable[[], None] = lambda: None

    def add(self, name: str, isr: Callable[[], None], priority: int | None = None) -> Vector:
        vec = self.vectors.get(name)
        if vec is None:
            vec = Vector(len(self.vectors), name, isr,
                         self.default_priority if priority is None else priority)
            self.vectors[name] = vec
        return vec

    def pend(self, name: str) -> None:
        vec = self.vectors[name]
        if vec not in self.pending:
            self.pending.append(vec)
            self.on_pend()

    def next_pending(self, above_priority: int | None) -> Vector | None:
        """The most urgent enabled pending vector that may preempt ``above_priority``."""
        pending = self.pending
        if len(pending) == 1:  # the common case: one source
            vec = pending[0]
            if not vec.enabled or (above_priority is not None and vec.priority >= above_priority):
                return None
            return vec
        best = None
        for vec in pending:
            if not vec.enabled:
                continue
            if above_priority is not None and vec.priority >= above_priority:
                continue
            if best is None or (vec.priority, vec.number) < (best.priority, best.number):
                best = vec
        return best

    def take(self, vec: Vector) -> None:
        self.pending.remove(vec)
