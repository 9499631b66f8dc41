"""examples/pio: every scenario passes its expectations, byte-identical on a rerun, and the
lesson's "100 kHz encoder: impossible in MicroPython, fine with PIO" comes out of the runs."""

import json
import os
import subprocess
import sys

import pytest

from irqsim.sim import build

from .conftest import EXAMPLES

SCENARIOS = sorted(p.name for p in EXAMPLES.glob("*.toml"))


@pytest.mark.parametrize("name", SCENARIOS)
def test_example_scenario_passes(name):
    r = build(EXAMPLES / name).run()
    assert r.firmware_error is None
    assert r.expectations and all(e["passed"] for e in r.expectations), r.expectations


def test_pio_counts_every_edge_where_the_python_irq_cannot():
    pio = build(EXAMPLES / "encoder_pio.toml").run()
    irq = build(EXAMPLES / "encoder_irq.toml").run()
    enc = pio.parts["enc"]
    assert enc["transitions"] == 10_000 and enc["detents"] == 1500
    net_edges = 4 * enc["detents"]
    assert pio.stdout[-1][1] == f"count {net_edges}"          # zero misses
    final_irq = int(irq.stdout[-1][1].split()[1])
    assert abs(final_irq - net_edges) > net_edges // 2         # the Python count is far off
    lost = sum(1 for rec in irq.log.records() if rec[1] == "lost")
    assert lost > 5000                                         # edges merged in their latch
    assert not any(rec[1] == "lost" for rec in pio.log.records())


def test_pio_example_is_deterministic_across_processes(tmp_path):
    cmd = [sys.executable, "-m", "irqsim", "run", str(EXAMPLES / "encoder_pio.toml"), "--json", "--quiet"]
    outs = []
    for hashseed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        assert res.returncode == 0, res.stderr
        outs.append(res.stdout)
    assert outs[0] == outs[1]
    assert json.loads(outs[0])
