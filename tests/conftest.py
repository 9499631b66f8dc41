"""Shared helpers: run firmware text or a scenario and get the Result."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"


@pytest.fixture
def run_fw(tmp_path):
    """run_fw(source, duration="1s", parts=..., wires=..., board="pico2") -> Result."""
    from irqsim.sim import Simulation
    from irqsim.spec.scenario import PartSpec, Scenario, Stimulus

    def run(source: str, *, duration_ns: int = 1_000_000_000, parts=(), wires=None, board="pico2",
            stimuli=(), seed=1, name="main.py", scheduler_depth=None, files=None):
        fw = tmp_path / name
        fw.write_text(textwrap.dedent(source))
        for fname, text in (files or {}).items():
            (tmp_path / fname).write_text(textwrap.dedent(text))
        sc = Scenario(path=None, firmware=fw.resolve(), board=board, duration_ns=duration_ns, seed=seed,
                      parts=[PartSpec(*p, None) if not isinstance(p, PartSpec) else p for p in parts],
                      wires=wires or {}, stimuli=[Stimulus(*s, None) for s in stimuli],
                      scheduler_depth=scheduler_depth)
        return Simulation(sc).run()

    return run


def lines(result) -> list[str]:
    return [text for _, text in result.stdout]
