"""The points of a sweep: a grid or a seeded random sample of the axes, times the seeds.

Each point has a stable key: a hash of the scenario's and firmware's bytes, the parameter
values and the seed. The key names the row in the results table, so a re-run skips points
already computed and a changed firmware makes new points instead of reusing stale rows.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import IrqsimError
from .params import Axis, ParamError, snap, split_quantity


@dataclass(frozen=True)
class Point:
    key: str
    params: tuple          # ((name, value), ...) in --param order
    seed: int



def scenario_digest(scenario: Path) -> str:
    """Hash of the scenario file and every .py beside its firmware (local modules included)."""
    import tomllib

    h = hashlib.sha256()
    text = scenario.read_bytes()
    h.update(text)
    try:
        firmware = tomllib.loads(text.decode("utf-8")).get("firmware")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        firmware = None
    if firmware:
        fw = (scenario.parent / str(firmware)).resolve()
        for py in sorted(fw.parent.glob("*.py")):
            h.update(py.name.encode())
            h.update(py.read_bytes())
    return h.hexdigest()


def point_key(digest: str, params: tuple, seed: int) -> str:
    doc = json.dumps({"scenario": digest, "params": [[n, v] for n, v in params], "seed": seed},
                     sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(doc.encode()).hexdigest()[:16]


def parse_seeds(text: str | int | None, base: int) -> list[int]:
    """``--seeds 5`` -> base..base+4; ``--seeds 3,7,11`` -> exactly those."""
    if text is None:
        return [base]
    text = str(text).strip()
    try:
        if "," in text:
            return sorted({int(s) for s in text.split(",") if s.strip()})
        n = int(text)
    except ValueError:
        raise IrqsimError(f"--seeds {text!r}: expected a count or a list of seeds", hint="e.g. --seeds 5 or --seeds 1,2,3") from None
    if n < 1:
        raise IrqsimError("--seeds must be at least 1")
    return list(range(base, base + n))


def parse_sample(text: str | None) -> int | None:
    """``grid`` (None) or ``random:N``."""
    if text in (None, "", "grid"):
        return None
    kind, _, n = text.partition(":")
    if kind != "random" or not n.isdigit() or int(n) < 1:
        raise IrqsimError(f"--sample {text!r}: expected grid or random:N", hint="e.g. --sample random:200")
    return int(n)


def plan(axes: list[Axis], seeds: list[int], digest: str, *, sample: int | None = None,
         sample_seed: int = 0) -> list[Point]:
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise ParamError("the same parameter is swept twice", hint=", ".join(names))
    if sample is None:
        combos = list(itertools.product(*(a.values for a in axes)))
    else:
        rng = random.Random(f"irqsim-sweep-sample-{sample_seed}")
        combos = []
        for _ in range(sample):
            combo = tuple(_draw(a, rng) for a in axes)
            if combo not in combos:
                combos.append(combo)
    points = []
    for combo in combos:
        params = tuple(zip(names, combo, strict=True))
        for seed in seeds:
            points.append(Point(point_key(digest, params, seed), params, seed))
    return points


def _draw(axis: Axis, rng: random.Random):
    if axis.mode is None:
        return axis.values[rng.randrange(len(axis.values))]
    u = Decimal(repr(rng.random()))
    lo, hi = axis.low, axis.high
    if axis.mode == "log":
        value = Decimal(math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * float(u)))
    else:
        value = lo + (hi - lo) * u
    family = split_quantity(f"1{axis.unit}")[2] if axis.unit else None
    return snap(value, axis.unit or "", family, sig=3)
