"""Firmware confinement seams (src/irqsim/mpy/confine.py): refused escapes, intact MicroPython use."""

import pytest

from irqsim.mpy.confine import ConfinementError
from irqsim.sim import build


def run(tmp_path, src):
    fw = tmp_path / "fw.py"
    fw.write_text(src)
    sim = build(fw, overrides={"duration": "10ms"})
    return sim, sim.run()


@pytest.mark.parametrize("src", [
    "x = print.__globals__\n",
    "import sys\nx = sys.getrecursionlimit.__self__\n",
    "x = object.__subclasses__()\n",
    "x = getattr(print, '__glo' + 'bals__')\n",
    "x = hasattr(print, '__closure__')\n",
    "exec('y = print.__globals__')\n",
    "x = eval('(1).__class__.__base__')\n",
    "def g():\n    yield 1\nf = g().gi_frame\n",
    "try:\n    raise ValueError\nexcept ValueError as e:\n    tb = e.__traceback__\n",
])
def test_escape_hatches_are_refused_and_recorded(tmp_path, src):
    fw = tmp_path / "fw.py"
    fw.write_text(src)
    sim = build(fw, overrides={"duration": "10ms"})
    with pytest.raises(ConfinementError) as exc:
        sim.run()
    assert sim.port.refusals
    assert "may not use" in exc.value.message


@pytest.mark.parametrize("src, text", [
    ("x = __loader__\n", "NameError"),
    ("import json\nx = json.codecs\n", "AttributeError"),
    ("import io\nx = io.open\n", "AttributeError"),
    ("import sys\nx = sys.stdout._port\n", "AttributeError"),
    ("open('/etc/hostname')\n", "OSError"),
    ("import os\nos.system('true')\n", "AttributeError"),
    ("import subprocess\n", "ImportError"),
])
def test_host_reach_is_not_there(tmp_path, src, text):
    _, result = run(tmp_path, src)
    assert result.firmware_error is not None and text in result.firmware_error.message


def test_micropython_code_still_runs(tmp_path):
    sim, result = run(tmp_path, (
        "import json, io, collections, struct, math, sys\n"
        "try:\n    import typing\nexcept ImportError:\n    typing = None\n"
        "x = 5\nexec('y = x + 1')\nz = eval('x * 2')\n"
        "class A:\n    def __init__(self):\n        self.v = 1\n"
        "a = A()\nsetattr(a, 'w', getattr(a, 'v') + 1)\n"
        "print(json.dumps({'y': y, 'z': z, 'w': a.w}), io.StringIO('s').read(), struct.pack('<H', 1),"
        " type(a).__name__, a.__dict__, typing)\n"
        "sys.stdout.write('done\\n')\n"))
    assert result.firmware_error is None, result.firmware_error
    assert result.stdout[0][1] == "{\"y\": 6, \"z\": 10, \"w\": 2} s b'\\x01\\x00' A {'v': 1, 'w': 2} None"
    assert result.stdout[1][1] == "done"
    assert sim.port.refusals == []
