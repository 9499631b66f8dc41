"""``random``: MicroPython's subset, drawn from the run's seeded 'firmware' stream."""

from __future__ import annotations

from types import ModuleType


def build(port) -> ModuleType:
    rng = port.system.rng.stream("firmware.random")
    mod = ModuleType("random")
    mod.getrandbits = rng.getrandbits
    mod.seed = rng.seed
    mod.randint = rng.randint
    mod.randrange = rng.randrange
    mod.choice = rng.choice
    mod.random = rng.random
    mod.uniform = rng.uniform
    return mod
