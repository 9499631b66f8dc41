"""``[[steps]]``: a scenario's sequence of waits, each with a timeout and follow-up actions.

    [[steps]]
    wait-serial = "ready"          # a stdout line containing this text
    timeout = "500ms"
    then = [{ part = "btn", action = "press", after = "10ms" }]

    [[steps]]
    wait-serial = "PONG"           # bytes the firmware transmits, captured by a uart_peer
    part = "peer"
    timeout = "100ms"

    [[steps]]
    wait-pin = "GP25"              # a GPIO reaching a level (already there counts)
    level = 1
    timeout = "1s"

    [[steps]]
    delay = "20ms"                 # just let time pass

Steps run in order: step N+1 starts when step N is met. ``timeout`` (default: the rest of
the run) counts from the step's start; ``then`` actions are stimuli (``action`` + arguments,
or ``set = {...}``) timed by ``after`` relative to the moment the step is met. This module
only validates and builds :class:`Step` objects; ``irqsim.steps`` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import IrqsimError, ScenarioError, nearest
from ..hw.parts import PARTS
from ..units import parse_duration

KINDS = ("wait-serial", "wait-pin", "delay")
STEP_KEYS = {*KINDS, "part", "level", "timeout", "then", "name"}
THEN_KEYS = {"part", "action", "after", "set"}


@dataclass
class StepAction:
    after_ns: int
    part: str
    action: str
    args: dict
    line: int | None


@dataclass
class Step:
    index: int                 # 1-based, as users count
    kind: str                  # one of KINDS
    target: object             # text (wait-serial), GPIO number (wait-pin), ns (delay)
    line: int | None
    part: str | None = None    # wait-serial source: a uart_peer id, or None for stdout
    level: int = 1
    timeout_ns: int | None = None
    then: list[StepAction] = field(default_factory=list)
    name: str = ""

    def describe(self) -> str:
        if self.kind == "wait-serial":
            where = f"on {self.part}" if self.part else "on stdout"
            return f"wait-serial {self.target!r} {where}"
        if self.kind == "wait-pin":
            return f"wait-pin GP{self.target}={self.level}"
        from ..units import format_ns

        return f"delay {format_ns(self.target)}"


def parse_steps(raw, parts: dict, err, line_of) -> list[Step]:
    """Validate ``[[steps]]``. ``parts`` maps part id -> type; ``err(msg, *keypath, hint=)``
    builds a ScenarioError that points at the line of ``keypath``; ``line_of(*keypath)``
    is that line."""
    from .scenario import parse_gpio

    if not isinstance(raw, list):
        raise err("steps must be an array of tables: write [[steps]] sections", "steps")

    def duration(value, what, *keypath):
        try:
            return parse_duration(value, what)
        except IrqsimError as exc:
            raise err(exc.message, *keypath, hint=exc.hint) from None

    steps = []
    for i, st in enumerate(raw):
        if not isinstance(st, dict):
            raise err("each [[steps]] entry is a table", "steps", i)
        for key in st:
            if key not in STEP_KEYS:
                guess = nearest(key, STEP_KEYS)
                raise err(f"unknown step key '{key}'", "steps", i, key,
                          hint=f"did you mean '{guess}'?" if guess else f"step keys: {', '.join(sorted(STEP_KEYS))}")
        kinds = [k for k in KINDS if k in st]
        if len(kinds) != 1:
            raise err(f"step {i + 1} needs exactly one of {', '.join(KINDS)}" + (f" (has {', '.join(kinds)})" if kinds else ""),
                      "steps", i, hint='e.g. wait-serial = "ready", wait-pin = "GP25" with level = 1, or delay = "10ms"')
        kind = kinds[0]
        value = st[kind]
        step = Step(index=i + 1, kind=kind, target=None, line=line_of("steps", i), name=str(st.get("name", "")))
        if kind == "wait-serial":
            if not isinstance(value, str) or not value:
                raise err("wait-serial takes the text to wait for", "steps", i, kind, hint='wait-serial = "ready"')
            step.target = value
            if "part" in st:
                pid = st["part"]
                if pid not in parts:
                    guess = nearest(str(pid), parts)
                    raise err(f"step names unknown part '{pid}'", "steps", i, "part",
                              hint=f"did you mean '{guess}'?" if guess else f"parts: {', '.join(parts) or 'none'}")
                if parts[pid] != "uart_peer":
                    raise err(f"wait-serial reads a uart_peer, but '{pid}' is a {parts[pid]}", "steps", i, "part",
                              hint="leave out part to wait for firmware output on stdout")
                step.part = pid
        elif kind == "wait-pin":
            try:
                step.target = parse_gpio(value, "wait-pin")
            except ScenarioError as exc:
                raise err(exc.message, "steps", i, kind, hint=exc.hint) from None
            level = st.get("level", 1)
            if level not in (0, 1) or isinstance(level, float):
                raise err(f"level must be 0 or 1, got {level!r}", "steps", i, "level")
            step.level = int(level)
        else:
            step.target = duration(value, "delay", "steps", i, kind)
        for key, applies in (("part", "wait-serial"), ("level", "wait-pin")):
            if key in st and kind != applies:
                raise err(f"'{key}' belongs to {applies} steps, not {kind}", "steps", i, key)
        if "timeout" in st:
            if kind == "delay":
                raise err("a delay step cannot time out", "steps", i, "timeout")
            step.timeout_ns = duration(st["timeout"], "timeout", "steps", i, "timeout")
        step.then = _parse_then(st.get("then", []), i, parts, err, line_of, duration)
        steps.append(step)
    return steps


def _parse_then(raw, i: int, parts: dict, err, line_of, duration) -> list[StepAction]:
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise err("then is a list of actions", "steps", i, "then",
                  hint='then = [{ part = "btn", action = "press", after = "10ms" }]')
    out = []
    line = line_of("steps", i, "then")
    for j, act in enumerate(raw):
        where = f"then[{j}]"
        if not isinstance(act, dict):
            raise err(f"{where}: each action is a table", "steps", i, "then",
                      hint='{ part = "btn", action = "press" }')
        if "part" not in act:
            raise err(f"{where}: action without 'part'", "steps", i, "then")
        pid = act["part"]
        if pid not in parts:
            guess = nearest(str(pid), parts)
            raise err(f"{where}: unknown part '{pid}'", "steps", i, "then",
                      hint=f"did you mean '{guess}'?" if guess else f"parts: {', '.join(parts) or 'none'}")
        cls = PARTS[parts[pid]]
        if "set" in act:
            extra = [k for k in act if k not in ("part", "set", "after")]
            if extra:
                raise err(f"{where}: set = {{...}} takes no other arguments ({', '.join(extra)})", "steps", i, "then")
            action, args = "set", act["set"]
            if not isinstance(args, dict):
                raise err(f"{where}: set = {{ ... }} takes a table of parameters", "steps", i, "then")
            for key, value in args.items():
                try:
                    cls.parse_param(key, value)
                except IrqsimError as exc:
                    raise err(f"{where}: {exc.message}", "steps", i, "then", hint=exc.hint) from None
        else:
            action = act.get("action")
            if action not in cls.actions:
                guess = nearest(str(action), cls.actions)
                raise err(f"{where}: part '{pid}' ({cls.type_name}) has no action '{action}'", "steps", i, "then",
                          hint=(f"did you mean '{guess}'? " if guess else "") + f"actions: {', '.join(cls.actions)}")
            args = {k: v for k, v in act.items() if k not in THEN_KEYS}
        after = duration(act.get("after", "0s"), f"{where}.after", "steps", i, "then")
        out.append(StepAction(after, pid, action, args, line))
    return out
