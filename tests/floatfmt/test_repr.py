"""mp_float_repr against real MicroPython: the unix port built from the mirror with
MICROPY_FLOAT_IMPL_FLOAT (a variant including ../mpconfigvariant_common.h with that one
define; FORMAT_IMPL then defaults to APPROX as on rp2). repr_vectors.txt holds
`<binary32 bits> <repr>` for 6049 seeded random bit patterns (uniform, sensor-range,
short decimals) and edge cases, printed by that build."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from irqsim.mpy import floatfmt

VECTORS = [line.split() for line in (Path(__file__).parent / "repr_vectors.txt").read_text().splitlines()]


def _f(bits_hex: str) -> float:
    return struct.unpack("<f", struct.pack("<I", int(bits_hex, 16)))[0]


@pytest.fixture
def x86_cast(monkeypatch):
    monkeypatch.setattr(floatfmt, "X86_CAST", True)
    monkeypatch.setattr(floatfmt, "_REPR_CACHE", {})


def test_vectors_match_micropython_build(x86_cast):
    bad = [(h, want, floatfmt.mp_float_repr(_f(h))) for h, want in VECTORS
           if floatfmt.mp_float_repr(_f(h)) != want]
    assert len(VECTORS) > 6000
    assert bad == []


def test_chip_cast_differs_only_for_tiny_subnormals():
    # On the chip the out-of-range float->uint32 cast saturates (Cortex-M33 vcvt), on x86 it wraps.
    diff = [h for h, want in VECTORS if floatfmt.mp_float_repr(_f(h)) != want]
    assert diff and all(int(h, 16) & 0x7FFFFFFF < 0x00000100 for h in diff)


@pytest.mark.parametrize(("x", "text"), [
    (0.1 + 0.2, "0.3"), (-3.4 * 1.0, "-3.4"), (0.0, "0.0"), (-0.0, "-0.0"), (1e16, "1e+16"),
    (1e15, "1000000000000000.0"), (1e-5, "1e-05"), (0.0001, "0.0001"), (123456789.0, "123456790.0"),
    (float("inf"), "inf"), (float("-inf"), "-inf"), (float("nan"), "nan"), (-float("nan"), "nan"),
    (1 / 3, "0.33333334"), (3.4e38, "3.4e+38"), (1e39, "inf"), (16777217.0, "16777216.0"),
])
def test_edge_cases(x, text):
    assert floatfmt.mp_float_repr(x) == text


def test_rounds_double_to_binary32_first():
    assert floatfmt.f32(0.1) != 0.1 and floatfmt.mp_float_repr(0.1) == floatfmt.mp_float_repr(floatfmt.f32(0.1))
