"""The countdown object and the instrumenter's located nodes (runtime speed work, round 3)."""

import ast

import pytest

from irqsim.runtime.costs import CostModel
from irqsim.runtime.countdown import Countdown
from irqsim.runtime.cpu import Countdown as CpuCountdown
from irqsim.runtime.instrument import Instrumenter
from irqsim.spec.board import load_board

FIRMWARE = '''
import time
count = 0
f = lambda x: x + 1
def handler(pin):
    """doc"""
    global count
    count += 1
    if count > 2:
        pass
    else:
        count = f(count)
class C:
    def m(self):
        for i in range(3):
            try:
                x = [i]
            except:
                x = None
        while x:
            x = None
'''


def test_countdown_index_zero_is_the_slot():
    b = Countdown(5)
    assert CpuCountdown is Countdown
    assert b[0] == 5
    b[0] = 7
    assert b.n == 7
    with pytest.raises(IndexError):
        b[1]
    with pytest.raises(IndexError):
        b[1] = 0


def test_every_node_is_located_when_built():
    board = load_board("pico2")
    tree = Instrumenter(CostModel(board.vm), board.cycles_to_ns).instrument(ast.parse(FIRMWARE))
    missing = [type(n).__name__ for n in ast.walk(tree)
               if isinstance(n, (ast.stmt, ast.expr)) and getattr(n, "lineno", None) is None]
    assert missing == []
    compile(tree, "fw.py", "exec", dont_inherit=True)  # no fix_missing_locations needed
    charges = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "n"]
    assert charges and all(n.lineno >= 1 for n in charges)
