"""What a test asserts on after a run: output lines, pin histories, handler statistics, violations."""

from __future__ import annotations

import json

from .spec.scenario import parse_gpio
from .trace.log import Kind
from .units import format_timestamp


class WaitTimeout(AssertionError):
    """A run_until condition did not happen in time; ``.result`` holds the run."""

    def __init__(self, message: str, result: RunResult) -> None:
        tail = "\n".join(f"  {line}" for line in result.tail(10)) or "  (no output)"
        super().__init__(f"{message}\nlast firmware output:\n{tail}")
        self.result = result


class RunResult:
    def __init__(self, result, sim, bench) -> None:
        self.raw = result          # irqsim.sim.Result
        self.sim = sim
        self.bench = bench
        self._stats = None

    # -- output --------------------------------------------------------------------------
    @property
    def lines(self) -> list[str]:
        return [text for _, text in self.raw.stdout]

    @property
    def stdout(self) -> list[tuple[int, str]]:
        """(t_ns, line) pairs."""
        return list(self.raw.stdout)

    def text(self) -> str:
        return self.raw.stdout_text()

    def tail(self, n: int = 20) -> list[str]:
        return [f"{format_timestamp(t)} {text}" for t, text in self.raw.stdout[-n:]]

    def first_line_time(self, contains: str) -> int | None:
        return next((t for t, text in self.raw.stdout if contains in text), None)

    # -- run facts -----------------------------------------------------------------------
    @property
    def end_ns(self) -> int:
        return self.raw.end_ns

    @property
    def end_reason(self) -> str:
        return self.raw.end_reason

    @property
    def firmware_error(self):
        return self.raw.firmware_error

    @property
    def violations(self) -> list:
        return list(self.raw.violations)

    def violation_codes(self) -> list[str]:
        return [v.code for v in self.raw.violations]

    def stats(self) -> dict:
        if self._stats is None:
            self._stats = self.raw.stats()
        return self._stats

    def handler(self, name: str) -> dict | None:
        """Statistics of one handler (count, latency_us, duration_us), or None if it never ran."""
        return self.stats()["handlers"].get(name)

    def handler_count(self, name: str) -> int:
        h = self.handler(name)
        return h["count"] if h else 0

    def lost_edges(self) -> int:
        return sum(s["lost_total"] for s in self.stats()["sources"].values())

    @property
    def parts(self) -> dict:
        """Live part objects by id (a probe's history, a UART peer's received bytes ...)."""
        return self.sim.parts

    # -- pins ----------------------------------------------------------------------------
    def pin_history(self, gpio) -> list[tuple[int, int]]:
        """(t_ns, level) of every change of a GPIO's level."""
        num = parse_gpio(gpio, "pin_history")
        return [(r[0], r[3]) for r in self.raw.log.of_kind(Kind.PIN) if r[2] == num]

    def level_at(self, gpio, t) -> int:
        from .units import parse_duration

        t_ns = parse_duration(t, "time") if isinstance(t, str) else int(t)
        level, last_t = 0, -1
        for t_edge, lv in self.pin_history(gpio):
            if last_t <= t_edge <= t_ns:
                level, last_t = lv, t_edge
        return level

    # -- assertions ----------------------------------------------------------------------
    def assert_ok(self) -> None:
        """No firmware exception, no failed scenario expectation, no ISR-rule error."""
        problems = []
        if self.raw.firmware_error is not None:
            problems.append(self.raw.firmware_error.format())
        problems += [f"expectation failed: {e['detail']}" for e in self.raw.expectations if not e["passed"]]
        problems += [f"{v.code} {v.message} ({v.file}:{v.line})" for v in self.raw.violations if v.severity == "error"]
        if problems:
            raise AssertionError("\n".join(problems))

    def assert_no_violations(self) -> None:
        if self.raw.violations:
            raise AssertionError("ISR-rule violations:\n" + "\n".join(
                f"  {v.file}:{v.line}: {v.code} [{v.severity}] {v.message}" for v in self.raw.violations))

    def document(self) -> dict:
        from .report.text import result_document

        return result_document(self.raw)

    def to_json(self) -> str:
        return json.dumps(self.document(), indent=1)


def toml_value(value) -> str:
    """A TOML literal for the plain values a scenario holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)   # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (bytes, bytearray)):
        return toml_value(list(value))
    raise TypeError(f"cannot write {value!r} to TOML")
