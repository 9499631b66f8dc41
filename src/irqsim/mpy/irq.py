"""The object ``.irq()`` returns for every IRQ source (shared/runtime/mpirq.c mp_irq_obj_t).

One class for Pin, UART and future sources: ``flags()``, ``trigger([new])`` and calling it
runs the handler with its parent. The source supplies ``retrigger(mask)``, as mp_irq's
methods table supplies ``trigger``.
"""

from __future__ import annotations


class MpIrq:
    __slots__ = ("parent", "handler", "trigger_mask", "hard", "_flags", "name", "_retrigger")

    def __init__(self, parent, retrigger) -> None:
        self.parent = parent
        self.handler = None
        self.trigger_mask = 0
        self.hard = False
        self._flags = 0
        self.name = ""
        self._retrigger = retrigger

    def flags(self):
        return self._flags

    def trigger(self, *args):
        old = self.trigger_mask
        if args:
            self._retrigger(int(args[0]))
        return old

    def __call__(self):
        if self.handler is not None:
            self.handler(self.parent)

    def __repr__(self):
        return "<irq>"
