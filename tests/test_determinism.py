"""Same firmware + scenario + seed -> byte-identical --json, also under another PYTHONHASHSEED."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ["examples/seed/encoder_limits_gc.toml", "examples/seed/safe_pattern_latency.toml"]


def run(path: str, hashseed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    out = subprocess.run([sys.executable, "-m", "irqsim", "run", path, "--json", "--duration", "300ms"],
                         cwd=ROOT, env=env, capture_output=True, check=False)
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.stdout


def test_byte_identical_json_across_runs_and_hash_seeds():
    for case in CASES:
        a = run(case, "0")
        b = run(case, "0")
        c = run(case, "12345")
        assert a == b == c
        assert len(a) > 500


def test_a_different_seed_changes_a_random_scenario():
    env = dict(os.environ)
    base = [sys.executable, "-m", "irqsim", "run", "examples/seed/safe_pattern_latency.toml", "--json"]
    a = subprocess.run(base + ["--seed", "1"], cwd=ROOT, env=env, capture_output=True).stdout
    b = subprocess.run(base + ["--seed", "2"], cwd=ROOT, env=env, capture_output=True).stdout
    assert a != b
