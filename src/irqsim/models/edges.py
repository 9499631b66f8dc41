"""Pulse trains for the declared-cost models: rising and falling edge times in picoseconds."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class PulseTrain:
    rise_ps: list[int]
    fall_ps: list[int]

    def __len__(self) -> int:
        return len(self.rise_ps)


def pulse_train(period_ps: int, window_ps: int, *, duty: float = 0.5, start_ps: int | None = None,
                jitter_ps: int = 0, seed: int = 0) -> PulseTrain:
    """A square wave of ``period_ps``, first rising edge at ``start_ps`` (default: a quarter
    period, so no edge sits on t=0), every edge displaced by up to +/- ``jitter_ps`` drawn
    from a stream seeded by ``seed`` (same seed, same edges)."""
    rng = random.Random(f"pulse-train:{seed}")
    high_ps = max(1, round(period_ps * duty))
    t0 = period_ps // 4 if start_ps is None else start_ps
    rise, fall = [], []
    k = 0
    last = -1
    while True:
        base = t0 + k * period_ps
        if base >= window_ps:
            break
        r = base + (rng.randint(-jitter_ps, jitter_ps) if jitter_ps else 0)
        f = base + high_ps + (rng.randint(-jitter_ps, jitter_ps) if jitter_ps else 0)
        r = max(r, last + 1)
        f = max(f, r + 1)
        rise.append(r)
        fall.append(f)
        last = f
        k += 1
    return PulseTrain(rise, fall)
