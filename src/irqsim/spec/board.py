"""Board profiles: TOML data files with cited numbers, one per chip, ``extends`` for variants."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ScenarioError, nearest

C_WORK_KEYS = ("hard_dispatch_cycles", "hard_return_cycles", "soft_isr_cycles", "sched_run_cycles",
               "sched_return_cycles", "wake_cycles", "timer_isr_cycles")


@dataclass
class Board:
    name: str
    chip: str
    core: str
    clock_hz: int
    gpio_count: int
    interrupts: dict
    micropython: dict
    vm: dict
    calls: dict
    source: str = ""
    raw: dict = field(default_factory=dict)

    def cycles_to_ns(self, cycles: float) -> int:
        """Whole ns for a cycle count, rounded half-even once per static cost."""
        return round(cycles * 1_000_000_000 / self.clock_hz)


def board_names() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files("irqsim.boards").iterdir() if p.name.endswith(".toml"))


def _raw(name: str) -> tuple[dict, str]:
    files = resources.files("irqsim.boards")
    for path in files.iterdir():
        if not path.name.endswith(".toml"):
            continue
        data = tomllib.loads(path.read_text())
        if name in (path.name[:-5], data.get("name"), *data.get("aliases", [])):
            return data, path.name
    p = Path(name)
    if p.suffix == ".toml" and p.exists():
        return tomllib.loads(p.read_text()), str(p)
    known = board_names() + [n for n in _all_aliases()]
    guess = nearest(name, known)
    raise ScenarioError(f"unknown board {name!r}",
                        hint=(f"did you mean {guess!r}? " if guess else "") + f"boards: {', '.join(sorted(set(known)))}")


def _all_aliases() -> list[str]:
    out = []
    for path in resources.files("irqsim.boards").iterdir():
        if path.name.endswith(".toml"):
            data = tomllib.loads(path.read_text())
            out += [data.get("name", "")] + data.get("aliases", [])
    return [o for o in out if o]


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _check_overrides(data: dict, overrides, where: str = "board") -> None:
    """A typo or a wrong type in ``--set board.x.y`` / ``[board_overrides]`` is an error with
    a "did you mean", not a silently ignored key or a ValueError deep inside the run."""
    if not isinstance(overrides, dict):
        raise ScenarioError(f"{where} overrides must be a table, got {overrides!r}",
                            hint="e.g. --set board.micropython.heap_bytes=200000")
    for key, value in overrides.items():
        path = f"{where}.{key}"
        if key not in data:
            guess = nearest(key, data)
            raise ScenarioError(f"unknown board setting '{path}'",
                                hint=(f"did you mean '{where}.{guess}'? " if guess else "")
                                + f"keys here: {', '.join(sorted(map(str, data)))}")
        base = data[key]
        if isinstance(base, dict):
            _check_overrides(base, value, path)
        elif isinstance(base, (int, float)) and not isinstance(base, bool) and (
                isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ScenarioError(f"{path} must be a number, got {value!r}", hint=f"the profile has {path} = {base!r}")


def load_board(name: str, overrides: dict | None = None, *, micropython: bool = True) -> Board:
    """``micropython=False`` also accepts bare-metal-only profiles (no [micropython] section)."""
    data, source = _raw(name)
    if "extends" in data:
        parent, _ = _raw(data["extends"])
        scale = float(data.get("cycle_scale", 1.0))
        if scale != 1.0:
            parent = dict(parent)
            parent["vm"] = {k: v * scale for k, v in parent["vm"].items()}
            parent["calls"] = {k: v * scale for k, v in parent["calls"].items()}
            parent["micropython"] = {k: (v * scale if k in C_WORK_KEYS else v)
                                     for k, v in parent["micropython"].items()}
        data = _merge(parent, {k: v for k, v in data.items() if k not in ("extends", "cycle_scale")})
    if overrides:
        _check_overrides(data, overrides)
        data = _merge(data, overrides)
    if micropython and "micropython" not in data:
        raise ScenarioError(f"board {name!r} ({data.get('chip', '?')}) has no MicroPython port in irqsim",
                            hint="use it with the execution models of `irqsim lab limits --board`; "
                                 "for firmware pick a MicroPython board (see `irqsim boards`)")
    return Board(name=data["name"], chip=data["chip"], core=data["core"], clock_hz=int(data["clock_hz"]),
                 gpio_count=int(data["gpio_count"]), interrupts=data["interrupts"],
                 micropython=data.get("micropython", {}), vm=data.get("vm", {}), calls=data.get("calls", {}),
                 source=source, raw=data)
