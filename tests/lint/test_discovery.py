"""Handler discovery: registration forms, hard/soft, transitive callees."""

from __future__ import annotations

import ast
from pathlib import Path

from irqsim.lint.discovery import Module

CORPUS = Path(__file__).parent / "corpus"


def handlers(src: str) -> dict[str, tuple[bool, set[str]]]:
    mod = Module(ast.parse(src))
    return {h.func.qualname: (h.hard, {r.source for r in h.regs}) for h in mod.handlers.values()}


def test_registration_forms():
    found = handlers((CORPUS / "discovery.py").read_text(encoding="utf-8"))
    assert found == {
        "a": (True, {"Pin.irq"}), "<lambda>": (True, {"Pin.irq"}), "work": (True, {"Pin.irq"}),
        "Knob.on_edge": (True, {"Pin.irq"}), "b": (True, {"Timer"}), "c": (False, {"UART.irq"}),
        "d": (True, {"StateMachine.irq"}), "e": (False, {"schedule"}),
    }


def test_bound_method_of_self_and_nested_function():
    src = (
        "from machine import Pin\n"
        "class S:\n"
        "    def __init__(self):\n"
        "        self._echo = Pin(15, Pin.IN)\n"
        "        self._echo.irq(handler=self._echo_handler, hard=True)\n"
        "    def _echo_handler(self, pin):\n"
        "        self._helper()\n"
        "    def _helper(self):\n"
        "        pass\n"
        "def make():\n"
        "    def inner(p):\n"
        "        pass\n"
        "    Pin(2).irq(inner)\n"
    )
    found = handlers(src)
    assert found["S._echo_handler"] == (True, {"Pin.irq"})
    assert found["S._helper"] == (True, {"Pin.irq"})        # reached through a call
    assert found["make.inner"] == (False, {"Pin.irq"})      # default hard=False on rp2


def test_removing_a_handler_is_not_a_registration():
    assert handlers("from machine import Pin\np = Pin(1)\np.irq(None)\np.irq()\n") == {}
