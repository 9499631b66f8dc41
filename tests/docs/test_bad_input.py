"""Bad input everywhere a user types it: every subcommand that reads a scenario or a firmware
file answers a mistake with ``file:line: message`` + ``hint:`` and exit 2, never with an
irqsim traceback; firmware exceptions print as MicroPython prints them, with virtual time.

The matrix runs each bad scenario through every subcommand that takes one (in-process,
``irqsim.cli.main``); bad scenarios fail while loading, so the whole file takes seconds.
"""

from __future__ import annotations

import textwrap

import pytest

from irqsim.cli import main

FW_OK = "import time\nwhile True:\n    time.sleep_ms(100)\n"

# (name, scenario body, line or None, message, hint or None)
SCENARIOS = [
    ("malformed", 'duration = "1s\n', 3, "not valid TOML", "quotes"),
    ("unitless", "duration = 5\n", 3, "duration 5 has no unit", 'e.g. "5ms"'),
    ("lossy", 'duration = "1.5ns"\n', 3, "not a whole number of nanoseconds", "round"),
    ("list-duration", 'duration = ["1s"]\n', 3, "must be a quantity with a unit", 'e.g. "10ms"'),
    ("unknown-key", 'duraton = "1s"\n', 3, "unknown key 'duraton'", "did you mean 'duration'?"),
    ("seed-type", 'seed = "abc"\n', 3, "seed must be a whole number", None),
    ("parts-type", "parts = 3\n", 3, "'parts' has the wrong type", "[[parts]]"),
    ("stimuli-type", "stimuli = 3\n", 3, "'stimuli' has the wrong type", "[[stimuli]]"),
    ("expect-type", "expect = 3\n", 3, "'expect' has the wrong type", "[[expect]]"),
    ("heap-type", "heap = 3\n", 3, "'heap' has the wrong type", "extra_live"),
    ("overrides-type", "board_overrides = 3\n", 3, "'board_overrides' has the wrong type", "heap_bytes"),
    ("override-value", '[board_overrides.micropython]\nheap_bytes = "x"\n', None,
     "board.micropython.heap_bytes must be a number", "480000"),
    ("override-key", "[board_overrides.micropython]\nheap_byte = 1\n", None,
     "unknown board setting 'board.micropython.heap_byte'", "did you mean 'board.micropython.heap_bytes'?"),
    ("heap-size", 'heap = { extra_live = "lots" }\n', None, "cannot read a size from 'lots'", '"40KB"'),
    ("board", 'board = "pico3"\n', 3, "unknown board 'pico3'", "did you mean 'pico'?"),
    ("gp99", 'wires = [["b:pin", "GP99"]]\n[[parts]]\nid = "b"\ntype = "button"\n', None,
     "wired to GP99", None),
    ("d5", 'wires = [["b:pin", "D5"]]\n[[parts]]\nid = "b"\ntype = "button"\n', 3, "unknown pin 'D5'", "GP15"),
    ("part-id", '[[parts]]\nid = 3\ntype = "button"\n', 4, "part id 3 is not a string", 'id = "btn"'),
    ("part-type", '[[parts]]\nid = "b"\ntype = "buton"\n', 5, "unknown part type 'buton'", "did you mean 'button'?"),
    ("part-key", '[[parts]]\nid = "b"\ntype = "button"\nbonce = "1ms"\n', 6, "no parameter 'bonce'",
     "did you mean 'bounce'?"),
    ("part-unitless", '[[parts]]\nid = "b"\ntype = "button"\nbounce = 5\n', 6, "bounce 5 has no unit", '"5ms"'),
    ("stim-at", '[[parts]]\nid = "b"\ntype = "button"\n[[stimuli]]\nat = "10"\npart = "b"\naction = "press"\n',
     7, "at '10' has no unit", '"10ms"'),
    ("expect-key", '[[expect]]\nstdout = "x"\nbefor = "1s"\n', 5, "unknown expectation key 'befor'",
     "did you mean 'before'?"),
    ("expect-kind", "[[expect]]\nexit_code = 0\n", 3, "[[expect]] needs one of stdout", "handler"),
    ("board-section", "[micropython]\nheap_bytes = 1\n", 3, "unknown key 'micropython'",
     "[board_overrides.micropython]"),
    ("rtos-file", "[[tasks]]\nname = 'a'\n", None, "looks like an RTOS task set", "irqsim lab rta"),
    ("no-firmware", None, 2, "firmware file not found: missing.py", "relative to the scenario"),
    ("not-utf8", b"\xff\xfe", None, "not UTF-8 text", None),
]

# every subcommand that reads a scenario; sweep needs a --param to get as far as loading it
COMMANDS = {
    "run": ["run"],
    "check": ["check"],
    "plot": ["plot", "--out", "{tmp}/f.svg"],
    "races": ["races"],
    "sweep": ["sweep", "--param", "duration=10ms,20ms", "--workers", "1", "--no-progress", "--out", "{tmp}/s.csv"],
}


def _write(tmp_path, body, firmware=FW_OK, name="s.toml"):
    (tmp_path / "fw.py").write_text(firmware)
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    elif body is None:
        path.write_text('schema = 1\nfirmware = "missing.py"\n')
    else:
        path.write_text('schema = 1\nfirmware = "fw.py"\n' + textwrap.dedent(body))
    return path


def _argv(cmd, tmp_path, target):
    return [a.format(tmp=tmp_path) for a in COMMANDS[cmd]] + [str(target)]


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "/' not in text and "site-packages" not in text, text


@pytest.mark.parametrize("cmd", list(COMMANDS))
@pytest.mark.parametrize("name,body,line,message,hint", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_bad_scenario_is_a_located_error_in_every_command(tmp_path, capsys, cmd, name, body, line, message, hint):
    path = _write(tmp_path, body)
    code = main(_argv(cmd, tmp_path, path))
    out, err = capsys.readouterr()
    _no_traceback(out + err)
    assert code == 2, (cmd, out, err)
    assert message in err, err
    if hint:
        assert "hint: " in err and hint in err, err
    where = f"{path}:{line}:" if line else f"{path}"
    assert where in err, err


def test_missing_paths(tmp_path, capsys):
    for argv in (["run", "nope.toml"], ["run", "nope.py"], ["check", "nope.toml"], ["lint", "nope.py"],
                 ["races", "nope.py"], ["plot", "--out", str(tmp_path / "f.svg"), "nope.py"],
                 ["sweep", "--param", "duration=1ms", "nope.toml"], ["lab", "rta", "nope.toml"],
                 ["grade", str(tmp_path / "nope"), "--suite", "nope.toml"]):
        code = main(argv)
        out, err = capsys.readouterr()
        _no_traceback(out + err)
        assert code == 2 and "nope" in err, (argv, err)


@pytest.mark.parametrize("argv", [["run"], ["races"], ["plot", "--out", "{tmp}/f.svg"]])
def test_firmware_syntax_error_reads_like_micropython(tmp_path, capsys, argv):
    fw = tmp_path / "main.py"
    fw.write_text("x = 1\nif x\n    pass\n")
    code = main([a.format(tmp=tmp_path) for a in argv] + [str(fw)])
    out, err = capsys.readouterr()
    _no_traceback(out + err)
    assert code == 2
    assert "main.py:2: SyntaxError: invalid syntax" in err      # py/parse.c's wording
    assert "hint: Python says: expected ':'" in err


def test_syntax_error_in_scenario_firmware_for_check(tmp_path, capsys):
    path = _write(tmp_path, "", firmware="def f(:\n    pass\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'fw.py'}:1: SyntaxError: invalid syntax" in err


def test_syntax_error_in_an_imported_module_prints_micropythons_text(tmp_path, capsys):
    (tmp_path / "drv.py").write_text("def f(:\n")
    (tmp_path / "main.py").write_text("import drv\n")
    assert main(["run", str(tmp_path / "main.py")]) == 1
    out, err = capsys.readouterr()
    assert "SyntaxError: invalid syntax" in out and "('invalid syntax'" not in out + err
    _no_traceback(err)


def test_non_utf8_firmware(tmp_path, capsys):
    fw = tmp_path / "main.py"
    fw.write_bytes(b'print("a")\n\xff\n')
    for argv in (["run"], ["races"], ["lint"]):
        code = main(argv + [str(fw)])
        out, err = capsys.readouterr()
        _no_traceback(out + err)
        assert code == 2 and "main.py" in err and ("UTF-8" in err or "utf-8" in err), (argv, err)


def test_firmware_py_where_a_scenario_is_needed(tmp_path, capsys):
    fw = tmp_path / "main.py"
    fw.write_text(FW_OK)
    for argv, text in ((["check"], "reads a scenario .toml"),
                       (["sweep", "--param", "duration=1ms"], "reads a scenario .toml"),
                       (["lab", "rta"], "not valid TOML")):
        code = main(argv + [str(fw)])
        out, err = capsys.readouterr()
        _no_traceback(out + err)
        assert code == 2 and text in err, (argv, err)


PULSE = '''wires = [["p:out", "GP14"]]
[[parts]]
id = "p"
type = "pulse"
freq = "100Hz"
'''


def test_exception_in_a_hard_handler_prints_as_micropython(tmp_path, capsys):
    fw = ("from machine import Pin\nimport time\ndef h(p):\n    raise ValueError('bad edge')\n"
          "Pin(14, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)\nwhile True:\n    time.sleep_ms(100)\n")
    path = _write(tmp_path, 'duration = "25ms"\n' + PULSE, firmware=fw)
    main(["run", str(path)])
    out, err = capsys.readouterr()
    _no_traceback(err)
    # shared/runtime/mpirq.c: the message, the exception, and the IRQ is disabled (one report only)
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert lines == ["[   0.010010] Uncaught exception in IRQ callback handler",
                     "[   0.010010] Traceback (most recent call last):",
                     '[   0.010010]   File "fw.py", line 4, in h',
                     "[   0.010010] ValueError: bad edge"]
    assert out.count("Uncaught exception in IRQ callback handler") == 1


def test_exception_in_a_soft_handler_prints_a_traceback_with_virtual_time(tmp_path, capsys):
    fw = ("from machine import Pin\nimport time\ndef h(p):\n    x = [][1]\n"
          "Pin(14, Pin.IN).irq(h, Pin.IRQ_RISING)\nwhile True:\n    time.sleep_ms(100)\n")
    path = _write(tmp_path, 'duration = "25ms"\n' + PULSE, firmware=fw)
    main(["run", str(path)])
    out, err = capsys.readouterr()
    _no_traceback(err)
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert lines[:3] == ["[   0.010010] Traceback (most recent call last):",
                         '[   0.010010]   File "fw.py", line 4, in h',
                         "[   0.010010] IndexError: list index out of range"]


def test_infinite_loop_without_duration_still_ends(tmp_path, capsys):
    fw = tmp_path / "main.py"
    fw.write_text("x = 0\nwhile True:\n    x += 1\n")
    assert main(["run", str(fw)]) == 0
    out = capsys.readouterr().out
    assert "1.000000 s virtual, ended by duration" in out


@pytest.mark.parametrize("argv,text", [
    (["run", "{fw}", "--duration", "10"], "has no unit"),
    (["run", "{fw}", "--duration", "1.5ns"], "not a whole number"),
    (["run", "{fw}", "--set", "nokey"], "expected key=value"),
    (["run", "{fw}", "--set", "board.micropython.heap_byte=3"], "did you mean 'board.micropython.heap_bytes'?"),
    (["run", "{fw}", "--set", "parts.x.freq=1kHz"], "no part with id 'x'"),
    (["plot", "{fw}", "--out", "{tmp}/f.svg", "--from", "10"], "unit"),
])
def test_bad_command_line_values(tmp_path, capsys, argv, text):
    fw = tmp_path / "main.py"
    fw.write_text(FW_OK)
    code = main([a.format(fw=fw, tmp=tmp_path) for a in argv])
    out, err = capsys.readouterr()
    _no_traceback(out + err)
    assert code == 2 and text in err, err
