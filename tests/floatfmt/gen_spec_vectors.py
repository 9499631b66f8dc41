"""Regenerate spec_vectors.txt: seeded (value, spec) cases printed by a float32 MicroPython.

Run by hand (not collected by pytest):

    python tests/floatfmt/gen_spec_vectors.py /path/to/float32/micropython > tests/floatfmt/spec_vectors.txt

The binary is the unix port built from the mirror with MICROPY_FLOAT_IMPL_FLOAT (see
test_repr.py). Each line is ``kind<TAB>value<TAB>spec<TAB>text``: kind ``F`` is
``'{:spec}'.format(value)``, ``M`` is ``'%spec' % value``; value is ``f:<binary32 hex>``,
``i:<int>`` or ``b:<bool>``; text is what MicroPython printed, or ``!<Exception>: <message>``.
"""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import tempfile

SEED = 15
FILLS = " *0_x.-<"


def _bits(x: float) -> str:
    return f"{struct.unpack('<I', struct.pack('<f', x))[0]:08x}"


def values(rng: random.Random) -> list[str]:
    vals = []
    edge = [0.0, -0.0, 0.5, 1.0, -1.0, 2.25, 2.5, 0.125, 0.05, 0.15, 0.25, 1.5, 9.5, 99.5, 999.95, 0.1,
            1e-5, 1e-4, 1e15, 1e16, 1e17, 3.4e38, 1.2e-38, 1e-45, 123456789.0, 16777217.0, 1234.5,
            float("inf"), float("-inf"), float("nan"), 0.999999, 9.999999, 99999.99, 0.0001234]
    vals += ["f:" + _bits(x) for x in edge]
    for _ in range(260):
        r = rng.random()
        if r < 0.35:   # sensor readings: short decimals in -50..150
            x = round(rng.uniform(-50, 150), rng.randint(0, 3))
        elif r < 0.5:   # exact ties at 1..3 decimals (x.x5 is a tie only when binary32-exact)
            x = rng.randint(-4000, 4000) / rng.choice((2, 4, 8, 16, 20, 200))
        elif r < 0.7:   # wide magnitudes
            x = rng.uniform(1, 10) * 10.0 ** rng.randint(-12, 20) * rng.choice((1, -1))
        else:   # any finite bit pattern
            b = rng.getrandbits(32)
            while (b >> 23) & 0xFF == 0xFF:
                b = rng.getrandbits(32)
            vals.append(f"f:{b:08x}")
            continue
        vals.append("f:" + _bits(x))
    ints = [0, 1, -1, 3, 7, 25, -42, 100, 1000, 65535, 123456789, 2**24 + 1, -(2**31), 2**40 + 3]
    vals += [f"i:{n}" for n in ints] + ["b:True", "b:False"]
    vals += [f"i:{rng.randint(-10**6, 10**6)}" for _ in range(20)]
    return vals


def format_spec(rng: random.Random) -> str:
    spec = ""
    if rng.random() < 0.3:
        spec += rng.choice(FILLS) if rng.random() < 0.6 else ""
        spec += rng.choice("<>=^")
    if rng.random() < 0.3:
        spec += rng.choice("+- ")
    if rng.random() < 0.1:
        spec += "#"
    if rng.random() < 0.2:
        spec += "0"
    if rng.random() < 0.5:
        spec += str(rng.randint(0, 16))
    if rng.random() < 0.12:
        spec += rng.choice(",_")
    if rng.random() < 0.75:
        spec += "." + str(rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 35, 40)))
    r = rng.random()
    spec += rng.choice("eEfFgG%n") if r < 0.85 else "" if r < 0.95 else rng.choice("dxbcos")
    return spec


def mod_spec(rng: random.Random) -> str:
    spec = "".join(rng.choice("-+ #0") for _ in range(rng.choice((0, 0, 0, 1, 1, 2))))
    if rng.random() < 0.5:
        spec += str(rng.randint(1, 16))
    if rng.random() < 0.75:
        spec += "." + str(rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40)))
    r = rng.random()
    spec += rng.choice("eEfFgG") if r < 0.9 else rng.choice("disr")
    return spec


def _in_scope(kind: str, v: str, spec: str) -> bool:
    """Integer formatting is not this module's (ints with integer types go to CPython, whose
    precision/error rules differ from py/mpprint.c mp_print_mp_int): keep ints with float
    types, and %d/%i of a float only without precision and for finite values."""
    last = spec[-1:]
    if v[0] in "ib":
        return last in "eEfFgG%" and kind == "F" or kind == "M" and last in "eEfFgG"
    if kind == "M" and last in "di":
        return "." not in spec and v not in ("f:7f800000", "f:ff800000", "f:7fc00000")
    return True


def cases() -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    vals = values(rng)
    out = []
    for v in vals:
        for kind, n, gen in (("F", 9, format_spec), ("M", 7, mod_spec)):
            made = 0
            while made < n:
                spec = gen(rng)
                if _in_scope(kind, v, spec):
                    out.append((kind, v, spec))
                    made += 1
    return out


SCRIPT = r"""
import struct
def val(s):
    k, v = s.split(':')
    if k == 'f':
        return struct.unpack('<f', struct.pack('<I', int(v, 16)))[0]
    if k == 'b':
        return v == 'True'
    return int(v)
for kind, v, spec in CASES:
    x = val(v)
    try:
        t = ('{:' + spec + '}').format(x) if kind == 'F' else ('%' + spec) % x
    except Exception as e:
        t = '!' + type(e).__name__ + ': ' + str(e)
    print(t + '|')
"""


def main() -> None:
    all_cases = cases()
    with tempfile.NamedTemporaryFile("w", suffix=".py") as script:
        script.write("CASES = " + repr(all_cases) + "\n" + SCRIPT)
        script.flush()
        lines = subprocess.run([sys.argv[1], script.name], capture_output=True, text=True,
                               check=True).stdout.split("|\n")
    for (kind, v, spec), text in zip(all_cases, lines):
        sys.stdout.write(f"{kind}\t{v}\t{spec}\t{text}\n")


if __name__ == "__main__":
    main()
