"""Every example in examples/peripherals passes its own expectations."""

from pathlib import Path

import pytest

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "examples" / "peripherals").glob("*.toml"))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_example_scenario_passes(scenario):
    import irqsim

    result = irqsim.run(scenario)
    assert result.firmware_error is None
    assert [e for e in result.expectations if not e["passed"]] == []
    assert result.exit_code == 0
