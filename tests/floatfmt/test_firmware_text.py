"""Firmware text conversions show floats as MicroPython on rp2 does. Expected lines were
printed by the float32 unix build of MicroPython (see test_repr.py) for the same statements,
except format(), which rp2's MicroPython lacks (no MP_QSTR_format in py/modbuiltins.c)."""

from __future__ import annotations

import textwrap

from irqsim.sim import build

HEAD = 'schema = 1\nboard = "pico2"\nfirmware = "main.py"\nseed = 1\nduration = "10ms"\n'


def run(tmp_path, source: str):
    (tmp_path / "main.py").write_text(textwrap.dedent(source))
    (tmp_path / "scenario.toml").write_text(HEAD)
    result = build(tmp_path / "scenario.toml").run()
    assert result.firmware_error is None, result.firmware_error
    return result, [line for _, line in result.stdout]


FIRMWARE = """\
x = 0.1 + 0.2
y = -3.4 * 1.0
print(x, y, 1/3, 123456789.0, 1e16, 1e-5, -0.0)
print([x, (1.5,)], {'a': 0.1}, (y,), [1, 'a'])
print(str(x), repr(y), f'{x}', f'{x!r}', f'{x!s}', '{}'.format(x), '{!r}'.format(y))
print('%s %r' % (x, y), '%s' % x, '%.2f' % 3.14159, '{:.3e}'.format(1234.5), '%.10f' % 0.1)
print(f'{x:.3f}', '%d' % 2.5, '%s' % ([x],), '{}'.format([x]), str([x]))
print(isinstance(str(x), str), type(str(x)) is str, str(b'ab', 'utf-8'))
print(float('inf'), float('nan'), -float('inf'))
"""
EXPECTED = [
    "0.3 -3.4 0.33333334 123456790.0 1e+16 1e-05 -0.0",
    "[0.3, (1.5,)] {'a': 0.1} (-3.4,) [1, 'a']",
    "0.3 -3.4 0.3 0.3 0.3 0.3 -3.4",
    # explicit specs round as py/formatfloat.c does (CPython: 1.234e+03, 0.1000000015)
    "0.3 -3.4 0.3 3.14 1.235e+03 0.1000000000",
    "0.300 2 [0.3] [0.3] [0.3]",
    "True True ab",
    "inf nan -inf",
]


def test_firmware_prints_floats_like_the_chip(tmp_path):
    _, out = run(tmp_path, FIRMWARE)
    assert out == EXPECTED


def test_shadowed_names_are_left_alone(tmp_path):
    _, out = run(tmp_path, """\
        def format(v, spec=''):
            return 'mine'
        print(format(0.1 + 0.2), repr(0.1 + 0.2))
        """)
    assert out == ["mine 0.3"]


def test_rewrite_does_not_change_timing(tmp_path, monkeypatch):
    src = """\
        import time
        t = time.ticks_us()
        for i in range(50):
            s = f'{i * 0.1}' + str(i / 3) + '%s' % 0.2 + '{}'.format(0.5) + repr(i * 0.7)
        print(time.ticks_diff(time.ticks_us(), t), s)
        """
    rewritten, out = run(tmp_path, src)
    from irqsim.mpy import floatfmt_rewrite

    monkeypatch.setattr(floatfmt_rewrite, "rewrite", lambda tree: False)
    plain, out_plain = run(tmp_path, src)
    assert out[0].split()[0] == out_plain[0].split()[0]   # same charges: the rewrite is free
    assert out[0].split()[1:] != out_plain[0].split()[1:]  # ... and it did change the text
    assert rewritten.end_ns == plain.end_ns
