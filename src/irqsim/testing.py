"""Build and run simulations from Python: the API behind the pytest plugin.

    bench = Bench("encoder_driver.py", seed=1)
    enc = bench.part("encoder", "enc", clk="GP14", dt="GP15")
    enc.turn(at="10ms", detents=5)
    run = bench.run("200ms")
    assert run.lines[-1] == "count 5"

A :class:`Bench` holds what a scenario file holds (board, firmware, seed, parts, wires,
stimuli) and turns it into the same :class:`~irqsim.spec.scenario.Scenario` the TOML loader
builds, so a Python-built run and ``irqsim run scenario.toml`` are the same simulation;
:meth:`Bench.to_toml` writes that file (the plugin's one-line reproduction). A run happens
once (the firmware is one uninterrupted program), so schedule every stimulus first, then
call :meth:`Bench.run` or :meth:`Bench.run_until`.
"""

from __future__ import annotations

from pathlib import Path

from .errors import IrqsimError, ScenarioError, nearest
from .hw.parts import PARTS
from .runtime.cpu import StopSimulation
from .spec.scenario import PartSpec, Scenario, Stimulus, parse_gpio
from .testing_result import RunResult, WaitTimeout
from .units import parse_duration

__all__ = ["Bench", "PartHandle", "RunResult", "WaitTimeout"]


class PartHandle:
    """A part on the bench; any of its timeline actions, called with ``at=``, is scheduled.

    ``button.press(at="50ms", hold="30ms")``; after the run, ``handle.live`` is the part object
    (e.g. a probe's ``history`` or a UART peer's ``received``).
    """

    def __init__(self, bench: Bench, spec: PartSpec) -> None:
        self._bench = bench
        self.id = spec.id
        self.type = spec.type
        self.cls = PARTS[spec.type]

    def __getattr__(self, action: str):
        if action.startswith("_") or action not in self.cls.actions:
            guess = nearest(action, self.cls.actions)
            raise AttributeError(f"part '{self.id}' ({self.type}) has no action '{action}'"
                                 + (f"; did you mean '{guess}'?" if guess else f"; actions: {', '.join(self.cls.actions)}"))

        def schedule(at="0s", **args):
            self._bench.at(at, self.id, action, **args)
            return self

        schedule.__name__ = action
        return schedule

    @property
    def live(self):
        sim = self._bench.simulation
        if sim is None:
            raise RuntimeError("the bench has not run yet")
        return sim.parts[self.id]


class Bench:
    def __init__(self, firmware: str | Path | None = None, *, board: str = "pico2", seed: int = 0,
                 duration: str = "1s", scheduler_depth: int | None = None, base_dir: str | Path | None = None,
                 echo=None) -> None:
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self.firmware: Path | None = None
        self.board = board
        self.seed = seed
        self.duration = duration
        self.scheduler_depth = scheduler_depth
        self.echo = echo
        self.parts: list[PartSpec] = []
        self.wires: dict[str, dict[str, int]] = {}
        self.stimuli: list[Stimulus] = []
        self.raw_stimuli: list[dict] = []
        self.simulation = None
        self.result: RunResult | None = None
        if firmware is not None:
            self.load(firmware)

    # -- building ------------------------------------------------------------------------
    def load(self, firmware: str | Path) -> Bench:
        path = Path(firmware)
        if not path.is_absolute():
            path = self.base_dir / path
        if not path.exists():
            raise ScenarioError(f"firmware file not found: {firmware}", hint=f"relative paths start at {self.base_dir}")
        self.firmware = path.resolve()
        return self

    def part(self, type: str, id: str | None = None, **attrs) -> PartHandle:
        """Add a part; keyword arguments named after its pins are wires (``pin="GP16"``)."""
        if type not in PARTS:
            guess = nearest(type, PARTS)
            raise ScenarioError(f"unknown part type '{type}'",
                                hint=(f"did you mean '{guess}'? " if guess else "") + f"part types: {', '.join(sorted(PARTS))}")
        cls = PARTS[type]
        pid = id or f"{type}{sum(1 for p in self.parts if p.type == type) + 1}"
        if any(p.id == pid for p in self.parts):
            raise ScenarioError(f"duplicate part id '{pid}'")
        params = {}
        for key, value in attrs.items():
            if key in cls.pins:
                self.wire(f"{pid}:{key}", value, _cls=cls)
            else:
                cls.parse_param(key, value)
                params[key] = value
        spec = PartSpec(pid, type, params, None)
        self.parts.append(spec)
        return PartHandle(self, spec)

    def wire(self, part_pin: str, gpio, *, _cls=None) -> Bench:
        pid, _, pin = part_pin.partition(":")
        cls = _cls or next((PARTS[p.type] for p in self.parts if p.id == pid), None)
        if cls is None:
            raise ScenarioError(f"wire names unknown part '{pid}'")
        if pin not in cls.pins:
            guess = nearest(pin, cls.pins)
            raise ScenarioError(f"part '{pid}' ({cls.type_name}) has no pin '{pin}'",
                                hint=(f"did you mean '{guess}'? " if guess else "") + f"pins: {', '.join(cls.pins)}")
        self.wires.setdefault(pid, {})[pin] = parse_gpio(gpio, "wire")
        return self

    def at(self, time, part: str, action: str, **args) -> Bench:
        """Schedule ``part.action(**args)`` at ``time`` (a duration such as "50ms")."""
        spec = next((p for p in self.parts if p.id == part), None)
        if spec is None:
            raise ScenarioError(f"stimulus names unknown part '{part}'")
        cls = PARTS[spec.type]
        if action not in cls.actions:
            raise ScenarioError(f"part '{part}' ({cls.type_name}) has no action '{action}'",
                                hint=f"actions: {', '.join(cls.actions)}")
        if action == "set":
            if "set" in args:
                args = args["set"]
            for key, value in args.items():
                cls.parse_param(key, value)
        t = parse_duration(time, "at")
        self.stimuli.append(Stimulus(t, part, action, dict(args), None))
        self.raw_stimuli.append({"at": time, "part": part, "action": action, **args})
        return self

    def scenario(self, duration=None) -> Scenario:
        if self.firmware is None:
            raise ScenarioError("no firmware loaded", hint="Bench('main.py') or bench.load('main.py')")
        return Scenario(path=None, firmware=self.firmware, board=self.board,
                        duration_ns=parse_duration(duration or self.duration, "duration"), seed=self.seed,
                        parts=list(self.parts), wires={k: dict(v) for k, v in self.wires.items()},
                        stimuli=sorted(self.stimuli, key=lambda s: s.at_ns),
                        scheduler_depth=self.scheduler_depth)

    # -- running -------------------------------------------------------------------------
    def run(self, duration=None) -> RunResult:
        """Run for ``duration`` (default: the bench's) and return the result."""
        return self._run(duration, None)

    def run_until(self, condition=None, *, stdout: str | None = None, pin=None, level: int = 1,
                  timeout="1s") -> RunResult:
        """Run until a line containing ``stdout`` is printed, ``pin`` reaches ``level``, or
        ``condition(view)`` holds (checked after every output line and pin change); raise
        :class:`WaitTimeout` (an AssertionError) when ``timeout`` passes first."""
        checks = []
        if stdout is not None:
            checks.append(lambda v: any(stdout in text for _, text in v.stdout[-1:]))
        if pin is not None:
            gpio = parse_gpio(pin, "run_until pin")
            checks.append(lambda v: v.level(gpio) == level)
        if condition is not None:
            checks.append(condition)
        if not checks:
            raise IrqsimError("run_until needs a condition, stdout= or pin=")
        what = " and ".join(filter(None, [f"stdout {stdout!r}" if stdout is not None else "",
                                          f"{pin}={level}" if pin is not None else "",
                                          "condition" if condition is not None else ""]))
        result = self._run(timeout, lambda v: all(c(v) for c in checks))
        if result.end_reason != "until":
            raise WaitTimeout(f"waited {timeout} for {what}; it did not happen", result)
        return result

    def _run(self, duration, until) -> RunResult:
        from .sim import Simulation

        if self.simulation is not None:
            raise IrqsimError("a bench runs once; build a new Bench for another run")
        sc = self.scenario(duration)
        sim = Simulation(sc, echo=self.echo)
        self.simulation = sim
        if until is not None:
            _install_until(sim, until)
        self.result = RunResult(sim.run(), sim, self)
        return self.result

    # -- reproduction --------------------------------------------------------------------
    def to_toml(self, duration=None) -> str:
        from .testing_result import toml_value

        lines = ["schema = 1", f"board = {toml_value(self.board)}",
                 f"firmware = {toml_value(str(self.firmware))}",
                 f"duration = {toml_value(str(duration or self.duration))}", f"seed = {self.seed}"]
        if self.scheduler_depth is not None:
            lines.append(f"scheduler_depth = {self.scheduler_depth}")
        wires = [[f"{pid}:{pin}", f"GP{num}"] for pid, pins in self.wires.items() for pin, num in pins.items()]
        lines.append(f"wires = {toml_value(wires)}")
        for p in self.parts:
            lines += ["", "[[parts]]", f"id = {toml_value(p.id)}", f"type = {toml_value(p.type)}"]
            lines += [f"{k} = {toml_value(v)}" for k, v in p.attrs.items()]
        for st in sorted(self.raw_stimuli, key=lambda s: parse_duration(s["at"], "at")):
            lines += ["", "[[stimuli]]"]
            if st["action"] == "set":
                args = {k: v for k, v in st.items() if k not in ("at", "part", "action")}
                lines += [f"at = {toml_value(st['at'])}", f"part = {toml_value(st['part'])}", f"set = {toml_value(args)}"]
            else:
                lines += [f"{k} = {toml_value(v)}" for k, v in st.items()]
        return "\n".join(lines) + "\n"


class _View:
    """What a run_until condition sees: output so far, pin levels, live parts, the time."""

    def __init__(self, sim) -> None:
        self._sim = sim

    @property
    def stdout(self) -> list[tuple[int, str]]:
        return self._sim.port.stdout_lines

    @property
    def lines(self) -> list[str]:
        return [text for _, text in self._sim.port.stdout_lines]

    def level(self, gpio) -> int:
        return self._sim.system.gpio.pin(parse_gpio(gpio, "level")).level

    @property
    def parts(self) -> dict:
        return self._sim.parts

    @property
    def now_ns(self) -> int:
        return self._sim.system.cpu.now()


def _install_until(sim, predicate) -> None:
    view = _View(sim)
    cpu = sim.system.cpu

    def check() -> None:
        if cpu.stopped is None and predicate(view):
            stop = StopSimulation("until")
            cpu.stopped = stop
            raise stop

    old_echo = sim.port.echo

    def echo(t, line):
        if old_echo is not None:
            old_echo(t, line)
        check()

    sim.port.echo = echo
    for p in sim.system.gpio.pins:
        p.listeners.append(lambda _num, _level: check())

    # Part state (a UART peer's decoded line, a probe's count) changes inside kernel events:
    # check after each one, at its own time.
    sim.system.kernel.after_event = check


