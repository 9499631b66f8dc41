"""``irqsim races``: the lesson's torn read is found, its fixed twin is clean, results are
deterministic, and a soft handler cannot split straight-line reads on rp2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.lint import lint_source
from irqsim.races import find_races

ROOT = Path(__file__).resolve().parents[2]
RACES = ROOT / "examples" / "races"


def line_of(path: Path, text: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return i
    raise AssertionError(text)


def test_torn_read_is_found_with_both_lines():
    report = find_races(RACES / "torn_read.toml")
    fw = RACES / "torn_read.py"
    low, high = line_of(fw, "x = shared_low_byte"), line_of(fw, "y = shared_high_byte")
    assert report.exit_code == 1
    (race,) = report.races
    assert (race.line_a, race.key_a, race.line_b, race.key_b) == (low, "shared_low_byte", high, "shared_high_byte")
    assert race.inject_line == high and race.handler == "on_sample"
    # Every value the ISR publishes has equal bytes (0x0101 steps); main saw unequal ones.
    assert race.observed["shared_low_byte"] != race.observed["shared_high_byte"]
    assert all(s["shared_low_byte"] == s["shared_high_byte"] for s in race.states)
    # Bounded: the exploration stops on its own within a few ms of virtual time.
    assert report.end_reason == "races explored" and report.end_ns < 50_000_000
    assert report.injections == 4


def test_fixed_twin_is_clean_because_the_interrupt_cannot_be_taken():
    report = find_races(RACES / "torn_read_fixed.toml")
    assert report.exit_code == 0 and report.races == []
    assert report.windows == 1 and report.injections == 0 and report.blocked > 0


def test_same_seed_same_report_and_seed_matters_only_for_phase():
    a = find_races(RACES / "torn_read.toml", seed=7).as_dict()
    b = find_races(RACES / "torn_read.toml", seed=7).as_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["races"] and a["seed"] == 7


def test_soft_handler_cannot_split_straight_line_reads(tmp_path):
    """rp2 runs a hard=False handler only at branch opcodes (py/vm.c): no torn read here."""
    src = (RACES / "torn_read.py").read_text(encoding="utf-8").replace(", hard=True)", ")")
    assert "callback=on_sample)" in src
    (tmp_path / "soft.py").write_text(src)
    report = find_races(tmp_path / "soft.py", duration="50ms")
    assert report.races == [] and report.injections == 0 and report.blocked > 0
    assert [f.code for f in lint_source(src)] == []      # the linter agrees


def test_seed_flag_pattern_has_no_torn_read():
    report = find_races(ROOT / "examples" / "seed" / "safe_pattern_latency.toml", duration="100ms")
    assert report.races == []


def test_hard_flag_pattern_is_explored_and_clean(tmp_path):
    """The flag-then-data read with a hard handler: injections happen, every observed state existed."""
    src = (ROOT / "examples" / "seed" / "safe_pattern_latency.py").read_text(encoding="utf-8")
    src = src.replace("handler=_pin_handler)", "handler=_pin_handler, hard=True)")
    (tmp_path / "fw.py").write_text(src)
    toml = (ROOT / "examples" / "seed" / "safe_pattern_latency.toml").read_text(encoding="utf-8")
    (tmp_path / "fw.toml").write_text(toml.replace('firmware = "safe_pattern_latency.py"', 'firmware = "fw.py"'))
    report = find_races(tmp_path / "fw.toml")
    assert report.injections > 0 and report.races == []


def test_cli(capsys):
    assert main(["races", str(RACES / "torn_read.toml")]) == 1
    out = capsys.readouterr().out
    assert "IRQ602 torn read" in out and "fix: read the variables between" in out
    assert main(["races", "--format", "json", str(RACES / "torn_read_fixed.toml")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["races"] == [] and doc["windows"] == 1
    assert main(["races", str(RACES / "missing.toml")]) == 2
    assert main(["races", "--tries", "0", str(RACES / "torn_read.toml")]) == 2


@pytest.mark.parametrize("name", ["torn_read", "torn_read_fixed"])
def test_examples_run_normally(name):
    """The examples are ordinary firmware: `irqsim run` passes their expectations."""
    from irqsim.sim import build

    result = build(RACES / f"{name}.toml").run()
    assert result.exit_code == 0
    (line,) = [text for _, text in result.stdout if text.startswith("reads")]
    torn = int(line.split()[-1])
    assert (torn > 0) if name == "torn_read" else (torn == 0)
