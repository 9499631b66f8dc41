"""Firmware sees rp2 MicroPython's builtins only (mpy/builtins.py MICROPYTHON_BUILTINS): code that
leans on a CPython-only builtin must fail here as it fails on the chip, not pass silently."""

from __future__ import annotations

import pytest

from tests.corpus.conftest import texts


@pytest.mark.parametrize("source,name", [
    ("print(format(1.5))", "format"),
    ("print(vars(object()))", "vars"),
    ("try:\n    open('/nope')\nexcept FileNotFoundError:\n    pass", "FileNotFoundError"),
    ("print(ascii('x'))", "ascii"),
    ("exit()", "exit"),
])
def test_cpython_only_builtins_are_undefined(run_json, write_fw, source, name):
    code, doc, _ = run_json(write_fw(source + "\n"))
    assert code == 1
    assert texts(doc)[-1] == f"NameError: name '{name}' isn't defined"


def test_micropython_builtins_work(run_json, write_fw):
    code, doc, _ = run_json(write_fw("""
        try:
            open('/nope')
        except OSError as e:
            print('oserror', e.errno)
        print(sorted(set([3, 1, 2])), divmod(7, 2), hex(255), isinstance('a', str))
        print(type(frozenset()).__name__, callable(print), round(2.5))
        help(5)
    """))
    assert code == 0
    assert texts(doc)[:3] == ["oserror 2", "[1, 2, 3] (3, 1) 0xff True", "frozenset True 2"]
    assert texts(doc)[3] == "object 5 is of type int"


@pytest.mark.parametrize("source,last", [
    ("import math\nprint(math.comb(5, 2))", "AttributeError: module 'math' has no attribute 'comb'"),
    ("import struct\nstruct.Struct('<h')", "AttributeError: module 'struct' has no attribute 'Struct'"),
    ("from collections import Counter", "ImportError: can't import name Counter"),
])
def test_host_backed_modules_have_micropythons_api(run_json, write_fw, source, last):
    code, doc, _ = run_json(write_fw(source + "\n"))
    assert code == 1
    assert texts(doc)[-1] == last


def test_host_backed_modules_work(run_json, write_fw):
    code, doc, _ = run_json(write_fw("""
        import math, struct, ujson, ucollections, errno
        print(math.isclose(math.sqrt(2) ** 2, 2), struct.unpack('<h', struct.pack('<h', -2))[0])
        print(ujson.dumps({'a': [1, 2]}), ucollections.deque((), 4).__class__.__name__, errno.ENOENT)
    """))
    assert code == 0
    assert texts(doc) == ["True -2", '{"a": [1, 2]} deque 2']
