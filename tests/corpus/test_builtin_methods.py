"""Builtin types' methods as rp2 MicroPython has them (mpy/builtin_methods*.py): a CPython-only
method (``"5".zfill(3)``) or keyword call (``s.split(sep=",")``) fails as on the chip, with the
chip's text; MicroPython's own methods and user classes keep working. Expected texts were
checked against a MicroPython v1.29 unix build at rp2's ROM level."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from tests.corpus.conftest import texts

from irqsim.mpy import builtin_methods_rewrite, builtin_methods_table

ROOT = Path(__file__).resolve().parents[2]
MICROPYTHON = os.environ.get("IRQSIM_MICROPYTHON", "/tmp/h6mp/ports/unix/build-standard/micropython")


@pytest.mark.parametrize("source,last", [
    ("print('5'.zfill(3))", "AttributeError: 'str' object has no attribute 'zfill'"),
    ("s = 'Ab'\nprint(s.casefold())", "AttributeError: 'str' object has no attribute 'casefold'"),
    ("print('xa'.removeprefix('x'))", "AttributeError: 'str' object has no attribute 'removeprefix'"),
    ("print(b'1'.rjust(3))", "AttributeError: 'bytes' object has no attribute 'rjust'"),
    ("n = 5\nprint(n.bit_length())", "AttributeError: 'int' object has no attribute 'bit_length'"),
    ("print(True.to_bytes(1, 'big'))", "AttributeError: 'bool' object has no attribute 'to_bytes'"),
    ("print((1.5).is_integer())", "AttributeError: 'float' object has no attribute 'is_integer'"),
    ("f = str.zfill", "AttributeError: type object 'str' has no attribute 'zfill'"),
    ("print('a b'.split(sep=' '))", "TypeError: function doesn't take keyword arguments"),
    ("print(int.from_bytes(b'\\x01', 'big', signed=True))",
     "TypeError: function doesn't take keyword arguments"),
    ("print(int.from_bytes(b'\\x01', byteorder='big'))",
     "TypeError: function doesn't take keyword arguments"),
])
def test_cpython_only_methods_raise_as_on_the_chip(run_json, write_fw, source, last):
    code, doc, _ = run_json(write_fw(source + "\n"))
    assert code == 1
    assert texts(doc)[-1] == last
    assert texts(doc)[-2].startswith('  File "main.py", line ')   # the firmware's frame only


def test_micropython_methods_and_user_classes_work(run_json, write_fw):
    code, doc, _ = run_json(write_fw("""
        class Pad:
            def zfill(self, n):
                return 'pad%d' % n
        class Word(str):
            def casefold(self):
                return 'own'
        print(Pad().zfill(3), Word('A').casefold(), getattr(Pad(), 'zfill')(1))
        print('a,b'.split(','), 'a b c'.rsplit(None, 1), [3, 1].pop(), {1: 2}.get(1))
        print(int.from_bytes(b'\\xff\\x01', 'little'), int.from_bytes(b'\\xff', 'big', True))
        print((5).to_bytes(2, 'big', signed=True), (-1).to_bytes(1, 'big', signed=True))
        print(sorted([1, 3, 2], key=None, reverse=True), 'ab'.startswith('a'))
        try:
            'x'.title()
        except AttributeError as e:
            print('caught', e)
    """))
    assert code == 0
    assert texts(doc) == [
        "pad3 own pad1",
        "['a', 'b'] ['a b', 'c'] 1 2",
        "511 255",   # signed accepted positionally and ignored (py/objint.c int_from_bytes)
        "b'\\x00\\x05' b'\\xff'",
        "[3, 2, 1] True",
        "caught 'str' object has no attribute 'title'",
    ]


def _dump(source: str) -> tuple[bool, str]:
    tree = ast.parse(source)
    changed = builtin_methods_rewrite.rewrite(tree)
    return changed, ast.dump(tree, include_attributes=True)


def test_other_names_compile_unchanged():
    source = "x = [1]\nx.append(2)\nprint(x.count(2), 'a'.upper(), d.get(1, 2))\nx.pop = 3\n"
    changed, dumped = _dump(source)
    assert not changed
    assert dumped == ast.dump(ast.parse(source), include_attributes=True)


def test_rewrite_keeps_lines():
    tree = ast.parse("a = 1\nb = s.zfill(\n  3)\nc = s.split(sep=',')\n")
    assert builtin_methods_rewrite.rewrite(tree)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert {(c.func.id, c.lineno) for c in calls} >= {("_irqsim_mattr", 2), ("_irqsim_mkw", 4)}


@pytest.mark.skipif(not os.access(MICROPYTHON, os.X_OK), reason="no MicroPython unix build")
def test_table_matches_micropython_build():
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    try:
        import gen_builtin_methods
    finally:
        sys.path.pop(0)
    table = Path(builtin_methods_table.__file__).read_text(encoding="utf-8")
    assert gen_builtin_methods.generate(MICROPYTHON) == table


@pytest.mark.parametrize("library,source", [
    ("asyncio", "import asyncio\nasync def f():\n    await asyncio.sleep_ms(1)\n    print('ok')\n"
                "asyncio.run(f())\n"),
    ("unittest", "import unittest\nclass T(unittest.TestCase):\n    def test_a(self):\n"
                 "        self.assertEqual('a'.upper(), 'A')\nunittest.main()\nprint('ok')\n"),
    ("neopixel", "import machine, neopixel\nnp = neopixel.NeoPixel(machine.Pin(2), 3)\n"
                 "np[0] = (1, 2, 3)\nnp.write()\nprint('ok')\n"),
    ("onewire", "import machine, onewire, ds18x20\n"
                "ds = ds18x20.DS18X20(onewire.OneWire(machine.Pin(4)))\nprint('ok', ds.scan())\n"),
    ("dht", "import machine, dht\nd = dht.DHT22(machine.Pin(5))\nprint('ok')\n"),
])
def test_bundled_libraries_load(run_json, write_fw, library, source):
    code, doc, _ = run_json(write_fw(source))
    assert code == 0, texts(doc)
    assert any(t.startswith("ok") for t in texts(doc))


def test_list_dict_set_method_names_stay_unchecked():
    """pop/insert/remove/copy/clear/reverse are missing only on bytearray: hot list/dict code keeps
    CPython's plain attribute access (no helper call), by design (builtin_methods._COMMON)."""
    from irqsim.mpy.builtin_methods import ATTR_NAMES

    assert not {"pop", "insert", "remove", "copy", "clear", "reverse"} & ATTR_NAMES
    assert {"zfill", "bit_length", "tobytes"} <= ATTR_NAMES
