"""Pin.ALT_* are the chip's FUNCSEL numbers (ports/rp2/machine_pin.c over pico-sdk io_bank0.h)."""

from __future__ import annotations

from irqsim.testing import Bench


def _alts(tmp_path, board):
    fw = tmp_path / "main.py"
    fw.write_text("from machine import Pin\n"
                  "print(Pin.ALT_PIO1, getattr(Pin, 'ALT_PIO2', None), Pin.ALT_GPCK, Pin.ALT_USB)\n")
    bench = Bench(fw, board=board, duration="1ms")
    return bench.run().stdout[0][1]


def test_rp2350_funcsel_numbers(tmp_path):
    assert _alts(tmp_path, "pico2") == "7 8 9 10"


def test_rp2040_funcsel_numbers(tmp_path):
    assert _alts(tmp_path, "pico") == "7 None 8 9"
