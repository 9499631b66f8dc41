"""``irqsim lint``: static ISR-safety checks for MicroPython firmware (no simulation).

Public API: :func:`lint_source`, :func:`lint_paths`, :class:`Finding`, :data:`RULES`.
Rules and codes are documented in docs/lint.md.
"""

from .engine import lint_paths, lint_source
from .finding import Finding
from .rules import RULES, Rule

__all__ = ["Finding", "RULES", "Rule", "lint_paths", "lint_source"]
