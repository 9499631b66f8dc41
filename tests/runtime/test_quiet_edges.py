"""Quiet pulse edges (Kernel.post_quiet) leave the very log that posted edges do.

A falling edge no latch or listener sees is not a CPU stop: it fires late and puts its record
at its own time's place. Each firmware below looks at the pin in another way (polling,
time_pulse_us, a falling IRQ enabled mid-run, sleeps, a probe part); each runs with quiet
edges and without them, and the records must match exactly.
"""

from pathlib import Path

import pytest

from irqsim.hw.parts.pulse import PulseTrain
from irqsim.sim import build

HEAD = '''
from machine import Pin, time_pulse_us
import time
count = 0
def on_pulse(pin):
    global count
    count += 1
enc = Pin(12, Pin.IN)
enc.irq(trigger=Pin.IRQ_RISING, handler=on_pulse)
log = []
t_end = time.ticks_add(time.ticks_ms(), 8)
n = 0
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    n += 1
    log.append("sample %d" % count)
    if len(log) > 20:
        log = []
'''

BODIES = {
    "plain": "",
    "poll": "    if n % 3 == 0:\n        log.append(enc.value())\n",
    "pulse_us": "    if n % 5 == 0:\n        log.append(time_pulse_us(enc, 1, 500))\n",
    "sleep": "    if n % 4 == 0:\n        time.sleep_us(37)\n",
    "falling_irq": ("    if n == 7:\n        enc.irq(trigger=Pin.IRQ_FALLING, handler=on_pulse)\n"
                    "    if n == 15:\n        enc.irq(trigger=Pin.IRQ_RISING, handler=on_pulse)\n"),
    "irq_off": "    if n == 9:\n        enc.irq(handler=None)\n",
    # core 1 (mpy/core1.py) polls the pin while core 0 runs the loop: its reads must see the edges too
    "core1_poll": ("    if n == 3:\n        import _thread\n        def poll():\n"
                   "            for i in range(300):\n                log.append(enc.value())\n"
                   "        _thread.start_new_thread(poll, ())\n"),
}

SCENARIO = '''
schema = 1
board = "pico2"
firmware = "fw.py"
duration = "10ms"
seed = 3
wires = [["enc:out", "GP12"]{probe_wire}]
[[parts]]
id = "enc"
type = "pulse"
freq = "{freq}"
duty = "{duty}"
jitter = "{jitter}"
{probe}
'''

PROBE = '''[[parts]]
id = "probe"
type = "probe"
'''


def _run(tmp_path: Path, body: str, freq: str, duty: str, jitter: str, probe: bool, quiet: bool, monkeypatch):
    begin = PulseTrain.begin

    def patched(self):
        begin(self)
        if not quiet:
            self._quiet_pin = None

    monkeypatch.setattr(PulseTrain, "begin", patched)
    (tmp_path / "fw.py").write_text(HEAD + body + 'print("seen", count, n)\n')
    (tmp_path / "s.toml").write_text(SCENARIO.format(
        freq=freq, duty=duty, jitter=jitter, probe=PROBE if probe else "",
        probe_wire=', ["probe:pin", "GP12"]' if probe else ""))
    result = build(tmp_path / "s.toml").run()
    return list(result.log.records()), result.stdout


@pytest.mark.parametrize("body", sorted(BODIES))
@pytest.mark.parametrize("freq,duty,jitter,probe", [
    ("10kHz", "50%", "0ns", False),
    ("40kHz", "30%", "2us", False),
    ("20kHz", "50%", "0ns", True),
])
def test_quiet_edges_leave_the_posted_log(tmp_path, monkeypatch, body, freq, duty, jitter, probe):
    quiet_records, quiet_out = _run(tmp_path, BODIES[body], freq, duty, jitter, probe, True, monkeypatch)
    posted_records, posted_out = _run(tmp_path, BODIES[body], freq, duty, jitter, probe, False, monkeypatch)
    assert quiet_out == posted_out
    assert quiet_records == posted_records
    assert any(rec[1] == "pin" and rec[3] == 0 for rec in quiet_records)


def test_quiet_edges_are_used(tmp_path, monkeypatch):
    """The plain case really posts quiet edges (the test above would pass vacuously otherwise)."""
    from irqsim.kernel.core import Kernel

    posted = []
    real = Kernel.unquiet

    def unquiet(self):
        posted.append(len(self.quiet))
        real(self)

    monkeypatch.setattr(Kernel, "unquiet", unquiet)
    records, _ = _run(tmp_path, "", "10kHz", "50%", "0ns", False, True, monkeypatch)
    falls = sum(1 for rec in records if rec[1] == "pin" and rec[3] == 0)
    assert falls > 50
    assert sum(posted) < falls // 2   # most falls fired late, not put back in the heap


@pytest.mark.parametrize("ending", ["raise ValueError('boom')", "import sys\n        sys.exit()",
                                    "import machine\n        machine.reset()"])
def test_quiet_edges_at_an_early_end(tmp_path, monkeypatch, ending):
    """The firmware ends between a quiet edge and the next stop: the edge is still recorded."""
    body = f"    if n == 23:\n        {ending}\n"
    quiet_records, quiet_out = _run(tmp_path, body, "10kHz", "50%", "0ns", False, True, monkeypatch)
    posted_records, posted_out = _run(tmp_path, body, "10kHz", "50%", "0ns", False, False, monkeypatch)
    assert quiet_out == posted_out
    assert quiet_records == posted_records
