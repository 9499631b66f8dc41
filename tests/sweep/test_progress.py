"""The progress bar appears only on a terminal and never under CI."""

import io
import sys

from irqsim.sweep.progress import Progress


def test_silent_when_not_a_tty(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with Progress(10, "x") as bar:
        bar.advance()
    assert bar._bar is None and sys.stderr.getvalue() == ""


def test_silent_under_ci_even_on_a_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setenv("CI", "true")
    assert Progress(10, "x")._bar is None
    monkeypatch.delenv("CI")
    try:
        import rich  # noqa: F401
    except ImportError:
        return
    bar = Progress(10, "x")
    assert bar._bar is not None   # a terminal without CI gets the bar (extra "progress")
