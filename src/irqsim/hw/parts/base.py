"""The part protocol: declared pins and parameters, wiring, actions on a timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...errors import ScenarioError, nearest
from ...units import parse_distance_um, parse_duration, parse_time_or_frequency

PARTS: dict[str, type[Part]] = {}


def register(name: str):
    def deco(cls):
        cls.type_name = name
        PARTS[name] = cls
        return cls
    return deco


@dataclass(frozen=True)
class Param:
    kind: str            # "duration" | "period" | "distance" | "int" | "float" | "bool" | "level" | "str" | "list"
    default: Any = None
    doc: str = ""

    def parse(self, value, what: str):
        if self.kind == "duration":
            return parse_duration(value, what)
        if self.kind == "period":
            return parse_time_or_frequency(value, what)
        if self.kind == "distance":
            return parse_distance_um(value, what)
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ScenarioError(f"{what} must be a whole number, got {value!r}")
            return value
        if self.kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ScenarioError(f"{what} must be a number, got {value!r}")
            return float(value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ScenarioError(f"{what} must be true or false, got {value!r}")
            return value
        if self.kind == "level":
            if value in (0, 1, True, False):
                return int(value)
            raise ScenarioError(f"{what} must be 0 or 1, got {value!r}")
        if self.kind == "fraction":
            if isinstance(value, str) and value.endswith("%"):
                try:
                    value = float(value[:-1]) / 100
                except ValueError:
                    raise ScenarioError(f"cannot read {what} {value!r}") from None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ScenarioError(f"{what} must be a fraction 0..1 or a percentage like \"50%\", got {value!r}")
            return float(value)
        return value


@dataclass
class PartContext:
    """What a part may use: the kernel, the GPIO bank, the clock, a random stream, the log."""

    kernel: Any
    gpio: Any
    clock: Callable[[], int]
    rng: Any
    log: Any
    files_dir: Any = None
    wires: dict[str, int] = field(default_factory=dict)


class Part:
    type_name = "part"
    pins: tuple[str, ...] = ()
    params: dict[str, Param] = {}
    actions: tuple[str, ...] = ("set",)

    def __init__(self, part_id: str, attrs: dict, ctx: PartContext) -> None:
        self.id = part_id
        self.ctx = ctx
        self.k = ctx.kernel
        self.gpio = ctx.gpio
        values = {name: (p.parse(p.default, f"{self.type_name}.{name}") if p.default is not None else None)
                  for name, p in self.params.items()}
        for key, raw in attrs.items():
            values[key] = self.parse_param(key, raw)
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    def parse_param(cls, key: str, raw):
        param = cls.params.get(key)
        if param is None:
            guess = nearest(key, cls.params)
            raise ScenarioError(f"part type '{cls.type_name}' has no parameter '{key}'",
                                hint=(f"did you mean '{guess}'? " if guess else "") +
                                f"parameters: {', '.join(cls.params) or 'none'}")
        return param.parse(raw, f"{cls.type_name}.{key}")

    # -- wiring ----------------------------------------------------------------------------
    def gpio_of(self, pin: str) -> int | None:
        return self.ctx.wires.get(pin)

    def drive(self, pin: str, level: int | None) -> None:
        num = self.ctx.wires.get(pin)
        if num is not None:
            self.gpio.drive(num, level, self.id)

    def watch(self, pin: str, fn: Callable[[int], None]) -> None:
        num = self.ctx.wires.get(pin)
        if num is not None:
            self.gpio.pin(num).listeners.append(lambda _n, level: fn(level))

    def now(self) -> int:
        return self.ctx.clock()

    def at(self, t_ns: int, fn, *args):
        k = self.k
        return k.schedule_at(t_ns if t_ns > k.now_ns else k.now_ns, fn, *args)

    def after(self, delay_ns: int, fn, *args):
        return self.k.schedule_at(self.now() + delay_ns, fn, *args)

    # -- lifecycle -------------------------------------------------------------------------
    def begin(self) -> None:
        """Drive initial levels and schedule the first events (time 0)."""

    def set(self, **attrs) -> None:
        """Timeline action: change parameters from now on."""
        for key, raw in attrs.items():
            setattr(self, key, self.parse_param(key, raw))
        self.changed()

    def changed(self) -> None:
        """Called after ``set``; parts that schedule ahead re-plan here."""

    def summary(self) -> dict:
        return {}
