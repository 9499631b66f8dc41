"""Scenario [[steps]]: waits with timeouts, then-actions, failures that fail the run."""

from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.errors import ScenarioError
from irqsim.sim import build

EXAMPLES = Path(__file__).parents[2] / "examples" / "steps"
IDLE = "import time\nwhile True:\n    time.sleep_ms(1000)\n"


def _write(tmp_path, body, firmware=IDLE, duration="100ms"):
    (tmp_path / "fw.py").write_text(firmware)
    sc = tmp_path / "s.toml"
    sc.write_text(f'schema = 1\nfirmware = "fw.py"\nduration = "{duration}"\n{body}')
    return sc


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_examples_pass_and_are_deterministic(name):
    first = build(EXAMPLES / name).run()
    assert first.exit_code == 0, first.expectations
    steps = [e for e in first.expectations if "step" in e]
    assert steps and all(e["passed"] for e in steps)
    times = [e["t_ns"] for e in steps]
    assert times == sorted(times)
    again = build(EXAMPLES / name).run()
    assert again.expectations == first.expectations


def test_then_actions_are_timed_from_the_moment_the_step_is_met(tmp_path):
    sc = _write(tmp_path, '''wires = [["w:out", "GP3"], ["btn:pin", "GP4"]]
[[parts]]
id = "w"
type = "waveform"
points = [["5ms", 1], ["6ms", 0], ["7300us", 1]]
[[parts]]
id = "btn"
type = "button"
active_low = false
[[steps]]
wait-pin = "GP3"
level = 1
then = [{ part = "btn", action = "press", after = "10ms" }]
[[steps]]
wait-pin = "GP3"
level = 0
[[steps]]
wait-pin = "GP3"
level = 1
then = [{ part = "btn", set = { bounce = "0ms" } }, { part = "btn", action = "release", after = "20ms" }]
''', "from machine import Pin\nPin(4, Pin.IN, Pin.PULL_DOWN)\n" + IDLE)
    res = build(sc).run()
    assert res.exit_code == 0
    assert [e["t_ns"] for e in res.expectations] == [5_000_000, 6_000_000, 7_300_000]
    from irqsim.trace.log import Kind

    gp4 = [(r[0], r[3]) for r in res.log.of_kind(Kind.PIN) if r[2] == 4]
    # press 10 ms after step 1 (5 ms), release 20 ms after step 3 (7.3 ms); no bounce by default
    assert [(t, lv) for t, lv in gp4 if t > 0] == [(15_000_000, 1), (27_300_000, 0)]


def test_wait_pin_already_at_its_level_is_met_at_once(tmp_path):
    sc = _write(tmp_path, '[[steps]]\nwait-pin = "GP2"\nlevel = 0\n[[steps]]\ndelay = "3ms"\n')
    res = build(sc).run()
    assert [e["t_ns"] for e in res.expectations] == [0, 3_000_000]


def test_a_timed_out_wait_ends_the_run_and_fails_it(tmp_path, capsys):
    fw = 'import time\nprint("booting")\ntime.sleep_ms(30)\nprint("ready")\n' + IDLE
    sc = _write(tmp_path, '[[steps]]\nwait-serial = "ready"\ntimeout = "20ms"\n\n[[steps]]\ndelay = "1ms"\n', fw)
    res = build(sc).run()
    assert res.exit_code == 1
    assert res.end_reason == "step-timeout" and res.end_ns == 20_000_000
    first, second = res.expectations
    assert not first["passed"] and first["line"] == 4 and first["t_ns"] == 20_000_000
    assert "timed out after 20ms at 0.020000 s" in first["detail"]
    assert "last output: 'booting'" in first["detail"]
    assert not second["passed"] and "not reached" in second["detail"]
    assert main(["run", str(sc), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "expect FAIL (line 4): step 1: wait-serial 'ready' on stdout timed out" in out


def test_a_wait_without_timeout_fails_when_the_run_ends(tmp_path):
    sc = _write(tmp_path, '[[steps]]\nwait-pin = "GP9"\nlevel = 1\n', duration="7ms")
    res = build(sc).run()
    assert res.exit_code == 1 and res.end_reason == "duration"
    assert "still waiting when the run ended at 0.007000 s (GP9 is 0)" in res.expectations[0]["detail"]


def test_uart_wait_reports_what_the_peer_received(tmp_path):
    fw = ('from machine import UART\nimport time\nu = UART(0, baudrate=115200)\ntime.sleep_ms(2)\n'
          'u.write("HELLO\\n")\n' + IDLE)
    sc = _write(tmp_path, '''wires = [["pc:tx", "GP1"], ["pc:rx", "GP0"]]
[[parts]]
id = "pc"
type = "uart_peer"
[[steps]]
wait-serial = "HELLO"
part = "pc"
timeout = "10ms"
[[steps]]
wait-serial = "BYE"
part = "pc"
timeout = "5ms"
''', fw)
    res = build(sc).run()
    ok, failed = res.expectations
    # 5 bytes at 115200 baud 8N1 (86.8 us each) after the write at ~2 ms; met at the last stop bit
    assert ok["passed"] and 2_400_000 < ok["t_ns"] < 2_600_000
    assert not failed["passed"] and "pc received b'\\n' since the step started" in failed["detail"]


@pytest.mark.parametrize("body, line, message, hint", [
    ('[[steps]]\nwait-serail = "x"\n', 5, "unknown step key 'wait-serail'", "wait-serial"),
    ('[[steps]]\nwait-pin = "GP1"\nwait-serial = "x"\n', 4, "exactly one of", None),
    ('[[steps]]\ntimeout = "1ms"\n', 4, "exactly one of", None),
    ('[[steps]]\nwait-pin = "GP1"\nlevel = 2\n', 6, "level must be 0 or 1", None),
    ('[[steps]]\nwait-pin = "XP1"\n', 5, "unknown pin", None),
    ('[[steps]]\ndelay = "1ms"\ntimeout = "2ms"\n', 6, "cannot time out", None),
    ('[[steps]]\nwait-serial = "x"\ntimeout = 5\n', 6, "has no unit", None),
    ('[[steps]]\nwait-serial = "x"\npart = "btm"\n', 6, "unknown part 'btm'", "did you mean 'btn'?"),
    ('[[steps]]\nwait-serial = "x"\npart = "btn"\n', 6, "reads a uart_peer", None),
    ('[[steps]]\nwait-pin = "GP1"\nthen = [{ part = "btn", action = "pres" }]\n', 6, "no action 'pres'", "did you mean 'press'?"),
    ('[[steps]]\nwait-pin = "GP1"\nthen = [{ part = "btn", set = { bounse = "1ms" } }]\n', 6, "no parameter 'bounse'", "bounce"),
    ('[[steps]]\nwait-pin = "GP1"\nthen = [{ part = "btn", action = "press", after = "1" }]\n', 6, "then\\[0\\].after .1. has no unit", None),
])
def test_step_validation_names_file_line_and_key(tmp_path, body, line, message, hint):
    sc = _write(tmp_path, '[[parts]]\nid = "btn"\ntype = "button"\n' + body)
    with pytest.raises(ScenarioError, match=message) as info:
        build(sc)
    err = info.value
    assert err.file == str(sc) and err.line == line + 3
    if hint:
        assert hint in err.hint
