"""Firmware drawing with framebuf on irqsim prints what real MicroPython prints.

The ``.exp`` files were produced by MicroPython's unix port built from the mirror (commit
1c3c201149, v1.29 preview) running the same firmware: see make_golden.py. draw_random.py holds
~1100 seeded random drawing calls over all seven formats (clipping, odd strides, colour
truncation, blit with keys and palettes, scroll, text outside the font range), errors.py the
exceptions for ~50 bad calls, subclass_driver.py a display driver in the ssd1306 style.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from irqsim.sim import Simulation
from irqsim.spec.scenario import Scenario

FIRMWARE = Path(__file__).resolve().parent / "firmware"
CASES = ["draw_random.py", "errors.py", "subclass_driver.py"]


def run(name: str):
    scenario = Scenario(path=None, firmware=FIRMWARE / name, duration_ns=1_000_000_000)
    return Simulation(scenario).run()


@pytest.mark.parametrize("name", CASES)
def test_matches_real_micropython(name):
    result = run(name)
    assert result.firmware_error is None, result.firmware_error
    expected = (FIRMWARE / (name + ".exp")).read_text()
    got = result.stdout_text()
    if got != expected:  # the first differing line, not a 15 kB diff
        for i, (a, b) in enumerate(zip(got.splitlines(), expected.splitlines(), strict=False)):
            assert a == b, f"line {i + 1} differs"
    assert got == expected


def test_random_firmware_is_the_generated_one():
    """draw_random.py is what make_golden.py generates (so the .exp is for this source)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_golden", Path(__file__).with_name("make_golden.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.random_firmware() == (FIRMWARE / "draw_random.py").read_text()


def test_random_drawing_on_the_host_class_matches_too(monkeypatch, capsys):
    """The same firmware run by CPython directly against FrameBufferBase (no simulator)."""
    import sys

    from irqsim.mpy.framebuf import FrameBufferBase, make_module

    monkeypatch.setitem(sys.modules, "framebuf", make_module(FrameBufferBase))
    source = (FIRMWARE / "draw_random.py").read_text()
    exec(compile(source, "draw_random.py", "exec"), {"__name__": "__main__"})
    assert capsys.readouterr().out == (FIRMWARE / "draw_random.py.exp").read_text()
