"""The per-run glue between the shim modules and the simulated board.

A :class:`Port` owns what MicroPython's port layer owns: stdout, the module table seen by
``import``, handler-exception printing, the heap hooks the instrumented firmware calls,
and rule-violation reports.
"""

from __future__ import annotations

import builtins
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from ..runtime.cpu import StopSimulation
from ..runtime.instrument import ALLOC, BRANCH, BUDGET, CATCHABLE, CHARGE, LINE
from ..runtime.system import System
from ..trace.log import Kind
from ..units import format_timestamp
from . import bundled, confine, floatfmt_rewrite, importer
from .floatfmt_text import HELPERS as FLOAT_TEXT_HELPERS

# Modules of MicroPython's rp2 firmware that map onto CPython's own (same API subset).
HOST_MODULES = {
    "math": "math", "cmath": "cmath", "array": "array",
    "struct": "irqsim.mpy.struct_module", "ustruct": "irqsim.mpy.struct_module",  # modstruct.c rules
    "uarray": "array", "collections": "collections", "ucollections": "collections",
    "binascii": "binascii", "ubinascii": "binascii", "errno": "errno", "uerrno": "errno",
    "json": "json", "ujson": "json", "re": "re", "ure": "re", "hashlib": "hashlib",
    "uhashlib": "hashlib", "heapq": "heapq", "uheapq": "heapq", "io": "io", "uio": "io",
}  # asyncio/uasyncio: irqsim's own firmware-level package (bundled.py, mpy/lib/asyncio)
SHIM_MODULES = ("machine", "time", "utime", "micropython", "rp2", "gc", "sys", "usys", "random",
                "urandom", "os", "uos", "select", "uselect", "_thread")


class RuleViolation:
    __slots__ = ("t_ns", "code", "severity", "message", "file", "line", "context")

    def __init__(self, t_ns, code, severity, message, file, line, context) -> None:
        self.t_ns, self.code, self.severity = t_ns, code, severity
        self.message, self.file, self.line, self.context = message, file, line, context

    def as_dict(self) -> dict:
        return {"t_ns": self.t_ns, "code": self.code, "severity": self.severity, "message": self.message,
                "file": self.file, "line": self.line, "context": self.context}


class Port:
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

    # -- loading firmware ----------------------------------------------------------------
    def injected(self) -> dict:
        return {BUDGET: self.cpu.B, LINE: self.cpu.line, BRANCH: self.cpu.branch, ALLOC: self.alloc,
                CATCHABLE: self.catchable, CHARGE: self.cpu.charge, "__builtins__": self.builtins,
                **FLOAT_TEXT_HELPERS}

    def load_firmware(self, path: Path, name: str = "__main__") -> tuple[dict, object]:
        return self.load_source(path.read_text(encoding="utf-8"), str(path.resolve()), path.name, name)

    def load_source(self, source: str, filename: str, file: str, name: str) -> tuple[dict, object]:
        """Instrument firmware source; ``filename`` names it in tracebacks (a host path made
        relative by display_name, or a path on the board's filesystem)."""
        confine.check_source(self, source, filename, self.display_name(filename))
        import warnings

        with warnings.catch_warnings():
            # CPython's compile-time hints ("'int' object is not subscriptable; perhaps you
            # missed a comma?") are host warnings MicroPython never gives: the error, if any,
            # comes at run time with MicroPython's text.
            warnings.simplefilter("ignore", SyntaxWarning)
            # floats print as on the chip (binary32): text conversions rewritten after costing
            code = floatfmt_rewrite.compile_firmware(source, filename, self.system.costs,
                                                     self.system.board.cycles_to_ns)
        self.firmware_files.add(filename)
        g = {"__name__": name, "__file__": file}
        g.update(self.injected())
        self.firmware_globals.append(g)
        return g, code

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level:   # from . import x / from .mod import y (importer.py)
            name = importer.absolute_name(globals, name, level)
        top = name.split(".")[0]
        if top in bundled.PACKAGES:  # asyncio: unless the firmware or its lib dirs ship their own
            module = bundled.import_module(self, name, fromlist)
            if module is not None:
                return module
        module = self.modules.get(top)
        if module is None:
            module = self._import_top(name, top)
        leaf, dotted = module, top
        for part in name.split(".")[1:]:   # submodules of a firmware package, loaded on demand
            dotted = f"{dotted}.{part}"
            sub = self.modules.get(dotted) or getattr(leaf, part, None)
            if not isinstance(sub, ModuleType):
                found = importer.locate(self, dotted)
                if found is None:
                    raise ImportError(f"no module named '{dotted}'")
                sub = importer.load(self, dotted, found)
            leaf = sub
        if not fromlist:
            return module
        if isinstance(fromlist, (list, tuple)) and dotted in self.__dict__.get("package_dirs", {}):
            for item in fromlist:   # `from pkg import submodule`
                if item != "*" and item not in vars(leaf):
                    found = importer.locate(self, f"{dotted}.{item}")
                    if found is not None:
                        importer.load(self, f"{dotted}.{item}", found)
        return leaf

    def _import_top(self, name: str, top: str) -> ModuleType:
        # firmware dir, scenario lib dirs, irqsim's bundled micropython-lib subset, then the
        # board's filesystem (sys.path "" and "/lib")
        found = importer.locate(self, top)
        if found is not None:
            return importer.load(self, top, found)
        host = HOST_MODULES.get(top, "")
        if top in confine.STRICT_REFUSED and confine.STRICT:
            self.refusals.append(f"import {top}")
            raise ImportError(f"no module named '{name}' (the host's asyncio runs in wall-clock time)")
        if host:
            import importlib

            module = confine.host_module(top, importlib.import_module(host))
            self.modules[top] = module
            return module
        if top in confine.DANGEROUS_MODULES:
            self.refusals.append(f"import {top}")
        raise ImportError(f"no module named '{name}'")

    def _exec_module(self, top: str, load) -> ModuleType:
        module = ModuleType(top)
        self.modules[top] = module
        g, code = load()
        module.__dict__.update(g)
        try:
            exec(code, module.__dict__)
        except BaseException:
            del self.modules[top]
            raise
        return module

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
