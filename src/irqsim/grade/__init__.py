"""Class-scale grading: every submission against every scenario of a suite, each run in its
own limited process, into a CSV gradebook and per-student feedback.

Public API: :func:`load_suite`, :func:`grade`, :func:`write_gradebook`, :func:`write_feedback`
(and the CLI ``irqsim grade``).
"""

from .feedback import write_feedback, write_gradebook
from .runner import VERDICTS, Outcome, grade, overall
from .suite import Suite, load_suite

__all__ = ["VERDICTS", "Outcome", "Suite", "grade", "load_suite", "overall", "write_feedback", "write_gradebook"]
