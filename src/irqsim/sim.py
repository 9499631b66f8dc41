"""A simulation run: scenario -> board + parts + firmware -> event log -> results.

This is the one place that wires the layers together; the CLI, the pytest plugin and the
labs all build a :class:`Simulation` and read its :class:`Result`.
"""

from __future__ import annotations

import gc as host_gc
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from .errors import FirmwareError, IrqsimError, ScenarioError, syntax_error_text
from .hw.parts import PARTS, PartContext
from .mpy.port import Port, mp_exception_text
from .runtime.cpu import StopSimulation
from .runtime.system import System
from .spec.board import load_board
from .spec.scenario import Scenario, default_scenario, load_scenario
from .trace.log import EventLog, Kind
from .units import format_timestamp


@dataclass
class Result:
    scenario: Scenario
    board: str
    end_ns: int
    end_reason: str
    stdout: list[tuple[int, str]]
    log: EventLog
    violations: list
    parts: dict
    firmware_error: FirmwareError | None = None
    expectations: list[dict] = field(default_factory=list)
    sched_high_water: int = 0
    gc_collections: int = 0
    lines_executed: int = 0

    @property
    def exit_code(self) -> int:
        """1 for a firmware exception, a failed expectation or an ISR-rule error."""
        if self.firmware_error is not None:
            return 1
        if any(not e["passed"] for e in self.expectations):
            return 1
        if any(v.severity == "error" for v in self.violations):
            return 1
        return 0

    def strict_exit_code(self) -> int:
        """--strict: warnings fail too (notes never do)."""
        code = self.exit_code
        if any(v.severity in ("error", "warning") for v in self.violations):
            code = 1
        return code

    def stdout_text(self) -> str:
        return "".join(line + "\n" for _, line in self.stdout)

    def stats(self) -> dict:
        """Computed once per log length (expectations, the summary and the HTML report share
        it); treat the dict as read-only."""
        key = (len(self.log), self.end_ns)
        cached = self.__dict__.get("_stats")
        if cached is None or cached[0] != key:
            from .stats import compute_stats

            cached = self.__dict__["_stats"] = (key, compute_stats(self))
        return cached[1]


class Simulation:
    def __init__(self, scenario: Scenario, *, echo=None, record: bool = True) -> None:
        self.scenario = scenario
        self.main_end_ns: int | None = None
        board_over = dict(scenario.board_overrides)
        try:
            self.board = load_board(scenario.board, board_over or None)
        except ScenarioError as exc:   # point at the scenario (or --set) the board came from
            if exc.file is None and scenario.path is not None:
                exc.file = str(scenario.path)
                if "board" in scenario.raw and scenario.path.is_file():
                    from .spec.locate import Locator

                    exc.line = Locator(scenario.path.read_text(encoding="utf-8")).line("board")
            raise
        self.log = EventLog(enabled=record)
        self.system = System(self.board, seed=scenario.seed, log=self.log,
                             scheduler_depth=scenario.scheduler_depth)
        heap = scenario.heap or {}
        if "extra_live" in heap:
            from .units import _split  # noqa: F401 - keep the import local

            try:
                self.system.heap.extra_live = _parse_bytes(heap["extra_live"])
            except ScenarioError as exc:
                exc.file = exc.file or (str(scenario.path) if scenario.path else None)
                raise
        self.port = Port(self.system, firmware_dir=scenario.firmware.parent, echo=echo)
        self.port.lib_dirs = list(scenario.lib)
        self.port.vfs.install(scenario)   # the board's filesystem: scenario `fs` dir + main.py/boot.py
        self.system.cpu.declared_ns = {name: self.board.cycles_to_ns(c) for name, c in scenario.c_handlers.items()}
        self.parts = {}
        kernel = self.system.kernel
        for spec in scenario.parts:
            ctx = PartContext(kernel=kernel, gpio=self.system.gpio, clock=self.system.cpu.sync,
                              rng=self.system.rng, log=self.log, files_dir=scenario.path.parent if scenario.path else None,
                              wires=scenario.wires.get(spec.id, {}))
            for pin, num in ctx.wires.items():
                if num >= self.board.gpio_count:
                    raise ScenarioError(f"part '{spec.id}' pin '{pin}' is wired to GP{num}, "
                                        f"but {self.board.chip} has GP0..GP{self.board.gpio_count - 1}",
                                        file=str(scenario.path), line=spec.line)
            self.parts[spec.id] = PARTS[spec.type](spec.id, spec.attrs, ctx)
        for part in self.parts.values():
            part.begin()
        self._check_i2c_addresses(scenario)
        for st in scenario.stimuli:
            kernel.schedule_at(st.at_ns, self._stimulus, st)
        self.steps = None
        if scenario.steps:   # [[steps]]: waits with timeouts (steps.py)
            from .steps import StepRunner

            self.steps = StepRunner(self)
        kernel.schedule_at(scenario.duration_ns, self._end, priority=1 << 30)

    def _check_i2c_addresses(self, scenario) -> None:
        """Two I2C targets answering one address on one bus is a wiring error, not a silent pick."""
        from .hw.parts.bus import i2c_clashes

        for scl, sda, address, targets in i2c_clashes(self.system.gpio):
            ids = " and ".join(f"'{t.id}' ({type(t).type_name})" for t in targets)
            raise ScenarioError(f"parts {ids} both answer I2C address {address:#04x} on SCL GP{scl}/SDA GP{sda}",
                                file=str(scenario.path) if scenario.path else None,
                                hint="give one another address (its address pins), or put it on another bus")

    def _stimulus(self, st) -> None:
        part = self.parts[st.part]
        try:
            getattr(part, st.action)(**st.args)
        except TypeError as exc:
            raise ScenarioError(f"stimulus {st.action} of '{st.part}': {exc}",
                                file=str(self.scenario.path), line=st.line) from None

    def _end(self) -> None:
        stop = StopSimulation("duration")
        self.system.cpu.stopped = stop
        raise stop

    def run(self) -> Result:
        sc = self.scenario
        cpu = self.system.cpu
        port = self.port
        error = None
        reason = "duration"
        try:
            g, code = port.load_firmware(sc.firmware)
        except SyntaxError as exc:
            # MicroPython reports a compile error as 'SyntaxError: invalid syntax' for the file's line
            text, detail = syntax_error_text(exc)
            raise ScenarioError(text, file=_shown(exc.filename or sc.firmware), line=exc.lineno,
                                hint=f"Python says: {detail}; the firmware must compile before it can run "
                                "(irqsim lint FILE shows the column)") from None
        except UnicodeDecodeError:
            raise ScenarioError("firmware is not UTF-8 text", file=_shown(sc.firmware),
                                hint="save the file as UTF-8 (MicroPython reads source as UTF-8)") from None
        # The main program is the module "__main__" (unittest.main() and friends import it).
        main_module = ModuleType("__main__")
        for key in ("__loader__", "__spec__", "__package__"):
            main_module.__dict__.pop(key, None)   # not on MicroPython, and a confinement hole
        main_module.__dict__.update(g)
        port.firmware_globals[port.firmware_globals.index(g)] = main_module.__dict__
        g = main_module.__dict__
        port.modules["__main__"] = main_module
        cpu._retarget()
        # Everything built so far (modules, board tables, parts, the firmware's code) lives for
        # the whole run: freezing it keeps CPython's full collections from re-scanning it all
        # (3-8% of an event-dense run, benchmarks/bench_runtime.py). Unfrozen after the run.
        host_gc.freeze()
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, 4000))
        quiet = warnings.catch_warnings()
        quiet.__enter__()
        # MicroPython never warns about a coroutine made and dropped (e.g. `type(_g())` to get
        # the coroutine type, as asyncio libraries do); CPython's warning is not the firmware's.
        warnings.filterwarnings("ignore", message="coroutine .* was never awaited", category=RuntimeWarning)
        try:
            try:
                boot = sc.firmware.with_name("boot.py")
                if sc.firmware.name == "main.py" and boot.is_file():
                    # ports/rp2/main.c: boot.py runs first, in the same __main__ globals
                    exec(port.load_firmware(boot, "__main__")[1], g)
                exec(code, g)
                self.main_end_ns = cpu.now()   # main returned (irqsim grade: must_return)
                # main.py returned: MicroPython drops to the REPL, where IRQs and scheduled
                # callbacks keep running until the end of the run.
                cpu.wait_until(sc.duration_ns, run_callbacks=True, idle=True)
            except StopSimulation as stop:
                reason = stop.reason
            except SystemExit:
                reason = "sys.exit"
                self.main_end_ns = cpu.now()
                self._drain_to_end()
            except IrqsimError:
                raise
            except RecursionError as exc:
                error = self._firmware_error(exc)
            except BaseException as exc:  # noqa: B036 - any firmware exception ends main
                if isinstance(exc, KeyboardInterrupt) and not _firmware_raised(exc, port):
                    raise
                error = self._firmware_error(exc)
        finally:
            host_gc.unfreeze()
            sys.setrecursionlimit(old_limit)
            port.close_coroutines()
            quiet.__exit__(None, None, None)
        cpu.fire_quiet_before(cpu.now())   # quiet pulse edges the CPU ran past (runtime/cpu.py)
        port.flush()
        end = min(cpu.now(), sc.duration_ns) if reason == "duration" else cpu.now()
        self.log.append((end, Kind.END, reason if error is None else "exception"))
        result = Result(scenario=sc, board=self.board.name, end_ns=end, end_reason=reason if error is None else "exception",
                        stdout=port.stdout_lines, log=self.log, violations=port.violations,
                        parts={pid: p.summary() for pid, p in self.parts.items()}, firmware_error=error,
                        sched_high_water=cpu.sched_high_water, gc_collections=self.system.heap.collections)
        from .expect import check_expectations

        result.expectations = check_expectations(result)
        if self.steps is not None:
            result.expectations = self.steps.outcomes(end) + result.expectations
        return result

    def _drain_to_end(self) -> None:
        try:
            self.system.cpu.wait_until(self.scenario.duration_ns, run_callbacks=True, idle=True)
        except StopSimulation:
            pass

    def _firmware_error(self, exc: BaseException) -> FirmwareError:
        port = self.port
        t = self.system.cpu.now()
        text = port.format_exception(exc)
        port.write(text + "\n")
        frames = [f for f in _tb_frames(exc) if f.filename in port.firmware_files]
        file = port.display_name(frames[-1].filename) if frames else None
        line = frames[-1].lineno if frames else None
        return FirmwareError(mp_exception_text(exc), traceback_text=f"{text}\nat virtual time {format_timestamp(t).strip('[]').strip()} s",
                             t_ns=t, file=file, line=line)


def _tb_frames(exc):
    import traceback

    return traceback.extract_tb(exc.__traceback__)


def _firmware_raised(exc, port) -> bool:
    return any(f.filename in port.firmware_files for f in _tb_frames(exc))


def _shown(path) -> str:
    """A path as the user would type it: relative to the working directory when below it."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:   # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _parse_bytes(value) -> int:
    if isinstance(value, int):
        return value
    text = str(value).strip().upper()
    for suffix, scale in (("KB", 1024), ("K", 1024), ("B", 1)):
        if text.endswith(suffix):
            try:
                return int(float(text[: -len(suffix)]) * scale)
            except ValueError:
                break
    raise ScenarioError(f"cannot read a size from {value!r}", hint='write e.g. "40KB"')


def build(target: str | Path, *, overrides: dict | None = None, echo=None, record: bool = True) -> Simulation:
    """A Simulation from a scenario .toml or a bare firmware .py (default board, 1 s)."""
    path = Path(target)
    if not path.exists():
        raise ScenarioError(f"no such file: {path}")
    if path.suffix == ".py":
        sc = default_scenario(path.resolve())
        if overrides:
            from .spec.locate import Locator
            from .spec.scenario import apply_overrides, build_scenario

            data = apply_overrides({"firmware": path.name}, overrides)
            try:
                sc = build_scenario(data, path.parent / "<command line>", Locator(""))
            except IrqsimError as exc:   # the values came from --set/--duration, not from a file
                exc.file = "<command line>"
                raise
            sc.firmware = path.resolve()
        return Simulation(sc, echo=echo, record=record)
    return Simulation(load_scenario(path, overrides), echo=echo, record=record)
