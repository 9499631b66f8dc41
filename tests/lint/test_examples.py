"""False-positive check: the linter over every .py under examples/.

Only the files listed in EXPECTED may produce findings, and only those; each entry says
why the finding is right. A new example that trips the linter fails this test until the
finding is fixed in the linter (a false alarm) or justified here.
"""

from __future__ import annotations

from pathlib import Path

from irqsim.lint import lint_source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def line_of(path: Path, text: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return i
    raise AssertionError(f"{text!r} not in {path}")


# file (relative to examples/) -> {(code, text on the flagged line)}
EXPECTED = {
    # The lesson is wrong on rp2: Pin.irq defaults to hard=False there (ports/rp2/machine_pin.c),
    # so its "ISR" already runs as a scheduled callback and schedule() only queues a second one.
    "seed/schedule_deferred.py": {("IRQ401", "micropython.schedule(deferred_handler, pin)")},
    # The race finder's deliberately broken example (the lesson's low/high-byte read).
    "races/torn_read.py": {("IRQ601", "y = shared_high_byte")},
    # A grading sample that must fail: it allocates (a float) in a hard handler on purpose.
    "grading/submissions/hard_irq_alloc/main.py": {("IRQ101", "stamps.append(time.ticks_us() / 1000)")},
}


def test_examples_lint_clean_except_justified_cases():
    files = sorted(EXAMPLES.rglob("*.py"))
    assert files, "no examples found"
    surprises = []
    for path in files:
        rel = path.relative_to(EXAMPLES).as_posix()
        want = {(code, line_of(path, text)) for code, text in EXPECTED.get(rel, set())}
        got = {(f.code, f.line) for f in lint_source(path.read_text(encoding="utf-8"), rel)}
        if got != want:
            surprises.append((rel, sorted(got - want), sorted(want - got)))
    assert surprises == [], "unexpected (file, extra, missing): %r" % surprises


def test_lesson_ultrasonic_handler_is_flagged_when_hard():
    """Seed "Why this works" claims the division does not allocate; on rp2 floats are boxed."""
    path = EXAMPLES / "seed" / "ultrasonic_irq.py"
    src = path.read_text(encoding="utf-8")
    assert lint_source(src) == []                      # as the lesson registers it (soft on rp2)
    hard = src.replace("handler=self._echo_handler", "handler=self._echo_handler, hard=True")
    assert hard != src
    findings = lint_source(hard, "ultrasonic_irq.py")
    assert [(f.code, f.line) for f in findings] == [("IRQ101", line_of(path, "pulse / 58.0"))]
    assert "float division" in findings[0].message


def test_seed_flag_and_main_loop_pattern_is_silent_even_when_hard():
    path = EXAMPLES / "seed" / "safe_pattern_latency.py"
    src = path.read_text(encoding="utf-8")
    hard = src.replace("handler=_pin_handler)", "handler=_pin_handler, hard=True)")
    assert hard != src
    # The main loop's f-string print is main-thread code, not handler code.
    assert lint_source(hard) == []
