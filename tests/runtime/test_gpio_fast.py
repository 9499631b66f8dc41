"""The GPIO vector's fused soft-IRQ path (mpy/gpio_fast.py) leaves the very log the general path does.

Each scenario runs twice, with the fused path installed and without it; the records and
stdout must match exactly, and the fused path must really have been taken (and, where the
scenario provokes them, declined: both edges merged, a full queue, two pins latched).
"""

from pathlib import Path

import pytest

import irqsim.mpy.machine as machine
from irqsim.mpy import gpio_fast
from irqsim.sim import build

FIRMWARE = '''
from machine import Pin, disable_irq, enable_irq
import time
count = 0
def on_pulse(pin):
    global count
    count += 1
    x = [count] * {work}
a = Pin(12, Pin.IN)
a.irq(trigger={trigger}, handler=on_pulse)
b = Pin(13, Pin.IN)
b.irq(trigger=Pin.IRQ_RISING, handler=on_pulse)
log = []
t_end = time.ticks_add(time.ticks_ms(), 20)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    log.append("sample %d" % count)
    if {masked} and len(log) % 8 == 0:
        state = disable_irq()  # edges latch meanwhile: both edges merge, two pins chain
        for i in range(6):
            log.append("masked %d %d" % (count, i))
        enable_irq(state)
    if len(log) > 50:
        log = []
print("seen", count)
'''

SCENARIO = '''
schema = 1
board = "pico2"
firmware = "fw.py"
duration = "25ms"
seed = 1
wires = [["enc:out", "GP12"], ["other:out", "GP13"]]
[[parts]]
id = "enc"
type = "pulse"
freq = "{freq}"
[[parts]]
id = "other"
type = "pulse"
freq = "{freq2}"
'''

CASES = {
    "10kHz rising": dict(freq="10kHz", freq2="1Hz", trigger="Pin.IRQ_RISING", work=1, masked=0),
    "queue full": dict(freq="50kHz", freq2="1Hz", trigger="Pin.IRQ_RISING", work=20, masked=0),
    "both edges": dict(freq="10kHz", freq2="1Hz", trigger="Pin.IRQ_RISING | Pin.IRQ_FALLING",
                       work=1, masked=1),
    "two pins": dict(freq="20kHz", freq2="8kHz", trigger="Pin.IRQ_RISING", work=1, masked=1),
}


def _run(tmp_path: Path, case: dict, fused: bool, monkeypatch) -> tuple[list, str, dict]:
    taken = {"yes": 0, "no": 0}

    def install(cpu, gpio, pin_table, log, timing, vec):
        if not fused:
            return
        gpio_fast.install(cpu, gpio, pin_table, log, timing, vec)
        inner = vec.fast

        def counted():
            ok = inner()
            taken["yes" if ok else "no"] += 1
            return ok
        vec.fast = counted

    monkeypatch.setattr(machine, "install_gpio_fast", install)
    (tmp_path / "fw.py").write_text(FIRMWARE.format(**case))
    (tmp_path / "s.toml").write_text(SCENARIO.format(**case))
    result = build(tmp_path / "s.toml").run()
    return list(result.log.records()), result.stdout, taken


@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_path_leaves_the_general_paths_log(tmp_path, monkeypatch, name):
    case = CASES[name]
    fast_records, fast_out, taken = _run(tmp_path, case, True, monkeypatch)
    slow_records, slow_out, _ = _run(tmp_path, case, False, monkeypatch)
    assert fast_out == slow_out
    assert len(fast_records) == len(slow_records)
    assert fast_records == slow_records
    assert taken["yes"] > 0
    if name != "10kHz rising":
        assert taken["no"] > 0  # the scenario reaches the general path too
    kinds = {rec[1] for rec in fast_records}
    if name == "queue full":
        assert "drop" in kinds
    if name == "both edges":
        assert any(rec[1] == "lost" and rec[3] == "merged" for rec in fast_records)
    if name == "two pins":
        assert {rec[2] for rec in fast_records if rec[1] == "edge"} == {"GP12", "GP13"}
