"""The per-run glue between the shim modules and the simulated board.

A :class:`Port` owns what MicroPython's port layer owns: stdout, the module table seen by
``import``, handler-exception printing, the heap hooks the instrumented firmware calls,
and rule-violation reports. Rule reports and budgets are port_rules.py, loading and
importing firmware port_loader.py (mixins of Port); this module keeps the rest.
"""

from __future__ import annotations

import builtins
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from ..runtime.cpu import StopSimulation
from ..runtime.system import System
from ..trace.log import Kind
from ..units import format_timestamp
from .port_loader import HOST_MODULES, SHIM_MODULES, LoaderMixin
from .port_rules import RulesMixin, RuleViolation

__all__ = ["CATCHABLE_TYPES", "HOST_MODULES", "SHIM_MODULES", "Port", "RuleViolation", "host_builtins",
           "mp_exception_text"]


class Port(RulesMixin, LoaderMixin):
    def __init__(self, system: System, *, firmware_dir: Path, echo: Callable[[int, str], None] | None = None,
                 emergency_buf_default: bool = False) -> None:
        self.system = system
        self.cpu = system.cpu
        self.log = system.log
        self.call_ns = system.call_ns
        self.firmware_dir = firmware_dir
        self.lib_dirs: list[Path] = []  # scenario `lib = [...]`: like MicroPython's /lib on sys.path
        self.firmware_files: set[str] = set()
        self.echo = echo
        self.stdout_lines: list[tuple[int, str]] = []
        self._partial = ""
        self.violations: list[RuleViolation] = []
        self._violation_keys: set[tuple] = set()
        self.emergency_buf = emergency_buf_default
        self.modules: dict[str, ModuleType] = {}
        self.firmware_globals: list[dict] = []
        self.irq_objects: list = []     # every handler registration, for statistics
        self.pending_stamp: tuple | None = None
        self.cpu.on_handler_exception = self.handler_exception
        budgets = system.board.raw.get("budgets", {})
        self.handler_budget_ns = int(budgets.get("handler_us", 200) * 1000)
        self.critical_budget_ns = int(budgets.get("critical_section_us", 100) * 1000)
        self.cpu.on_handler_done = self._handler_done
        self.cpu.on_masked = self._masked
        self.cpu.on_queue_depth = self._queue_depth
        system.heap.roots = self._heap_roots
        self._alloc_ns = system.call_ns["gc_alloc"]
        self.refusals: list[str] = []   # what confine.py refused this firmware (read by irqsim grade)
        self.catchable = CATCHABLE_TYPES  # bare except: + asyncio.CancelledError once imported (bundled.py)
        from .vfs import Vfs

        self.vfs = Vfs(self)              # the board's flash filesystem, in memory (vfs.py)
        self.gc_threshold = -1            # gc.threshold(): bytes allocated between collections
        self.builtins = self._make_builtins()
        self._build_modules()

    # -- output --------------------------------------------------------------------------
    def write(self, text: str) -> None:
        t = self.cpu.now()
        text = self._partial + text
        *lines, self._partial = text.split("\n")
        for line in lines:
            self.stdout_lines.append((t, line))
            self.log.append((t, Kind.PRINT, line))
            if self.echo is not None:
                self.echo(t, line)

    def flush(self) -> None:
        if self._partial:
            self.write("\n")

    def timestamp(self) -> str:
        return format_timestamp(self.cpu.now())

    # -- reaction records: a handler's timestamp -> the main loop's next clock read ----------
    def note_handler_stamp(self, t: int) -> None:
        """A handler read the clock: remember it (and the edge that caused the handler)."""
        cpu = self.cpu
        source, cause = cpu.current_cause()
        self.pending_stamp = (t, source, cause)

    def note_reaction(self, t: int) -> None:
        """Main code read the clock after a handler stamped it: the main loop reacted."""
        stamp_t, source, cause = self.pending_stamp
        self.pending_stamp = None
        self.log.append((t, Kind.REACT, source, stamp_t, cause))

    # -- exceptions ----------------------------------------------------------------------
    def format_exception(self, exc: BaseException) -> str:
        """MicroPython's traceback format, firmware frames only."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.firmware_files]
        lines = []
        if frames:
            lines.append("Traceback (most recent call last):")
            for f in frames:
                lines.append(f'  File "{self.display_name(f.filename)}", line {f.lineno}, in {f.name}')
        lines.append(mp_exception_text(exc))
        return "\n".join(lines)

    def handler_exception(self, exc: BaseException, hard: bool) -> None:
        if hard:
            self.write("Uncaught exception in IRQ callback handler\n")
            if isinstance(exc, MemoryError) and not self.emergency_buf:
                # Without alloc_emergency_exception_buf the heap-locked MemoryError is the
                # static, argument-less object: no traceback, empty message (py/runtime.c, objexcept.c).
                self.write("MemoryError: \n")
                return
        self.write(self.format_exception(exc) + "\n")

    # -- heap hooks called by instrumented lines -------------------------------------------
    def alloc(self, nbytes: int, what: str, certain: bool = True) -> None:
        cpu = self.cpu
        if cpu.heap_lock:
            if not certain:
                return
            if cpu.hard_depth:
                self.violation("IRQ101", f"heap allocation in a hard interrupt handler ({what})")
            raise MemoryError("memory allocation failed, heap is locked")
        if cpu.free:
            cpu.charge(self._alloc_ns)
        else:  # cpu.charge(), inlined: this runs on every allocating line
            B = cpu.B
            B.n -= self._alloc_ns
            if B.n < 0:
                cpu.catch_up()
        heap = self.system.heap
        if heap.alloc(nbytes):
            self.collect()
        elif self.gc_threshold >= 0 and heap.used - heap.live >= self.gc_threshold and heap.enabled:
            self.collect()   # py/gc.c gc_alloc: gc_alloc_amount >= gc_alloc_threshold

    def collect(self) -> None:
        cpu = self.cpu
        heap = self.system.heap
        live, pause = heap.collect()
        cpu.in_gc = True
        cpu._update_sched_flag()
        t = cpu.now()
        self.log.append((t, Kind.GC, 1, live))
        cpu.context.append("gc")
        try:
            cpu._busy(pause)
        finally:
            cpu.context.pop()
            cpu.in_gc = False
            self.log.append((cpu.now(), Kind.GC, 0, live))
            cpu._update_sched_flag()

    def close_coroutines(self) -> None:
        """Close asyncio coroutines the run created but never started (the firmware raised
        before the scheduler ran them), so CPython does not warn "coroutine ... was never
        awaited" later, at a random garbage collection, outside the run."""
        import inspect

        for coro in list(getattr(self, "coroutines", ())):
            if inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
                coro.close()

    def _heap_roots(self):
        for g in self.firmware_globals:
            yield {k: v for k, v in g.items() if not k.startswith("_irqsim_") and k != "__builtins__"}
        for _fn, arg, *_ in self.cpu.sched:
            yield arg

    def _make_builtins(self) -> dict:
        from .builtins import make_builtins

        return make_builtins(self)

    def _build_modules(self) -> None:
        from . import (
            gc_module,
            machine,
            micropython_module,
            os_module,
            random_module,
            rp2,
            sys_module,
            time_module,
        )

        self.modules["machine"] = machine.build(self)
        t = time_module.build(self)
        self.modules["time"] = t
        self.modules["utime"] = t
        self.modules["micropython"] = micropython_module.build(self)
        self.modules["rp2"] = rp2.build(self)
        self.modules["gc"] = gc_module.build(self)
        s = sys_module.build(self)
        self.modules["sys"] = s
        self.modules["usys"] = s
        r = random_module.build(self)
        self.modules["random"] = r
        self.modules["urandom"] = r
        o = os_module.build(self)
        self.modules["os"] = o
        self.modules["uos"] = o
        from . import framebuf  # extmod/modframebuf.c (MICROPY_PY_FRAMEBUF on rp2)

        self.modules["framebuf"] = framebuf.build(self)
        from . import thread_module

        self.modules["_thread"] = thread_module.build(self)
        from . import select_module

        sel = select_module.build(self)
        self.modules["select"] = sel
        self.modules["uselect"] = sel


CATCHABLE_TYPES = tuple(t for t in (Exception, KeyboardInterrupt, SystemExit, GeneratorExit))
assert StopSimulation not in CATCHABLE_TYPES


def mp_exception_text(exc: BaseException) -> str:
    """``Type: message`` as mp_obj_print_exception prints it."""
    name = type(exc).__name__
    if isinstance(exc, (UnicodeDecodeError, UnicodeEncodeError)):
        # py/objstr.c: invalid UTF-8 in bytes.decode()/str(b, enc) is mp_raise_type(UnicodeError),
        # no message; MicroPython has no UnicodeDecodeError class
        return "UnicodeError: "
    if isinstance(exc, SyntaxError):   # an imported module that does not compile (py/parse.c wording)
        from ..errors import syntax_error_text

        return syntax_error_text(exc)[0]
    if isinstance(exc, OSError) and exc.args and isinstance(exc.args[0], int) and len(exc.args) < 3:
        from .vfs_file import OSError as MpOSError

        return f"{name}: {MpOSError.__str__(exc)}"   # "[Errno 2] ENOENT" (py/objexcept.c)
    if not exc.args:
        return f"{name}: "
    if len(exc.args) == 1:
        from .mp_messages import mp_message

        return f"{name}: {mp_message(exc, str(exc.args[0]))}"
    return f"{name}: {exc.args!r}"


def host_builtins() -> dict:
    return dict(vars(builtins))
