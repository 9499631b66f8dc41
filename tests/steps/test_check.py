"""``irqsim check``: validate without running; every problem names file, line and key; exit 2."""

from pathlib import Path

import pytest

from irqsim.cli import main

ROOT = Path(__file__).parents[2]
SCENARIOS = sorted((ROOT / "examples" / "steps").glob("*.toml")) + sorted((ROOT / "examples" / "parts").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_examples_check_clean(path, capsys):
    assert main(["check", str(path)]) == 0
    assert ": ok (" in capsys.readouterr().out


def _write(tmp_path, body, firmware="import time\n"):
    (tmp_path / "fw.py").write_text(firmware)
    sc = tmp_path / "s.toml"
    sc.write_text('schema = 1\nfirmware = "fw.py"\nduration = "100ms"\n' + body)
    return sc


def test_collects_wiring_timeline_and_step_problems(tmp_path, capsys):
    sc = _write(tmp_path, '''wires = [
  ["btn:pin", "GP16"],
  ["gen:out", "GP16"],
  ["gen:out", "GP17"],
  ["pc:tx", "GP60"],
  ["led:pin", "GP16"],
]
[[parts]]
id = "btn"
type = "button"
[[parts]]
id = "gen"
type = "pulse"
[[parts]]
id = "pc"
type = "uart_peer"
[[parts]]
id = "led"
type = "led"
[[stimuli]]
at = "150ms"
part = "btn"
action = "press"
[[stimuli]]
at = "100ms"
part = "btn"
action = "release"
[[steps]]
wait-serial = "x"
part = "pc"
[[steps]]
wait-pin = "GP50"
[[expect]]
pin = "GP2"
level = 1
at = "2s"
''')
    assert main(["check", str(sc)]) == 2
    err = capsys.readouterr().err
    f = str(sc)
    expected = [
        f"{f}:6: wires: GP16 is driven by both 'btn:pin' and 'gen:out'",
        f"{f}:7: wires: 'gen:out' is wired twice (GP16 and GP17)",
        f"{f}:8: wires: 'pc:tx' is wired to GP60, but RP2350 has GP0..GP47",
        f"{f}:24: stimuli[0].at: 150ms is after the end of the run (100ms)",
        f"{f}:33: steps[0].part: uart_peer 'pc' has no rx wire",
        f"{f}:35: steps[1].wait-pin: GP50 does not exist",
        f"{f}:39: expect[0].at: 2s is after the end of the run",
        f"{f}: 7 problems",
    ]
    for text in expected:
        assert text in err, text
    assert "led:pin" not in err          # an LED listens: no conflict


@pytest.mark.parametrize("body, where, hint", [
    ('[[parts]]\nid = "b"\ntype = "buton"\n', ":6: unknown part type 'buton'", "did you mean 'button'?"),
    ('[[parts]]\nid = "b"\ntype = "button"\nbounse = "1ms"\n', ":7: part type 'button' has no parameter 'bounse'", "did you mean 'bounce'?"),
    ('durration = "1s"\n', ":4: unknown key 'durration'", "did you mean 'duration'?"),
    ('[[stimuli]]\nat = "1ms"\npart = "x"\naction = "press"\n', ":6: stimulus names unknown part 'x'", "parts: none"),
])
def test_first_structural_error_with_line_and_suggestion(tmp_path, capsys, body, where, hint):
    sc = _write(tmp_path, body)
    assert main(["check", str(sc)]) == 2
    err = capsys.readouterr().err
    assert f"{sc}{where}" in err and f"hint: {hint}" in err


def test_firmware_syntax_and_missing_waveform_file(tmp_path, capsys):
    sc = _write(tmp_path, 'wires = [["w:out", "GP3"]]\n[[parts]]\nid = "w"\ntype = "waveform"\nfile = "cap.csv"\n',
                firmware="import time\ndef f(:\n    pass\n")
    assert main(["check", str(sc)]) == 2
    err = capsys.readouterr().err
    assert f"{sc}:5: parts[0] (w): waveform file not found: cap.csv" in err
    assert f"{tmp_path / 'fw.py'}:2: SyntaxError: " in err
    (tmp_path / "cap.csv").write_text("0ms,1\n1ms,maybe\n")
    (tmp_path / "fw.py").write_text("import time\n")
    assert main(["check", str(sc)]) == 2
    assert f"{tmp_path / 'cap.csv'}:2: level must be 0 or 1" in capsys.readouterr().err


def test_a_firmware_file_is_not_a_scenario(tmp_path, capsys):
    (tmp_path / "fw.py").write_text("import time\n")
    assert main(["check", str(tmp_path / "fw.py")]) == 2
    assert "reads a scenario .toml" in capsys.readouterr().err
