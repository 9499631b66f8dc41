"""A grading suite: which scenarios every submission runs, their weights and the limits.

::

    schema = 1
    title = "Lab 3: counting encoder pulses"
    firmware = "main.py"          # the file each submission provides (its main program)

    [limits]                      # per run of one submission against one scenario
    cpu = "20s"                   # CPU time (RLIMIT_CPU in the worker process)
    memory = "1GB"                # address space (RLIMIT_AS)
    wall = "60s"                  # wall-clock timeout, whatever the process does

    [[scenario]]
    name = "counts 1 kHz"
    path = "count_1khz.toml"      # relative to the suite; its [[expect]] entries are the tests
    points = 2
    must_return = true            # main must finish within the scenario's duration

A submission is a directory ``SUBMISSIONS/<student>/`` holding the firmware file (and any
local modules it imports), or a single file ``SUBMISSIONS/<student>.py``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScenarioError, nearest
from ..spec.locate import Locator
from ..units import parse_duration

SUITE_KEYS = {"schema", "title", "firmware", "limits", "scenario", "description"}
SCENARIO_KEYS = {"name", "path", "points", "must_return", "set"}
LIMIT_KEYS = {"cpu", "memory", "wall"}
SIZE = {"KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


@dataclass(frozen=True)
class SuiteScenario:
    name: str
    path: Path
    points: float = 1.0
    must_return: bool = False
    overrides: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Suite:
    path: Path
    title: str
    firmware: str
    scenarios: tuple[SuiteScenario, ...]
    cpu_s: int = 20
    memory_bytes: int = 1024 ** 3
    wall_s: float = 60.0


def parse_size(text, what: str) -> int:
    t = str(text).strip().upper()
    for unit, scale in SIZE.items():
        if t.endswith(unit) and t[: -len(unit)].strip().isdigit():
            return int(t[: -len(unit)]) * scale
    raise ScenarioError(f"{what} {text!r}: expected a size such as \"512MB\" or \"1GB\"")


def load_suite(path: str | Path) -> Suite:
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ScenarioError(f"cannot read suite: {exc.strerror}", file=file) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}", file=file) from None
    loc = Locator(text)

    def err(msg, *keypath, hint=None):
        return ScenarioError(msg, file=file, line=loc.line(*keypath), hint=hint)

    def check_keys(table, allowed, *keypath):
        for key in table:
            if key not in allowed:
                guess = nearest(key, allowed)
                raise err(f"unknown key '{key}'", *keypath, key,
                          hint=f"did you mean '{guess}'?" if guess else f"keys: {', '.join(sorted(allowed))}")

    check_keys(data, SUITE_KEYS)
    if data.get("schema", 1) != 1:
        raise err(f"unsupported schema {data['schema']!r}", "schema", hint="this irqsim reads schema = 1")
    limits = data.get("limits", {})
    check_keys(limits, LIMIT_KEYS, "limits")
    try:
        cpu_s = -(-parse_duration(limits.get("cpu", "20s"), "limits.cpu") // 1_000_000_000)
        wall_s = parse_duration(limits.get("wall", "60s"), "limits.wall") / 1e9
    except ScenarioError as exc:
        raise err(exc.message, "limits", hint=exc.hint) from None
    except Exception as exc:  # UnitError is an IrqsimError; keep the suite's file:line
        raise err(str(getattr(exc, "message", exc)), "limits") from None
    memory = parse_size(limits.get("memory", "1GB"), "limits.memory")
    scenarios = []
    for i, entry in enumerate(data.get("scenario", [])):
        check_keys(entry, SCENARIO_KEYS, "scenario", i)
        if "path" not in entry:
            raise err("scenario without a path", "scenario", i, hint='add path = "some_scenario.toml"')
        sc_path = (path.parent / entry["path"]).resolve()
        if not sc_path.exists():
            raise err(f"scenario file not found: {entry['path']}", "scenario", i, "path",
                      hint="the path is relative to the suite file")
        scenarios.append(SuiteScenario(name=str(entry.get("name", sc_path.stem)), path=sc_path,
                                       points=float(entry.get("points", 1)),
                                       must_return=bool(entry.get("must_return", False)),
                                       overrides=dict(entry.get("set", {}))))
    if not scenarios:
        raise err("a suite needs at least one [[scenario]]", hint='add [[scenario]] with path = "..."')
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise err("scenario names must be unique", "scenario")
    return Suite(path=path, title=str(data.get("title", path.stem)), firmware=str(data.get("firmware", "main.py")),
                 scenarios=tuple(scenarios), cpu_s=max(1, int(cpu_s)), memory_bytes=memory, wall_s=wall_s)


def find_submissions(root: str | Path, firmware: str) -> list[tuple[str, Path]]:
    """(student id, submission path) sorted by id: directories and single .py files."""
    root = Path(root)
    if not root.is_dir():
        raise ScenarioError(f"no such submissions directory: {root}")
    out = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() or entry.suffix == ".py":
            out.append((entry.stem if entry.is_file() else entry.name, entry))
    if not out:
        raise ScenarioError(f"{root}: no submissions (directories or .py files)",
                            hint=f"one directory per student holding {firmware}, or <student>.py")
    return out
