"""Rule-violation reports and handler/critical-section budgets, a mixin of :class:`Port`.

Split from port.py: locating the firmware line that broke a rule (IRQ101, IRQ701 ...), the
once-per-place de-duplication and the budget checks the CPU calls back are one concept,
separate from stdout, the heap hooks and importing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..trace.log import Kind
from . import bundled


class RuleViolation:
    __slots__ = ("t_ns", "code", "severity", "message", "file", "line", "context")

    def __init__(self, t_ns, code, severity, message, file, line, context) -> None:
        self.t_ns, self.code, self.severity = t_ns, code, severity
        self.message, self.file, self.line, self.context = message, file, line, context

    def as_dict(self) -> dict:
        return {"t_ns": self.t_ns, "code": self.code, "severity": self.severity, "message": self.message,
                "file": self.file, "line": self.line, "context": self.context}


class RulesMixin:
    """Needs ``cpu``, ``log``, ``violations``, ``_violation_keys``, ``irq_objects``, the budgets,
    ``firmware_files``, ``firmware_dir`` and ``lib_dirs`` (set by Port.__init__)."""

    # -- rule violations -----------------------------------------------------------------
    def violation(self, code: str, message: str, *, severity: str = "error", depth: int = 2) -> None:
        file, line = self.firmware_location()
        t = self.cpu.now()
        context = self.cpu.context[-1]
        key = (code, file, line)
        self.log.append((t, Kind.VIOLATION, code, severity, message, file or "", line or 0))
        if key in self._violation_keys:
            return  # reported once per place; the log keeps every occurrence
        self._violation_keys.add(key)
        self.violations.append(RuleViolation(t, code, severity, message, file, line, context))

    # -- budgets (lesson: "keep it fast"; "a few microseconds is fine; a millisecond is too long")
    def _handler_done(self, name: str, kind: str, duration_ns: int) -> None:
        if duration_ns > self.handler_budget_ns:
            self.violation_at("IRQ701", f"{kind} handler {name} ran {duration_ns / 1000:.1f} us, over the "
                              f"{self.handler_budget_ns / 1000:.0f} us budget: other interrupts wait (hard) or "
                              "the queue backs up (soft); move work to the main loop",
                              where=self._handler_where(name), severity="warning")

    def _masked(self, duration_ns: int) -> None:
        if duration_ns > self.critical_budget_ns:
            self.violation("IRQ702", f"interrupts were disabled for {duration_ns / 1000:.1f} us, over the "
                           f"{self.critical_budget_ns / 1000:.0f} us budget: edges merge in their latch and are "
                           "lost, timers drift; keep critical sections to a few microseconds", severity="warning")

    def _queue_depth(self, depth: int) -> None:
        if depth >= self.cpu.sched_depth - 1:
            self.violation("IRQ703", f"scheduler queue reached {depth} of {self.cpu.sched_depth} entries: "
                           "soft IRQs arriving on a full queue are dropped silently", severity="warning")

    def _handler_where(self, name: str) -> tuple[str | None, int | None]:
        for _kind, _source, handler, _hard in self.irq_objects:
            qual = getattr(handler, "__qualname__", None) or getattr(handler, "__name__", None)
            code = getattr(handler, "__code__", None) or getattr(getattr(handler, "__func__", None), "__code__", None)
            if qual == name and code is not None and code.co_filename in self.firmware_files:
                return self.display_name(code.co_filename), code.co_firstlineno
        return None, None

    def violation_at(self, code: str, message: str, *, where, severity: str) -> None:
        file, line = where
        t = self.cpu.now()
        self.log.append((t, Kind.VIOLATION, code, severity, message, file or "", line or 0))
        key = (code, file, line)
        if key not in self._violation_keys:
            self._violation_keys.add(key)
            self.violations.append(RuleViolation(t, code, severity, message, file, line, self.cpu.context[-1]))

    def firmware_location(self) -> tuple[str | None, int | None]:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename in self.firmware_files:
                return self.display_name(frame.f_code.co_filename), frame.f_lineno
            frame = frame.f_back
        return None, None

    def display_name(self, filename: str) -> str:
        for base in (self.firmware_dir, *self.lib_dirs, bundled.LIB_DIR):
            try:
                return str(Path(filename).relative_to(base))
            except ValueError:
                continue
        return filename
