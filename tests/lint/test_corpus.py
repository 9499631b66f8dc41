"""One small firmware file per rule: every finding is annotated on its line with
``# expect: IRQxxx``; the linter must report exactly those (line, code) pairs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irqsim.lint import RULES, lint_source

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.py"))


def expected(source: str) -> set[tuple[int, str]]:
    return {(i, code) for i, line in enumerate(source.splitlines(), 1)
            for code in re.findall(r"expect: (IRQ\d+)", line)}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_corpus_file_is_flagged_exactly(path):
    source = path.read_text(encoding="utf-8")
    got = {(f.line, f.code) for f in lint_source(source, str(path))}
    assert got == expected(source)


def test_every_handler_rule_has_a_corpus_file():
    codes = set()
    for path in FILES:
        codes |= {code for _, code in expected(path.read_text(encoding="utf-8"))}
    # 602 is the race finder's; 70x are runtime budgets (irqsim run), not static rules
    static = {c for c in RULES if c not in ("IRQ602", "IRQ999") and not c.startswith("IRQ70")}
    assert static <= codes


def test_clean_file_is_clean():
    assert lint_source((CORPUS / "clean.py").read_text(encoding="utf-8")) == []


def test_column_is_one_based_at_the_offending_expression():
    src = "from machine import Pin\ndef h(p):\n    x = p.value() / 2\nPin(1).irq(handler=h, hard=True)\n"
    (f,) = lint_source(src, "fw.py")
    assert (f.line, f.col, f.code) == (3, 9, "IRQ101")
    assert f.format().startswith("fw.py:3:9: IRQ101 float division")


def test_soft_registration_allows_what_hard_forbids():
    hard = "from machine import Pin\ndef h(p):\n    print(p.value() / 2)\nPin(1).irq(h, 4, True)\n"
    soft = hard.replace("Pin(1).irq(h, 4, True)", "Pin(1).irq(h, 4)")
    assert {f.code for f in lint_source(hard)} == {"IRQ101", "IRQ201"}
    assert lint_source(soft) == []


def test_syntax_error_is_a_finding_not_a_crash():
    (f,) = lint_source("def h(:\n", "bad.py")
    assert f.code == "IRQ999" and f.line == 1
