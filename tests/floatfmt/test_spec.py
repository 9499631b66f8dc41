"""Explicit format specs against real MicroPython: spec_vectors.txt holds seeded (value, spec)
cases, ``'{:spec}'.format(v)`` and ``'%spec' % v``, printed by the float32 unix build (see
gen_spec_vectors.py), checked byte for byte through the helpers the rewritten firmware calls."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from irqsim.mpy import floatfmt, floatfmt_spec
from irqsim.mpy.floatfmt_rewrite import _may_show_float
from irqsim.mpy.floatfmt_text import mp_mod, mp_strformat
from irqsim.mpy.mp_messages import mp_message
from irqsim.sim import build

VECTORS = [line.split("\t") for line in (Path(__file__).parent / "spec_vectors.txt").read_text().split("\n") if line]


def _value(text: str):
    kind, v = text.split(":")
    if kind == "f":
        return struct.unpack("<f", struct.pack("<I", int(v, 16)))[0]
    return v == "True" if kind == "b" else int(v)


def host(kind: str, value, spec: str) -> str:
    """What the firmware's site computes on the host: ``.format`` always goes through the
    helper; a %-template only when it may show a float (floatfmt_rewrite._may_show_float)."""
    try:
        if kind == "F":
            return mp_strformat("{:" + spec + "}", value)
        template = "%" + spec
        return mp_mod(template, value) if _may_show_float(template) else template % value
    except Exception as exc:   # noqa: BLE001 - compared as text with MicroPython's exception
        return f"!{type(exc).__name__}: {mp_message(exc, str(exc))}"   # as a traceback shows it


@pytest.fixture
def x86_cast(monkeypatch):
    monkeypatch.setattr(floatfmt, "X86_CAST", True)
    monkeypatch.setattr(floatfmt, "_REPR_CACHE", {})   # %r/%s of a subnormal: repr is cached
    monkeypatch.setattr(floatfmt_spec, "_FLOAT_CACHE", {})


def test_vectors_match_micropython_build(x86_cast):
    assert len(VECTORS) > 5000
    bad = [(kind, v, spec, want, got) for kind, v, spec, want in VECTORS
           if (got := host(kind, _value(v), spec)) != want]
    assert bad[:20] == [] and not bad


def test_chip_cast_differs_only_for_tiny_subnormals(monkeypatch):
    monkeypatch.setattr(floatfmt_spec, "_FLOAT_CACHE", {})
    monkeypatch.setattr(floatfmt, "_REPR_CACHE", {})
    # Cortex-M33 saturates the out-of-range float->uint32 cast, x86-64 wraps (see test_repr.py)
    diff = [v for kind, v, spec, want in VECTORS if host(kind, _value(v), spec) != want]
    assert all(v.startswith("f:") and int(v[2:], 16) & 0x7FFFFFFF < 0x00000100 for v in diff)


# statements a sensor firmware writes, and what the float32 MicroPython build printed for them
FIRMWARE = """\
t = 21.25
n = 3
w = 8
FMT = "{:.2f}"
print("%.1f C" % t, f"{t:.2f}", f"{n:.2f}", f"{n:5d}|", f"{t:{w}.3}|", "{:.2f}".format(n), "{:>8.1%}".format(0.255))
print("%s=%5.1f %d%%" % ("t", t, 2.5), "%*.*f|" % (w, 2, t), "%(a).2e %(b)s" % {"a": t, "b": 0.1}, "%-7.2f|%+06.1f" % (t, -t))
print(f"{True:.1f}", "{} {:.0f} {!r}".format(True, False, 0.1), f"{t!r:>7}", f"{-0.0:+.1f}", "%.3g" % 1e-5, "%10.4E" % 123456.0)
print(FMT.format(2.675), "%+.1f" % 2.25, "{:.3e}".format(1234.5), "%.10f" % 0.1, "{:10.3}|".format(1234.5), "%d" % 2.5)
for bad in ("{:d}", "{:.2s}"):
    try:
        bad.format(t)
    except ValueError as e:
        print("ValueError", e)
try:
    "%f %f" % (t,)
except TypeError as e:
    print("TypeError", e)
try:
    "%.1f" % "x"
except TypeError as e:
    print("TypeError", e)
"""
EXPECTED = [
    "21.3 C 21.25 3.00     3|     21.3| 3.00    25.5%",
    "t= 21.3 2%    21.25| 2.13e+01 0.1 21.25  |-021.3",
    "1.0 True 0 0.1   21.25 -0.0 1e-05 1.2346E+05",
    "2.67 +2.3 1.235e+03 0.1000000000   1.23e+03| 2",
    "ValueError unknown format code 'd' for object of type 'float'",
    "ValueError unknown format code 's' for object of type 'float'",
    "TypeError format string needs more arguments",
    "TypeError can't convert str to float",
]


def test_firmware_specs_print_as_on_the_chip(tmp_path):
    (tmp_path / "main.py").write_text(FIRMWARE)
    (tmp_path / "scenario.toml").write_text(
        'schema = 1\nboard = "pico2"\nfirmware = "main.py"\nseed = 1\nduration = "10ms"\n')
    result = build(tmp_path / "scenario.toml").run()
    assert result.firmware_error is None, result.firmware_error
    assert [line for _, line in result.stdout] == EXPECTED


def test_integer_sites_stay_cheap():
    # integer-only %-templates keep CPython's % and {n:5d} keeps the float-only helper
    import ast

    from irqsim.mpy.floatfmt_rewrite import rewrite

    tree = ast.parse("a = 'n=%d %x' % (n, n)\nb = f'{n:5d}{n:3}'\nc = f'{n:.1f}{n:{w}}'\n")
    rewrite(tree)
    text = ast.unparse(tree)
    assert "'n=%d %x' % (n, n)" in text
    assert text.count("_irqsim_fvs(") == 2 and text.count("_irqsim_fv(") == 3   # {w} in the spec too
