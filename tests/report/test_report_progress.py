"""The progress bar: quiet unless interactive, and it never changes the simulation."""

from __future__ import annotations

import io

import pytest

from irqsim.report import progress


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_quiet_when_not_a_tty_in_ci_or_json(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not progress.should_show(stream=io.StringIO())
    assert not progress.should_show(json_mode=True, stream=_Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress.should_show(stream=_Tty())


def test_shown_on_a_terminal(monkeypatch):
    pytest.importorskip("rich")
    monkeypatch.delenv("CI", raising=False)
    assert progress.should_show(stream=_Tty())


BUSY_FW = """
from machine import Pin
n = 0
def on_edge(pin):
    global n
    n += 1
Pin(15, Pin.IN).irq(trigger=Pin.IRQ_FALLING, handler=on_edge)
x = 0
while True:
    x += 1
"""

BUSY_TOML = """
schema = 1
board = "pico2"
firmware = "busy.py"
duration = "3s"
seed = 3
wires = [["gen:out", "GP15"]]

[[parts]]
id = "gen"
type = "pulse"
freq = "2kHz"
"""


def test_watching_does_not_change_the_run(tmp_path, monkeypatch, capsys):
    """A busy main loop for ~0.6 s of wall time with the watcher polling as fast as it can:
    the log is the same, record for record, as without it."""
    pytest.importorskip("rich.progress")   # imported here so the watcher starts at once
    from irqsim.sim import build

    (tmp_path / "busy.py").write_text(BUSY_FW)
    scenario = tmp_path / "busy.toml"
    scenario.write_text(BUSY_TOML)
    plain = list(build(scenario).run().log.records())
    sim = build(scenario)
    watch = progress.ProgressWatch(sim, enabled=True, delay_s=0.0, interval_s=0.001)
    seen = []
    real = watch.virtual_now_ns
    monkeypatch.setattr(watch, "virtual_now_ns", lambda: seen.append(real()) or seen[-1])
    with watch:
        result = sim.run()
    assert len(plain) > 1000
    assert list(result.log.records()) == plain
    assert len(seen) > 3, "the watcher never looked at the clock"
    assert all(0 <= t <= 3_000_000_000 for t in seen)
    assert watch._progress is None   # stopped and removed on exit


def test_disabled_watch_starts_no_thread(seed_path):
    from irqsim.sim import build

    sim = build(seed_path("ultrasonic_irq"))
    with progress.ProgressWatch(sim, enabled=False) as w:
        sim.run()
    assert w._thread is None
