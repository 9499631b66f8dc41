"""The example suite over the sample submissions: the right verdict for each, a gradebook,
feedback naming the failed expectations and violations, and nothing escapes."""

import shutil
from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.grade import grade, load_suite, write_feedback, write_gradebook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "grading"
EXPECTED = {"correct": "pass", "buggy": "fail", "infinite_loop": "timeout", "hard_irq_alloc": "fail",
            "malicious": "forbidden import"}
PWNED = Path("/tmp/irqsim-grade-pwned")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    PWNED.unlink(missing_ok=True)
    suite = load_suite(EXAMPLES / "suite.toml")
    outcomes = grade(suite, EXAMPLES / "submissions", workers=2, progress=False)
    out = tmp_path_factory.mktemp("grades")
    write_gradebook(suite, outcomes, out / "gradebook.csv")
    write_feedback(suite, outcomes, out / "feedback")
    return suite, outcomes, out


def test_each_sample_gets_its_verdict_in_every_scenario(graded):
    _, outcomes, _ = graded
    assert {o.student for o in outcomes} == set(EXPECTED)
    for o in outcomes:
        assert o.verdict == EXPECTED[o.student], (o.student, o.scenario, o.detail)
    assert not PWNED.exists()


def test_gradebook(graded):
    _, _, out = graded
    lines = (out / "gradebook.csv").read_text().splitlines()
    assert lines[0] == "student,verdict,points,max_points,1 kHz,250 Hz"
    assert "correct,pass,3,3,pass,pass" in lines
    assert "malicious,forbidden import,0,3,forbidden import,forbidden import" in lines
    assert [line.split(",")[0] for line in lines[1:]] == sorted(EXPECTED)


def test_feedback_names_failed_expectations_and_violations(graded):
    _, _, out = graded
    md = (out / "feedback" / "hard_irq_alloc.md").read_text()
    assert "Failed expectations:" in md and "pulses_seen 1000" in md
    assert "IRQ101" in md and "main.py:10" in md
    html = (out / "feedback" / "hard_irq_alloc.html").read_text()
    assert "<h2>1 kHz: fail</h2>" in html and "IRQ101" in html
    assert "endless loop" in (out / "feedback" / "infinite_loop.md").read_text()
    assert "subprocess" in (out / "feedback" / "malicious.md").read_text()


def test_cli_grade_is_deterministic(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("correct", "buggy"):
        shutil.copytree(EXAMPLES / "submissions" / name, subs / name)
    args = ["grade", str(subs), "--suite", str(EXAMPLES / "suite.toml"), "--workers", "2", "--no-progress"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "correct" in out and "pass" in out
    for rel in ("gradebook.csv", "feedback/buggy.md", "feedback/buggy.html", "feedback/correct.md"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_bad_suite_is_a_user_error(tmp_path, capsys):
    bad = tmp_path / "s.toml"
    bad.write_text('schema = 1\n[[scenario]]\npath = "nope.toml"\nponts = 2\n')
    assert main(["grade", str(tmp_path), "--suite", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "ponts" in err and "points" in err and "Traceback" not in err
