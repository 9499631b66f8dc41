"""Bad input gets file:line: message + hint and exit 2; a firmware exception exits 1 with
firmware frames only. Never an irqsim traceback."""

import textwrap

import pytest

from irqsim.cli import main


def scenario(tmp_path, body: str, firmware: str = "import time\ntime.sleep_ms(1)\n"):
    (tmp_path / "fw.py").write_text(firmware)
    path = tmp_path / "s.toml"
    path.write_text(textwrap.dedent(body))
    return path


CASES = [
    ('firmware = "fw.py"\nlib = ["nope"]\n', 2, "lib directory not found", "relative to the scenario file"),
    ('firmware = "fw.py"\nduration = 10\n', 2, "duration 10 has no unit", 'e.g. "10ms"'),
    ('firmware = "fw.py"\nduraton = "1s"\n', 2, "unknown key 'duraton'", "did you mean 'duration'?"),
    ('firmware = "fw.py"\n\n[[parts]]\nid = "b"\ntype = "buton"\n', 5, "unknown part type 'buton'", "did you mean 'button'?"),
    ('firmware = "fw.py"\nwires = [["b:pin", "GP99x"]]\n[[parts]]\nid = "b"\ntype = "button"\n', 2, "unknown pin 'GP99x'", "GP15"),
    ('firmware = "fw.py"\n[[parts]]\nid = "b"\ntype = "button"\nbounse = "1ms"\n', 5, "no parameter 'bounse'", "did you mean 'bounce'?"),
    ('firmware = "fw.py"\nduration = "1s\n', 2, "not valid TOML", "quotes"),
    ('firmware = "nope.py"\n', 1, "firmware file not found", "relative to the scenario"),
    ('firmware = "fw.py"\n[[parts]]\nid = "p"\ntype = "pulse"\nfreq = "3kHz"\n', 5, "not a whole number", 'e.g. "333333ns"'),
    ('firmware = "fw.py"\n[[parts]]\nid = "b"\ntype = "button"\n[[stimuli]]\nat = "1ms"\npart = "b"\naction = "pres"\n', 8,
     "has no action 'pres'", "did you mean 'press'?"),
]


@pytest.mark.parametrize("body,line,message,hint", CASES)
def test_scenario_errors_name_file_line_and_fix(tmp_path, capsys, body, line, message, hint):
    path = scenario(tmp_path, body)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:{line}: "), err
    assert message in err and f"hint: " in err and hint in err
    assert "Traceback" not in err
    assert main(["check", str(path)]) == 2


def test_wire_to_a_pin_the_chip_does_not_have(tmp_path, capsys):
    path = scenario(tmp_path, 'firmware = "fw.py"\nboard = "pico"\nwires = [["b:pin", "GP40"]]\n[[parts]]\nid = "b"\ntype = "button"\n')
    assert main(["run", str(path)]) == 2
    assert "GP0..GP29" in capsys.readouterr().err


def test_unknown_board_suggests(tmp_path, capsys):
    path = scenario(tmp_path, 'firmware = "fw.py"\nboard = "pico3"\n')
    assert main(["run", str(path)]) == 2
    assert "did you mean" in capsys.readouterr().err


def test_unknown_pin_in_firmware_is_micropythons_valueerror(tmp_path, capsys):
    path = scenario(tmp_path, 'firmware = "fw.py"\nduration = "10ms"\n',
                    firmware="from machine import Pin\np = Pin(77, Pin.IN)\n")
    assert main(["run", str(path)]) == 1
    out = capsys.readouterr()
    assert 'File "fw.py", line 2, in <module>' in out.out and "ValueError: invalid pin" in out.out
    assert "fw.py:2" in out.err and "irqsim/" not in out.out + out.err


def test_firmware_syntax_error_points_at_the_line(tmp_path, capsys):
    path = scenario(tmp_path, 'firmware = "fw.py"\n', firmware="x = 1\nif x\n    pass\n")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "fw.py:2: SyntaxError: invalid syntax" in err


def test_bad_set_override(tmp_path, capsys):
    path = scenario(tmp_path, 'firmware = "fw.py"\n')
    assert main(["run", str(path), "--set", "parts.nope.freq=1kHz"]) == 2
    assert "no part with id 'nope'" in capsys.readouterr().err


def test_missing_target(capsys):
    assert main(["run", "does-not-exist.toml"]) == 2
    assert "no such file" in capsys.readouterr().err
