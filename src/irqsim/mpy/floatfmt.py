"""Float -> text exactly as MicroPython on rp2 writes it (single precision).

rp2 builds MicroPython with ``MICROPY_FLOAT_IMPL_FLOAT`` (ports/rp2/mpconfigport.h), so a float
is an IEEE binary32 and ``MICROPY_FLOAT_FORMAT_IMPL`` defaults to ``APPROX`` (py/mpconfig.h).
``repr``/``str`` of a float is ``mp_print_float(f, 'g', PF_FLAG_ALWAYS_DECIMAL, prec=
MP_FLOAT_REPR_PREC)`` (py/objfloat.c float_print, py/mpprint.c), and ``mp_format_float``
(py/formatfloat.c, since dbbaa959c8) tries 6 significant digits first, then searches the
mantissa and adds digits (up to 9) until MicroPython's own parser reads the text back as the
same float. With APPROX there is no wider type: ``mp_large_float_t`` is ``float`` and
``mp_large_float_uint_t`` is ``uint32_t`` (py/misc.h), so every step below runs in binary32
arithmetic, including the read-back parser (py/parsenum.c mp_parse_float_internal) and
``mp_decimal_exp``'s exponent-field trick. We reproduce those operations one by one: a
binary32 +, -, *, / done in a double and rounded once to binary32 is exactly the binary32
result (53 >= 2*24 + 2 bits, so the double rounding is innocuous). ``powf(5, n)`` is taken as
correctly rounded (exact for |n| <= 10; glibc's powf, which the reference build used, is).

Only text conversion is single precision: the firmware's arithmetic stays CPython double
(see docs/scenario.md "Where the lesson and the chip differ").
"""

from __future__ import annotations

import math
import struct

_F = struct.Struct("<f")
_I = struct.Struct("<I")

MAX_MANTISSA_DIGITS = 9    # py/formatfloat.c, MICROPY_FLOAT_IMPL_FLOAT
SAFE_MANTISSA_DIGITS = 6
FPMIN_BUF_SIZE = 6         # "+9e+99"
REPR_PREC = 99             # py/formatfloat.h MP_FLOAT_REPR_PREC
PRINT_BUF_SIZE = 36 - 3    # py/mpprint.c mp_print_float: char buf[36]; size passed is sizeof - 3
_MANTISSA_MAX = 0x19999998  # py/parsenum.c, 32-bit mp_large_float_uint_t
_LOG10_2 = 0.0             # set below: MICROPY_FLOAT_CONST(0.3010299956639812) as a float32
_U32 = 0xFFFFFFFF


def f32(x: float) -> float:
    """Round a double to the nearest binary32 (C's (float) cast: ties to even, inf on overflow)."""
    try:
        return _F.unpack(_F.pack(x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _bits(x: float) -> int:
    return _I.unpack(_F.pack(x))[0]


def _from_bits(b: int) -> float:
    return _F.unpack(_I.pack(b & _U32))[0]


_LOG10_2 = f32(0.3010299956639812)


def _pow5(n: int) -> float:
    try:
        return f32(5.0 ** n)
    except OverflowError:
        return math.inf


def decimal_exp(num: float, dec_exp: int) -> float:
    """py/parsenum.c mp_decimal_exp (APPROX): ``num * 10**dec_exp`` as the chip computes it:
    add dec_exp to the 8-bit exponent field (wrapping, as the C bitfield does), then scale by
    ``powf(5, dec_exp)``."""
    if dec_exp == 0 or num == 0.0:
        return num
    b = _bits(num)
    exp = ((b >> 23) + dec_exp) & 0xFF
    res = _from_bits((b & 0x807FFFFF) | (exp << 23))
    if -10 <= dec_exp < 0:   # MAX_EXACT_POWER_OF_5 for float
        return f32(res / _pow5(-dec_exp))
    return f32(res * _pow5(dec_exp))


def parse_unsigned(text: str) -> float:
    """py/parsenum.c mp_parse_float_internal on an unsigned decimal, in binary32."""
    in_part = 0  # 0: integer digits, 1: fraction, 2: exponent
    exp_neg = False
    mantissa = exp_val = exp_extra = 0
    zeros_intg = zeros_frac = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        i += 1
        if "0" <= ch <= "9":
            dig = ord(ch) - 48
            if in_part == 2:
                if exp_val < (0x7FFFFFFF // 2 - 9) // 10:
                    exp_val = 10 * exp_val + dig
            elif dig == 0 or mantissa >= _MANTISSA_MAX:
                if in_part == 0:
                    zeros_intg += 1
                else:
                    zeros_frac += 1
            else:
                while zeros_intg:
                    mantissa, exp_extra = _accept(mantissa, 0, exp_extra, 0)
                    zeros_intg -= 1
                while zeros_frac:
                    mantissa, exp_extra = _accept(mantissa, 0, exp_extra, 1)
                    zeros_frac -= 1
                mantissa, exp_extra = _accept(mantissa, dig, exp_extra, in_part)
        elif in_part == 0 and ch == ".":
            in_part = 1
        elif in_part != 2 and ch in "eE":
            in_part = 2
            if i < n and text[i] in "+-":
                exp_neg = text[i] == "-"
                i += 1
        else:
            break
    if exp_neg:
        exp_val = -exp_val
    exp_val += exp_extra + zeros_intg
    return f32(decimal_exp(f32(float(mantissa)), exp_val))


def _accept(mantissa: int, dig: int, exp_extra: int, in_part: int) -> tuple[int, int]:
    if mantissa < _MANTISSA_MAX:
        if in_part == 1:
            exp_extra -= 1
        return (10 * mantissa + dig) & _U32, exp_extra
    if in_part == 0:
        exp_extra += 1
    return mantissa, exp_extra


# formatting modes (py/formatfloat.c)
_E, _G, _F_MODE, _CASE = 0x01, 0x02, 0x04, 0x20


def _mantissa_text(mantissa: int, cap: int, prefix: str, num_digits: int, max_exp_zeros: int,
                   trailing_zeros: int, dec: int, e: int, flags: int) -> str:
    """py/formatfloat.c mp_format_mantissa: digits, dot, zeros and exponent after ``prefix``."""
    if mantissa and mantissa >= cap:
        if flags & _F_MODE:
            num_digits += 1
            dec += 1
        else:
            mantissa //= 10
            e += 1
    if flags & _G and e != 0:
        if e >= 0:
            if e < max_exp_zeros:
                dec += e
                if dec >= num_digits:
                    trailing_zeros = dec - (num_digits - 1)
                e = 0
        elif e >= -4:
            cnt = 0
            while e < 0 and not mantissa % 10:
                mantissa //= 10
                cnt += 1
                e += 1
            num_digits -= cnt
            prefix += "0." + "0" * max(0, cnt - e - 1)
            dec = 255
            e = 0
    digits = [""] * max(num_digits, 0)
    for d in range(num_digits - 1, -1, -1):
        digits[d] = chr(48 + mantissa % 10)
        mantissa //= 10
    dot = dec >= 255
    if dec + 1 < num_digits:
        dot = True
        digits.insert(dec + 1, ".")
    out = prefix + "".join(digits)
    if trailing_zeros:
        dec -= num_digits - 1
        tail = []
        while trailing_zeros:
            trailing_zeros -= 1
            if dec == 0:
                tail.append(".")
                dot = True
            dec -= 1
            tail.append("0")
        out += "".join(tail)
    if flags & _G and dot:
        out = out.rstrip("0")
        if out.endswith("."):
            out = out[:-1]
    if (e != 0 or flags & _E) and not flags & _F_MODE:
        out += ("e" if flags & _CASE else "E") + ("+" if e >= 0 else "-") + f"{abs(e):02d}"
    return out


def format_float(x: float, fmt: str = "g", prec: int = -1, sign: str = "",
                 buf_size: int = PRINT_BUF_SIZE) -> str:
    """py/formatfloat.c mp_format_float for a binary32 ``x`` (rounded here first)."""
    f = f32(x)
    if math.copysign(1.0, f) < 0 and not math.isnan(f):
        f = -f
        sign = "-"
    if sign:
        buf_size -= 1
    uc = ord(fmt) & 0x20
    if math.isinf(f) or math.isnan(f):
        word = "INF" if math.isinf(f) else "NAN"
        return sign + (word.lower() if uc else word)
    flags = uc
    lofmt = chr(ord(fmt) | 0x20)
    flags |= _F_MODE if lofmt == "f" else _G if lofmt == "g" else _E
    if prec < 0:
        prec = 6
    max_exp_zeros = prec if prec < buf_size - 3 else buf_size - 3
    if prec == REPR_PREC:
        prec = MAX_MANTISSA_DIGITS
        max_exp_zeros = 16
    e = 0
    fb = _bits(f)
    if fb:   # fp_iszero: the bit pattern (f is non-negative here)
        e = int(f32(float(((fb >> 23) & 0xFF) - 127) * _LOG10_2))
        positive = 0 if fb < 0x3F800000 else 1   # fp_isless1
        u_base = f32(decimal_exp(1.0, e + positive))
        while (f >= u_base) == bool(positive):
            e += 1 if positive else -1
            u_base = f32(decimal_exp(1.0, e + positive))
    if flags & _F_MODE and e > 0 and e + prec + 2 > buf_size:
        flags ^= _F_MODE
        flags |= _G
        prec += 1
    max_digits, lead_zeros, trail_zeros = prec, 0, 0
    if flags & _F_MODE:
        max_digits = min(max_digits, buf_size - 3)
        if e < 0:
            if max_digits > 2 and e < -2:
                lead_zeros = min(-e, max_digits) - 2
                max_digits -= lead_zeros
            else:
                max_digits += 1
        else:
            max_digits += e + 1
    elif not flags & _G or max_digits == 0:
        max_digits += 1
    if max_digits > MAX_MANTISSA_DIGITS:
        trail_zeros = max_digits - MAX_MANTISSA_DIGITS
        max_digits = MAX_MANTISSA_DIGITS
    overhead = 3 if flags & _F_MODE else FPMIN_BUF_SIZE + 1
    trail_zeros = min(trail_zeros, buf_size - max_digits - overhead)
    num_digits = min(SAFE_MANTISSA_DIGITS, max_digits)
    return sign + _search(f, fb, e, flags, num_digits, max_digits, lead_zeros, trail_zeros, max_exp_zeros)


def _search(f, fb, e, flags, num_digits, max_digits, lead_zeros, trail_zeros, max_exp_zeros) -> str:
    """The APPROX branch of mp_format_float: guess, read back, dichotomic mantissa search."""
    while True:   # try_again
        prefix = ""
        extra_zeros = trail_zeros + (max_digits - num_digits)
        dec = 0
        if not fb:
            decexp = 0
        elif flags & _F_MODE:
            decexp = num_digits - 1
            if e < 0:
                if lead_zeros > 0:
                    prefix = "0." + "0" * lead_zeros
                    decexp += lead_zeros + 1
                    dec = 255
            else:
                decexp -= e
                dec = e
        else:
            decexp = num_digits - e - 1
        cap = 10 ** num_digits & _U32
        mantissa = 1
        if num_digits > SAFE_MANTISSA_DIGITS and decexp > 1:   # no wider float: integer digits
            if num_digits > SAFE_MANTISSA_DIGITS + 1 and decexp > 2:
                mantissa, decexp = 100, decexp - 2
            else:
                mantissa, decexp = 10, decexp - 1
        mantissa_f = decimal_exp(f, decexp)
        mantissa = mantissa * _to_u32(f32(mantissa_f + 0.5)) & _U32

        def render(m: int) -> str:
            return _mantissa_text(m, cap, prefix, num_digits, max_exp_zeros, extra_zeros, dec, e, flags)  # noqa: B023 - used within this iteration only

        text = render(mantissa)
        diff = f32(parse_unsigned(text) - f)
        if _bits(diff) == 0:
            return text
        best_diff, best_mantissa = diff, mantissa
        err_range = 1 << (3 * (num_digits - SAFE_MANTISSA_DIGITS)) if num_digits > SAFE_MANTISSA_DIGITS else 1
        retry = False
        for _ in range(3 + 3 * (MAX_MANTISSA_DIGITS - SAFE_MANTISSA_DIGITS)):
            if math.copysign(1.0, diff) < 0:
                mantissa = (mantissa + err_range) & _U32
            else:
                mantissa = (mantissa - err_range) & _U32
            text = render(mantissa)
            diff = f32(parse_unsigned(text) - f)
            if _bits(diff) == 0:
                return text
            delta = f32(abs(diff) - abs(best_diff))
            if math.copysign(1.0, delta) < 0 or (_bits(delta) == 0 and not mantissa % 10):
                best_diff, best_mantissa = diff, mantissa
            if err_range > 1:
                err_range >>= 1
                continue
            if num_digits < max_digits:
                num_digits += 1
                retry = True
                break
            return text if mantissa == best_mantissa else render(best_mantissa)
        if not retry:
            return text


X86_CAST = False   # tests only: the cast as gcc compiles it on x86-64 (the unix-port reference)


def _to_u32(x: float) -> int:
    """C's ``(uint32_t)`` cast of a non-negative float. Out of range it is undefined behaviour,
    and only subnormals reach it (mp_decimal_exp's exponent-field trick sets the implicit bit):
    the RP2350's Cortex-M33 ``vcvt.u32.f32`` saturates; x86-64's ``cvttss2si`` to a 64-bit
    register keeps the low 32 bits (0 past 2**63). The chip's behaviour is the default."""
    if math.isnan(x) or x <= 0.0:
        return 0
    if X86_CAST:
        return int(x) & _U32 if x < 2.0 ** 63 else 0
    return min(int(x), _U32)


_REPR_CACHE: dict[float, str] = {}


def mp_float_repr(x: float) -> str:
    """``repr(x)`` / ``str(x)`` as MicroPython on rp2 prints it: binary32, 'g', shortest text
    that reads back (up to 9 digits), positional up to 1e16, ``.0`` when neither '.' nor 'e'."""
    text = _REPR_CACHE.get(x)
    if text is not None:
        return text
    text = format_float(x, "g", REPR_PREC)
    if "." not in text and "e" not in text and "n" not in text:
        text += ".0"   # PF_FLAG_ALWAYS_DECIMAL (py/mpprint.c)
    if x and len(_REPR_CACHE) < 4096:   # a pure function of x (0.0 == -0.0: not cached)
        _REPR_CACHE[x] = text
    return text
