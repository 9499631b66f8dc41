"""Scenario files: board, firmware, duration, seed, parts, wiring, stimuli, expectations.

A scenario is TOML (schema 1)::

    schema = 1
    board = "pico2"
    firmware = "button_flag.py"
    duration = "1s"
    seed = 1
    wires = [["btn:pin", "GP16"]]

    [[parts]]
    id = "btn"
    type = "button"
    bounce = "1ms"

    [[stimuli]]
    at = "100ms"
    part = "btn"
    action = "press"
    hold = "30ms"

``fs = "flash/"`` copies that directory into the board's in-memory flash filesystem at
the start (mpy/vfs.py; the host directory is only read); ``irqsim run --json`` reports the
files after the run and ``--fs-out DIR`` writes them out.

Every duration carries a unit; every mistake is reported as ``file:line: message`` with a
hint (the nearest valid key or part type).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IrqsimError, ScenarioError, nearest
from ..hw.parts import PARTS
from ..units import parse_duration
from .locate import Locator

SCHEMA = 1
TOP_KEYS = {"schema", "board", "firmware", "duration", "seed", "wires", "parts", "stimuli", "expect",
            "board_overrides", "scheduler_depth", "description", "heap", "steps", "lib", "c_handlers", "fs"}
STIMULUS_KEYS = {"at", "part", "action"}
_EXPECT_KINDS = ("stdout", "not_stdout", "pin", "handler", "no_violations", "no_lost_edges")
EXPECT_KEYS = {"stdout", "before", "after", "not_stdout", "handler", "count", "min_count", "max_count",
               "pin", "level", "at", "max_latency", "no_violations", "no_lost_edges", "exit_code", "source"}


_SIZE = re.compile(r"(\d+(\.\d*)?|\.\d+)\s*(KB|K|B)")   # sizes as sim._parse_bytes reads them

# Top-level keys whose TOML type is fixed: a wrong type is a file:line error here, not a
# TypeError deep in the run (e.g. `parts = 3`, `heap = 3`, `board_overrides = 3`).
_KEY_TYPES = {
    "parts": (list, "[[parts]] sections"),
    "stimuli": (list, "[[stimuli]] sections"),
    "expect": (list, "[[expect]] sections"),
    "heap": (dict, 'heap = { extra_live = "80KB" }'),
    "board_overrides": (dict, "[board_overrides.micropython] with heap_bytes = 200000"),
    "firmware": (str, 'firmware = "main.py"'),
    "board": (str, 'board = "pico2"'),
}


@dataclass
class PartSpec:
    id: str
    type: str
    attrs: dict
    line: int | None


@dataclass
class Stimulus:
    at_ns: int
    part: str
    action: str
    args: dict
    line: int | None


@dataclass
class Scenario:
    path: Path | None
    firmware: Path
    board: str = "pico2"
    duration_ns: int = 1_000_000_000
    seed: int = 0
    parts: list[PartSpec] = field(default_factory=list)
    wires: dict[str, dict[str, int]] = field(default_factory=dict)   # part id -> {pin: gpio}
    stimuli: list[Stimulus] = field(default_factory=list)
    expect: list[dict] = field(default_factory=list)
    board_overrides: dict = field(default_factory=dict)
    scheduler_depth: int | None = None
    c_handlers: dict[str, int] = field(default_factory=dict)  # handler name -> declared C cost, cycles
    heap: dict = field(default_factory=dict)
    lib: list[Path] = field(default_factory=list)  # extra import directories (MicroPython's /lib)
    fs: Path | None = None   # directory copied into the board's flash filesystem at the start (mpy/vfs.py)
    raw: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)   # spec.steps.Step, run by irqsim.steps


def default_scenario(firmware: Path) -> Scenario:
    return Scenario(path=None, firmware=firmware)


def parse_gpio(text, what: str) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, str):
        t = text.strip().upper()
        for prefix in ("GPIO", "GP"):
            if t.startswith(prefix) and t[len(prefix):].isdigit():
                return int(t[len(prefix):])
        if t.isdigit():
            return int(t)
        if t == "LED":
            return 25
    raise ScenarioError(f"unknown pin {text!r} in {what}", hint='write a GPIO as "GP15" (or 15)')


def load_scenario(path: Path, overrides: dict | None = None) -> Scenario:
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario: {exc.strerror}", file=file) from None
    except UnicodeDecodeError:
        raise ScenarioError("scenario is not UTF-8 text", file=file,
                            hint="a scenario is a TOML text file; irqsim run also takes a firmware .py") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = None
        import re

        m = re.search(r"line (\d+)", msg)
        if m:
            line = int(m.group(1))
        raise ScenarioError(f"not valid TOML: {msg}", file=file, line=line,
                            hint="check quotes and brackets; durations are strings such as \"10ms\"") from None
    loc = Locator(text)
    if overrides:
        data = apply_overrides(data, overrides)
    return build_scenario(data, path, loc)


def apply_overrides(data: dict, overrides: dict) -> dict:
    """``--set`` values: 'duration', 'seed', 'parts.<id>.<attr>', 'board.<section>.<key>'."""
    import copy

    data = copy.deepcopy(data)
    for key, value in overrides.items():
        parts = key.split(".")
        if key in ("parts+", "wires+", "stimuli+"):   # irqsim run --part/--at (cli/attach.py): append
            data.setdefault(key[:-1], [])
            if isinstance(data[key[:-1]], list):
                data[key[:-1]].extend(copy.deepcopy(value))
        elif parts[0] == "parts" and len(parts) == 3:
            for part in data.get("parts", []):
                if part.get("id") == parts[1]:
                    part[parts[2]] = value
                    break
            else:
                ids = [p.get("id") for p in data.get("parts", [])]
                guess = nearest(parts[1], ids)
                raise ScenarioError(f"--set {key}: no part with id '{parts[1]}'",
                                    hint=(f"did you mean '{guess}'? " if guess else "") + f"parts: {', '.join(map(str, ids))}")
        elif parts[0] == "board" and len(parts) == 3:
            data.setdefault("board_overrides", {}).setdefault(parts[1], {})[parts[2]] = value
        elif len(parts) == 1:
            data[key] = value
        else:
            raise ScenarioError(f"--set {key}: cannot set that key",
                                hint="use duration=..., seed=..., parts.<id>.<attr>=..., board.<section>.<key>=...")
    return data


def _other_file_kind(data: dict) -> tuple[str, str] | None:
    """TOML files in examples/ that are not scenarios, recognised by their keys."""
    if {"tasks", "semaphores", "mutexes"} & set(data) or "python" in data:
        return "an RTOS task set", "run it with: irqsim lab rta {file}  (docs/rtos.md)"
    if "scenario" in data and "title" in data:
        return "a grading suite", "use it with: irqsim grade SUBMISSIONS --suite {file}  (docs/sweep.md)"
    if isinstance(data.get("micropython"), dict) and "scenario_big" in data["micropython"]:
        return "a lab configuration", "the labs read it themselves: irqsim lab --help  (docs/labs.md)"
    return None


def build_scenario(data: dict, path: Path, loc: Locator) -> Scenario:
    file = str(path)

    def err(msg, *keypath, hint=None):
        return ScenarioError(msg, file=file, line=loc.line(*keypath), hint=hint)

    other = _other_file_kind(data)
    for key in data:
        if key not in TOP_KEYS and other:
            raise err(f"unknown key '{key}': this looks like {other[0]}, not a firmware scenario", key,
                      hint=other[1].format(file=file))
        if key in ("micropython", "interrupts", "vm", "calls", "budgets"):   # a board profile section
            raise err(f"unknown key '{key}'", key, hint=f"board settings go under [board_overrides.{key}] "
                      f"(or --set board.{key}.KEY=VALUE); `irqsim boards` lists the profiles")
        if key not in TOP_KEYS:
            guess = nearest(key, TOP_KEYS)
            raise err(f"unknown key '{key}'", key, hint=f"did you mean '{guess}'?" if guess else
                      f"valid keys: {', '.join(sorted(TOP_KEYS))}")
    for key, (types, example) in _KEY_TYPES.items():
        if key in data and not isinstance(data[key], types):
            raise err(f"'{key}' has the wrong type ({type(data[key]).__name__})", key, hint=f"write e.g. {example}")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise err(f"unsupported schema {schema!r}", "schema", hint=f"this irqsim reads schema = {SCHEMA}")
    if "firmware" not in data:
        raise err("missing key 'firmware'", hint='add firmware = "main.py" (a path relative to the scenario)')
    firmware = (path.parent / str(data["firmware"])).resolve()
    if not firmware.exists():
        raise err(f"firmware file not found: {data['firmware']}", "firmware",
                  hint="the path is relative to the scenario file")

    def duration(key, value, *keypath):
        try:
            return parse_duration(value, key)
        except IrqsimError as exc:
            raise err(exc.message, *keypath, hint=exc.hint) from None

    sc = Scenario(path=path, firmware=firmware, raw=data)
    sc.board = str(data.get("board", "pico2"))
    if "duration" in data:
        sc.duration_ns = duration("duration", data["duration"], "duration")
    seed = data.get("seed", 0)
    if isinstance(seed, str) and seed.isdigit():
        seed = int(seed)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise err(f"seed must be a whole number, got {seed!r}", "seed")
    sc.seed = seed
    sc.board_overrides = data.get("board_overrides", {})
    sc.scheduler_depth = data.get("scheduler_depth")
    c_handlers = data.get("c_handlers", {})
    if not isinstance(c_handlers, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in c_handlers.values()):
        raise err("c_handlers maps handler names to a cost in CPU cycles", "c_handlers",
                  hint='e.g. c_handlers = { on_pulse = 120 }  # "what if this handler were C?"')
    sc.c_handlers = dict(c_handlers)
    if sc.scheduler_depth is not None and (not isinstance(sc.scheduler_depth, int) or sc.scheduler_depth < 1):
        raise err("scheduler_depth must be a positive whole number", "scheduler_depth",
                  hint="8 on rp2 (real MicroPython); 1 models the lesson's 'one pending call'")
    sc.heap = data.get("heap", {})
    for key, value in sc.heap.items():   # read by sim._parse_bytes; checked here so `irqsim check` sees it
        if key != "extra_live":
            raise err(f"unknown heap key '{key}'", "heap", hint='heap = { extra_live = "80KB" }')
        if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0) and not (
                isinstance(value, str) and _SIZE.fullmatch(value.strip().upper())):
            raise err(f"cannot read a size from {value!r}", "heap", hint='write e.g. "40KB"')
    lib = data.get("lib", [])
    if isinstance(lib, str):
        lib = [lib]
    if not isinstance(lib, list) or not all(isinstance(x, str) for x in lib):
        raise err("lib must be a list of directories", "lib", hint='e.g. lib = ["../drivers"]')
    for entry in lib:
        d = (path.parent / entry).resolve()
        if not d.is_dir():
            raise err(f"lib directory not found: {entry}", "lib", hint="paths are relative to the scenario file")
        sc.lib.append(d)
    if "fs" in data:
        if not isinstance(data["fs"], str):
            raise err("fs must be a directory", "fs", hint='e.g. fs = "flash/" (copied into the board\'s filesystem)')
        fs_dir = (path.parent / data["fs"]).resolve()
        if not fs_dir.is_dir():
            raise err(f"fs directory not found: {data['fs']}", "fs", hint="the path is relative to the scenario file")
        sc.fs = fs_dir

    # parts
    ids = set()
    for i, part in enumerate(data.get("parts", [])):
        if not isinstance(part, dict):
            raise err("each [[parts]] entry is a table", "parts", i)
        pid = part.get("id")
        ptype = part.get("type")
        if not pid:
            raise err("part without an id", "parts", i, hint='add id = "name"')
        if not isinstance(pid, str):
            raise err(f"part id {pid!r} is not a string", "parts", i, "id", hint='write id = "btn"')
        if pid in ids:
            raise err(f"duplicate part id '{pid}'", "parts", i, "id")
        ids.add(pid)
        if ptype not in PARTS:
            guess = nearest(str(ptype), PARTS)
            raise err(f"unknown part type '{ptype}'", "parts", i, "type",
                      hint=(f"did you mean '{guess}'? " if guess else "") + f"part types: {', '.join(sorted(PARTS))}")
        attrs = {k: v for k, v in part.items() if k not in ("id", "type")}
        cls = PARTS[ptype]
        for key, value in attrs.items():
            try:
                cls.parse_param(key, value)
            except IrqsimError as exc:
                raise err(exc.message, "parts", i, key, hint=exc.hint) from None
        sc.parts.append(PartSpec(pid, ptype, attrs, loc.line("parts", i)))

    # wiring
    by_id = {p.id: p for p in sc.parts}
    wires = data.get("wires", [])
    if not isinstance(wires, list):
        raise err("wires must be a list of [\"part:pin\", \"GPn\"] pairs", "wires")
    for pair in wires:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, (str, int)) for x in pair)):
            raise err(f"bad wire {pair!r}", "wires", hint='write ["part:pin", "GP15"]')
        a, b = pair
        if isinstance(a, str) and ":" not in a and isinstance(b, str) and ":" in b:
            a, b = b, a
        if not isinstance(a, str) or ":" not in a:
            raise err(f"bad wire {pair!r}: one end must be 'part:pin'", "wires", hint='write ["part:pin", "GP15"]')
        pid, pin = a.split(":", 1)
        if pid not in by_id:
            guess = nearest(pid, by_id)
            raise err(f"wire names unknown part '{pid}'", "wires",
                      hint=f"did you mean '{guess}'?" if guess else f"parts: {', '.join(by_id) or 'none'}")
        cls = PARTS[by_id[pid].type]
        if pin not in cls.pins:
            guess = nearest(pin, cls.pins)
            raise err(f"part '{pid}' ({cls.type_name}) has no pin '{pin}'", "wires",
                      hint=(f"did you mean '{guess}'? " if guess else "") + f"pins: {', '.join(cls.pins)}")
        try:
            gpio = parse_gpio(b, "wires")
        except ScenarioError as exc:
            raise err(exc.message, "wires", hint=exc.hint) from None
        sc.wires.setdefault(pid, {})[pin] = gpio

    # stimuli
    for i, st in enumerate(data.get("stimuli", [])):
        if not isinstance(st, dict):
            raise err("each [[stimuli]] entry is a table", "stimuli", i)
        for key in ("at", "part"):
            if key not in st:
                raise err(f"stimulus without '{key}'", "stimuli", i)
        pid = st["part"]
        if pid not in by_id:
            guess = nearest(str(pid), by_id)
            raise err(f"stimulus names unknown part '{pid}'", "stimuli", i, "part",
                      hint=f"did you mean '{guess}'?" if guess else f"parts: {', '.join(by_id) or 'none'}")
        cls = PARTS[by_id[pid].type]
        if "set" in st:
            action, args = "set", st["set"]
            if not isinstance(args, dict):
                raise err("set = { ... } takes a table of parameters", "stimuli", i, "set")
            for key, value in args.items():
                try:
                    cls.parse_param(key, value)
                except IrqsimError as exc:
                    raise err(exc.message, "stimuli", i, "set", hint=exc.hint) from None
        else:
            action = st.get("action")
            if action not in cls.actions:
                guess = nearest(str(action), cls.actions)
                raise err(f"part '{pid}' ({cls.type_name}) has no action '{action}'", "stimuli", i, "action",
                          hint=(f"did you mean '{guess}'? " if guess else "") + f"actions: {', '.join(cls.actions)}")
            args = {k: v for k, v in st.items() if k not in STIMULUS_KEYS}
        at = duration("at", st["at"], "stimuli", i, "at")
        sc.stimuli.append(Stimulus(at, pid, action, args, loc.line("stimuli", i)))

    for i, ex in enumerate(data.get("expect", [])):
        if not isinstance(ex, dict):
            raise err("each [[expect]] entry is a table", "expect", i)
        for key in ex:
            if key not in EXPECT_KEYS:
                guess = nearest(key, EXPECT_KEYS)
                raise err(f"unknown expectation key '{key}'", "expect", i, key,
                          hint=f"did you mean '{guess}'?" if guess else f"keys: {', '.join(sorted(EXPECT_KEYS))}")
        if not any(k in ex for k in _EXPECT_KINDS):
            # expect.py passes an entry it cannot classify: refuse it here instead
            raise err(f"[[expect]] needs one of {', '.join(_EXPECT_KINDS)}", "expect", i,
                      hint='e.g. stdout = "press 3", or handler = "on_press" with count = 3')
        ex = dict(ex)
        ex["_line"] = loc.line("expect", i)
        for key in ("before", "after", "at", "max_latency"):
            if key in ex:
                ex[key + "_ns"] = duration(key, ex[key], "expect", i, key)
        sc.expect.append(ex)

    if "steps" in data:
        from .steps import parse_steps

        sc.steps = parse_steps(data["steps"], {p.id: p.type for p in sc.parts}, err, loc.line)
    return sc
