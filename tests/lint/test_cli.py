"""``irqsim lint``: output format, exit codes, json, selection, suppression, --explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from irqsim.cli import main

BAD = "from machine import Pin\n\ndef h(p):\n    print('x')\n\nPin(1).irq(handler=h, hard=True)\n"
GOOD = "from machine import Pin\n\nflag = False\n\ndef h(p):\n    global flag\n    flag = True\n\nPin(1).irq(handler=h)\n"


@pytest.fixture
def files(tmp_path: Path):
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    return tmp_path


def test_exit_codes_and_text_format(files, capsys):
    assert main(["lint", str(files / "good.py")]) == 0
    assert capsys.readouterr().out == ""
    assert main(["lint", str(files / "bad.py")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{files / 'bad.py'}:4:5: IRQ201 print() in hard Pin.irq handler 'h': on rp2 it can stall "
                   "up to 500 ms when the USB buffer is full"]


def test_usage_errors_exit_2(files, capsys):
    assert main(["lint"]) == 2
    assert main(["lint", str(files / "missing.py")]) == 2
    assert main(["lint", "--select", "XYZ1", str(files)]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "unknown rule code" in err and "Traceback" not in err


def test_directory_json_and_selection(files, capsys):
    assert main(["lint", "--format", "json", str(files)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"], d["severity"]) for d in doc] == [("IRQ201", 4, "warning")]
    assert doc[0]["fix"] and doc[0]["rule"] == "print-in-hard-handler"
    assert main(["lint", "--ignore", "IRQ2", str(files)]) == 0
    assert main(["lint", "--select", "IRQ1", str(files)]) == 0
    assert main(["lint", "--exit-zero", str(files)]) == 0


def test_noqa_in_file(tmp_path, capsys):
    (tmp_path / "fw.py").write_text(BAD.replace("print('x')", "print('x')  # noqa: IRQ201"))
    assert main(["lint", str(tmp_path / "fw.py")]) == 0


def test_explain(capsys):
    assert main(["lint", "--explain", "irq101"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("IRQ101 alloc-in-hard-handler (error)") and "fix:" in out
    assert main(["lint", "--explain", "IRQ000"]) == 2


def test_pre_commit_hook_definition():
    root = Path(__file__).resolve().parents[2]
    text = (root / ".pre-commit-hooks.yaml").read_text()
    assert "id: irqsim-lint" in text and "entry: irqsim lint" in text and "types: [python]" in text
