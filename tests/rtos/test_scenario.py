"""TOML task sets: the examples run, and mistakes point at file:line with a hint."""

from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.errors import ScenarioError
from irqsim.rtos.scenario import load_taskset

EXAMPLES = Path(__file__).parents[2] / "examples" / "rtos"


@pytest.mark.parametrize("name", ["motor_control", "python_tasks", "autosar_categories"])
def test_examples_meet_their_bounds(name, capsys):
    assert main(["lab", "rta", str(EXAMPLES / f"{name}.toml")]) == 0
    out = capsys.readouterr().out
    assert "BOUND EXCEEDED" not in out


def test_motor_control_pattern():
    ts = load_taskset(EXAMPLES / "motor_control.toml")
    rt = ts.rtos.run(ts.duration_ns)
    motor = rt.tasks["motor"].stats
    assert motor.jobs == 1000 and motor.misses == 0
    assert rt.isrs["encoder_isr"].stats.jobs == 1000


def test_cat1_example_reports_violation_with_location(capsys):
    assert main(["lab", "rta", str(EXAMPLES / "autosar_categories.toml"), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "autosar_categories.toml:20:" in out and "rtos-cat1" in out


def test_pathfinder_toml_resets_and_is_fixed_by_inheritance(tmp_path):
    text = (EXAMPLES / "pathfinder.toml").read_text()
    ts = load_taskset(EXAMPLES / "pathfinder.toml")
    assert ts.rtos.run(ts.duration_ns).resets > 0
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(text.replace('protocol = "none"', 'protocol = "inherit"'))
    ts = load_taskset(fixed)
    assert ts.rtos.run(ts.duration_ns).resets == 0


def _load(tmp_path, text):
    p = tmp_path / "s.toml"
    p.write_text(text)
    return load_taskset(p)


def test_unknown_key_has_line_and_hint(tmp_path):
    with pytest.raises(ScenarioError) as err:
        _load(tmp_path, 'schema = 1\nduration = "1s"\n\n[[tasks]]\nname = "a"\npriority = 1\nperiode = "1ms"\n'
                        'body = [{compute = "1us"}]\n')
    assert err.value.line == 7 and "periode" in err.value.message and "period" in err.value.hint


def test_bad_unit_and_unknown_object(tmp_path):
    with pytest.raises(ScenarioError) as err:
        _load(tmp_path, 'duration = "1s"\n[[tasks]]\nname = "a"\npriority = 1\nperiod = "10"\nbody = []\n')
    assert err.value.line == 5 and "period" in err.value.message and "unit" in err.value.hint
    with pytest.raises(ScenarioError) as err:
        _load(tmp_path, 'duration = "1s"\n[[mutexes]]\nname = "bus"\n[[tasks]]\nname = "a"\npriority = 1\n'
                        'body = [{lock = "buss"}]\n')
    assert err.value.line == 7 and "bus" in err.value.hint


def test_wait_must_be_a_semaphore(tmp_path):
    with pytest.raises(ScenarioError) as err:
        _load(tmp_path, 'duration = "1s"\n[[tasks]]\nname = "a"\npriority = 1\nwait = "nope"\nbody = []\n')
    assert err.value.line == 5


def test_cli_reports_scenario_error(tmp_path, capsys):
    p = tmp_path / "bad.toml"
    p.write_text('duration = "1s"\nbogus = 1\n')
    assert main(["lab", "rta", str(p)]) == 2
    assert f"{p}:2: unknown key 'bogus'" in capsys.readouterr().err


def test_seed_changes_drawn_costs_but_runs_are_reproducible():
    def run(seed):
        ts = load_taskset(EXAMPLES / "motor_control.toml", seed=seed, duration="100ms")
        return list(ts.rtos.run(ts.duration_ns).log.records())

    assert run(1) == run(1)
    assert run(1) != run(2)
