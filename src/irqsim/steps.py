"""Run a scenario's ``[[steps]]`` (see ``spec/steps.py`` for the format).

One step is active at a time. It is checked exactly when something it waits for can change
(a stdout line, a byte a uart_peer decodes, a level change on its GPIO), never by polling,
so the moment a step is met is the virtual time of the event that met it and ``then``
actions keep their exact offsets. A step that times out ends the run (the rest of the
sequence cannot happen) and fails it: every step's outcome goes into
``Result.expectations``, so ``irqsim run`` exits 1.
"""

from __future__ import annotations

from .runtime.cpu import StopSimulation
from .units import format_ns, format_timestamp


def _at(t_ns: int) -> str:
    return format_timestamp(t_ns).strip("[] ") + " s"


class StepRunner:
    def __init__(self, sim) -> None:
        self.sim = sim
        self.steps = sim.scenario.steps
        self.cpu = sim.system.cpu
        self.kernel = sim.system.kernel
        self.gpio = sim.system.gpio
        self.current = -1                 # index of the active step; len(steps) when done
        self.started_ns: list[int | None] = [None] * len(self.steps)
        self.met_ns: list[int | None] = [None] * len(self.steps)
        self.failed: tuple[int, str] | None = None   # (index, reason) of the step that failed
        self._timeout_event = None
        self._uart_start = 0
        # hooks: stdout lines, uart_peer frames, GPIO levels of every wait-pin step
        old_echo = sim.port.echo

        def echo(t_ns, line):
            if old_echo is not None:
                old_echo(t_ns, line)
            self._on_line(line)

        sim.port.echo = echo
        peers = {s.part for s in self.steps if s.kind == "wait-serial" and s.part}
        for pid in sorted(peers):
            sim.parts[pid].frame_listeners.append(lambda _t, _b, pid=pid: self._on_uart(pid))
        for gpio in sorted({s.target for s in self.steps if s.kind == "wait-pin"}):
            self.gpio.pin(gpio).listeners.append(self._on_pin)
        self._arm(0)

    # -- sequencing ----------------------------------------------------------------------
    @property
    def active(self):
        return self.steps[self.current] if 0 <= self.current < len(self.steps) else None

    def _arm(self, index: int) -> None:
        self.current = index
        if index >= len(self.steps):
            return
        step = self.steps[index]
        now = self.cpu.sync()
        self.started_ns[index] = now
        if step.timeout_ns is not None:
            self._timeout_event = self.kernel.schedule_at(now + step.timeout_ns, self._timeout, index)
        if step.kind == "delay":
            self.kernel.schedule_at(now + step.target, self._met, index)
        elif step.kind == "wait-pin":
            if self.gpio.pin(step.target).level == step.level:
                self._met(index)
        elif step.part is not None:
            self._uart_start = len(self.sim.parts[step.part].received)

    def _met(self, index: int) -> None:
        if index != self.current:
            return
        now = self.cpu.sync()
        self.met_ns[index] = now
        if self._timeout_event is not None:
            self._timeout_event.cancel()
            self._timeout_event = None
        for action in self.steps[index].then:
            self.kernel.schedule_at(now + action.after_ns, self.sim._stimulus, action)
        self._arm(index + 1)

    def _timeout(self, index: int) -> None:
        if index != self.current:
            return
        self._timeout_event = None
        self.failed = (index, "timeout")
        self.current = len(self.steps) + 1     # nothing else is active
        stop = StopSimulation("step-timeout")
        self.cpu.stopped = stop
        raise stop

    # -- conditions ----------------------------------------------------------------------
    def _on_line(self, line: str) -> None:
        step = self.active
        if step is not None and step.kind == "wait-serial" and step.part is None and step.target in line:
            self._met(self.current)

    def _on_uart(self, pid: str) -> None:
        step = self.active
        if step is None or step.kind != "wait-serial" or step.part != pid:
            return
        received = self.sim.parts[pid].received
        target = step.target.encode()
        if len(received) - self._uart_start >= len(target) and received.endswith(target):
            self._met(self.current)

    def _on_pin(self, num: int, level: int) -> None:
        step = self.active
        if step is not None and step.kind == "wait-pin" and step.target == num and level == step.level:
            self._met(self.current)

    # -- results -------------------------------------------------------------------------
    def outcomes(self, end_ns: int) -> list[dict]:
        """One expectation entry per step, in order."""
        out = []
        for i, step in enumerate(self.steps):
            head = f"step {step.index}" + (f" ({step.name})" if step.name else "") + f": {step.describe()}"
            start, met = self.started_ns[i], self.met_ns[i]
            entry = {"line": step.line, "passed": met is not None, "step": step.index, "t_ns": met}
            if met is not None:
                entry["detail"] = f"{head} met at {_at(met)} (after {format_ns(met - start)})"
            elif start is None:
                entry["detail"] = f"{head} not reached"
            elif self.failed is not None and self.failed[0] == i:
                entry["t_ns"] = start + step.timeout_ns
                entry["detail"] = (f"{head} timed out after {format_ns(step.timeout_ns)} at "
                                   f"{_at(start + step.timeout_ns)}{self._last_seen(step)}")
            else:
                entry["t_ns"] = end_ns
                entry["detail"] = f"{head} still waiting when the run ended at {_at(end_ns)}{self._last_seen(step)}"
            out.append(entry)
        return out

    def _last_seen(self, step) -> str:
        """What the step saw instead, so a failure explains itself."""
        if step.kind == "wait-pin":
            return f" (GP{step.target} is {self.gpio.pin(step.target).level})"
        if step.kind == "wait-serial" and step.part is not None:
            got = bytes(self.sim.parts[step.part].received[self._uart_start:])
            return f"; {step.part} received {got[-60:]!r} since the step started"
        lines = self.sim.port.stdout_lines
        return f"; last output: {lines[-1][1]!r}" if lines else "; no output"
