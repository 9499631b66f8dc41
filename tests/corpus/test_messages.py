"""Uncaught exceptions print MicroPython's wording (py/runtime.c, py/obj.c), not CPython's."""

from __future__ import annotations

import pytest

from tests.corpus.conftest import texts

CASES = [
    ("print(undefined_name)", "NameError: name 'undefined_name' isn't defined"),
    ("1 / 0", "ZeroDivisionError: divide by zero"),
    ("7 % 0", "ZeroDivisionError: divide by zero"),
    ("1.5 / 0", "ZeroDivisionError: divide by zero"),
    ("f = None\nf()", "TypeError: 'NoneType' object isn't callable"),
    ("x = 1\nx += 'a'", "TypeError: unsupported types for __add__: 'int', 'str'"),
    ("x = 3\nx[0]", "TypeError: 'int' object isn't subscriptable"),
    ("t = (1,)\nt[0] = 2", "TypeError: 'tuple' object doesn't support item assignment"),
    ("for i in 5:\n    pass", "TypeError: 'int' object isn't iterable"),
    ("[1][3]", "IndexError: list index out of range"),
    ("{}['k']", "KeyError: k"),
    ("int('z')", "ValueError: invalid syntax for integer with base 10: 'z'"),   # py/parsenum.c
]


@pytest.mark.parametrize("source,last", CASES)
def test_uncaught_exception_text(run_json, write_fw, source, last):
    code, doc, err = run_json(write_fw(source + "\n"))
    assert code == 1
    assert texts(doc)[-1] == last
    assert doc["firmware_error"]["message"] == last
    assert "Warning" not in err   # no CPython SyntaxWarning ("perhaps you missed a comma?")


def test_handler_exception_text(run_json, write_fw):
    fw = write_fw("""
        from machine import Timer
        import time
        def cb(t):
            return 10 // 0
        Timer(period=1, mode=Timer.ONE_SHOT, callback=cb)
        time.sleep_ms(5)
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc)[-1] == "ZeroDivisionError: divide by zero"
