"""`irqsim run firmware.py --part ... --at ...`: a student attaches parts without TOML, and a
run whose firmware arms an IRQ on an undriven pin says what to do next."""

from __future__ import annotations

import pytest

from irqsim.cli import main
from irqsim.cli.attach import parse_at, parse_part

FW = """from machine import Pin
import time
count = 0
def on_edge(pin):
    global count
    count += 1
Pin(14, Pin.IN, Pin.PULL_UP).irq(on_edge, Pin.IRQ_FALLING)
while True:
    time.sleep_ms(100)
    print("count", count)
"""


@pytest.fixture
def fw(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(FW)
    return path


def test_parse_part_and_at():
    assert parse_part("button:GP14") == ({"id": "button", "type": "button"}, [["button:pin", "GP14"]])
    assert parse_part("k=encoder:clk=GP14,dt=GP15,bounce=1ms") == (
        {"id": "k", "type": "encoder", "bounce": "1ms"}, [["k:clk", "GP14"], ["k:dt", "GP15"]])
    assert parse_part("pulse:GP3,freq=2kHz,count=5") == (
        {"id": "pulse", "type": "pulse", "freq": "2kHz", "count": 5}, [["pulse:out", "GP3"]])
    assert parse_at("100ms:btn.press,hold=50ms") == {"at": "100ms", "part": "btn", "action": "press", "hold": "50ms"}


def test_a_button_pressed_from_the_command_line_counts(fw, capsys):
    code = main(["run", str(fw), "--duration", "450ms", "--part", "button:GP14",
                 "--at", "100ms:button.click", "--at", "250ms:button.press,hold=50ms"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "[   0.400017] count 2" in out
    assert "nothing drives" not in err


def test_a_pulse_generator_from_the_command_line(fw, capsys):
    assert main(["run", str(fw), "--duration", "150ms", "--part", "gen=pulse:GP14,freq=100Hz"]) == 0
    out = capsys.readouterr().out
    assert "count 10" in out and "GP14: 15 edges" in out


def test_an_undriven_irq_pin_gets_a_next_step(fw, capsys):
    assert main(["run", str(fw), "--duration", "50ms"]) == 0
    err = capsys.readouterr().err
    assert "GP14 has a Pin IRQ but nothing drives it" in err
    assert "--part button:GP14 --at 100ms:button.click" in err


def test_parts_add_to_a_scenarios_own(tmp_path, capsys):
    (tmp_path / "main.py").write_text(FW)
    (tmp_path / "s.toml").write_text('schema = 1\nfirmware = "main.py"\nduration = "250ms"\n'
                                     '[[parts]]\nid = "led"\ntype = "led"\n')
    assert main(["run", str(tmp_path / "s.toml"), "--part", "button:GP14", "--at", "100ms:button.click"]) == 0
    assert "count 1" in capsys.readouterr().out


@pytest.mark.parametrize("argv,text", [
    (["--part", "buton:GP14"], "did you mean 'button'?"),
    (["--part", "button"], "which GPIO?"),
    (["--part", "button:D5"], "unknown pin 'D5'"),
    (["--part", "button:GP99"], "GP99"),
    (["--part", "button:GP14,bonce=1ms"], "did you mean 'bounce'?"),
    (["--part", "button:GP14", "--at", "100ms:btn.click"], "did you mean 'button'?"),
    (["--part", "button:GP14", "--at", "100ms:button.clik"], "did you mean 'click'?"),
    (["--part", "button:GP14", "--at", "100:button.click"], "has no unit"),
    (["--at", "button.click"], "expected TIME:PART.ACTION"),
])
def test_bad_part_and_at(fw, capsys, argv, text):
    code = main(["run", str(fw)] + argv)
    out, err = capsys.readouterr()
    assert code == 2 and text in err and "Traceback" not in err, err
