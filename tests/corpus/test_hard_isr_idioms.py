"""Hard-handler idioms that allocate nothing on rp2 must not raise MemoryError here, and the
linter must agree with the runtime; their allocating neighbours still raise."""

from __future__ import annotations

import pytest
from tests.corpus.conftest import texts

from irqsim.lint import lint_paths

HANDLER = """
from machine import Timer
import time
a = 1
b = 2
c = 3
buf = bytearray(4)
mv = memoryview(buf)
src = b"xy"
def cb(t):
    global a, b, c
    {line}
Timer(period=1, mode=Timer.PERIODIC, callback=cb, hard=True)
time.sleep_ms(5)
print("done", a, b, c, bytes(buf))
"""


@pytest.mark.parametrize("line", [
    "a, b = b, a",            # py/compile.c: ROT_TWO, no tuple (MICROPY_COMP_DOUBLE_TUPLE_ASSIGN)
    "a, b, c = c, a, b",      # ROT_THREE (MICROPY_COMP_TRIPLE_TUPLE_ASSIGN)
    "mv[0:2] = src",          # py/vm.c: stack-allocated slice for a built-in sequence
    "buf[1:3] = src",
])
def test_non_allocating_idioms_run_in_hard_handlers(run_json, write_fw, line):
    code, doc, _ = run_json(write_fw(HANDLER.replace("{line}", line)), "--duration", "10ms")
    assert code == 0
    assert not [v for v in doc["violations"] if v["code"] == "IRQ101"]
    assert texts(doc)[-1].startswith("done")
    assert "IRQ101" not in [d.code for d in lint_paths([str(write_fw(HANDLER.replace("{line}", line)))])]


@pytest.mark.parametrize("line", [
    "t = (a, b)",             # a real tuple
    "a, b = b, a, c",         # unequal lengths: built and unpacked
    "x = buf[0:2]",           # a load makes a new bytearray
])
def test_allocating_neighbours_still_raise(run_json, write_fw, line):
    code, doc, _ = run_json(write_fw(HANDLER.replace("{line}", line)), "--duration", "10ms")
    assert [v["code"] for v in doc["violations"]][:1] == ["IRQ101"]
