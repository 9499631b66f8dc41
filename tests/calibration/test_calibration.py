"""Every reference measurement of real MicroPython (calibration/reference.toml) is
reproduced within +/-20% by running the exact measured script on the RP2040 profile."""

from pathlib import Path

import pytest

from irqsim.calibrate import compare

ROOT = Path(__file__).resolve().parents[2]
ROWS = compare(ROOT / "calibration", board="pico")


@pytest.mark.parametrize("script,key,ref,sim,err", ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_within_20_percent(script, key, ref, sim, err):
    assert sim is not None, f"{script} did not produce {key}"
    assert abs(err) <= 0.20, f"{script} {key}: simulated {sim:.2f} vs measured {ref:.2f} ({err:+.1%})"


def test_rp2350_is_faster_than_rp2040_for_the_same_script():
    from irqsim.calibrate import latency

    slow = latency(ROOT / "calibration" / "lat-hard-idle.py", "pico")["median"]
    fast = latency(ROOT / "calibration" / "lat-hard-idle.py", "pico2")["median"]
    assert fast < 0.7 * slow
