"""The rule table is documented, and the linter's codes agree with the runtime's."""

from __future__ import annotations

import re
from pathlib import Path

from irqsim.lint import RULES

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_is_documented_with_why_and_fix():
    doc = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"### {code}" in doc, code
        assert rule.why and rule.fix and rule.severity in ("error", "warning")


def test_runtime_violation_codes_mean_the_same_rules():
    """Codes the runtime reports (Port.violation calls) must name the linter's rule of the same family."""
    src = ROOT / "src" / "irqsim" / "mpy"
    runtime_codes = set()
    for path in src.glob("*.py"):
        runtime_codes |= set(re.findall(r'violation\(\s*"(IRQ\d+)"', path.read_text(encoding="utf-8")))
    assert {"IRQ101", "IRQ201", "IRQ301", "IRQ401"} <= runtime_codes
    assert runtime_codes <= set(RULES), runtime_codes - set(RULES)
