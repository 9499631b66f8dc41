"""Explicit float format specs (``'%.1f' % t``, ``f'{t:.2f}'``, ``'{:10.3}'.format(t)``) as
MicroPython on rp2 formats them: binary32 value, py/formatfloat.c's own rounding (floatfmt.py).

Three C functions are mirrored here, step by step:

- py/objstr.c ``mp_obj_str_format_helper``: the format-spec mini-language
  ``[[fill]align][sign][#][0][width][,|_][.precision][type]`` and what a numeric argument does
  with it (no type and ``n`` mean ``g``; ``%`` multiplies by ``100.0F`` and uses ``f``; an int
  or bool takes the float types; anything else is "unknown format code").
- py/objstr.c ``str_modulo_format``: printf-style ``%`` conversions (``-+ #0`` flags, ``*``).
- py/mpprint.c ``mp_print_float`` / ``mp_print_strn``: sign, ``%`` suffix, padding (``=``
  pads after the sign; ``0`` fill with ``,``/``_`` grouping pads with grouped zeros, and the
  number itself is never grouped; ``'%-06.1f'`` pads zeros on the right), and a 33-byte buffer
  (``char buf[36]``, size passed ``sizeof - 3``) that caps the digits of ``'%.40f'``.
"""

from __future__ import annotations

from .floatfmt import PRINT_BUF_SIZE, f32, format_float

# py/mpprint.h
LEFT_ADJUST, SHOW_SIGN, SPACE_SIGN, SHOW_PREFIX = 0x001, 0x002, 0x004, 0x008
PAD_AFTER_SIGN, CENTER_ADJUST, ADD_PERCENT = 0x010, 0x020, 0x040
SEP_POS = 9

# py/mpprint.c pad_common: pad_zeroes = +0 (16), pad_zeroes_underscore = +12 (5),
# pad_zeroes_comma = +17 (4); a grouped pad is a window sliding over this array.
_PAD_COMMON = "0000000000000000_000,00"
_FLOAT_TYPES = frozenset("eEfFgG")
_SPEC_TYPES = frozenset("bcdeEfFgGnosxX%")   # py/objstr.c istype


def print_strn(text: str, flags: int, fill: str, width: int) -> str:
    """py/mpprint.c mp_print_strn: ``text`` padded to ``width`` with ``fill``."""
    pad = width - len(text)
    grouping = chr(flags >> SEP_POS) if flags >> SEP_POS else ""
    if fill == "0" and grouping:
        start, size = (12, 5) if grouping == "_" else (17, 4)
        if width % size == 0:   # "never start with a grouping character": one more zero
            pad += 1
            width += 1
        start += size - 1 - width % size
        window = _PAD_COMMON[start:start + size]
    else:
        window = fill or " "
    if pad <= 0:
        return text
    if flags & CENTER_ADJUST:
        left = pad // 2
        right = pad - left
    elif flags & LEFT_ADJUST:
        left, right = 0, pad
    else:
        left, right = pad, 0
    return _repeat(window, left) + text + _repeat(window, right)


def _repeat(window: str, n: int) -> str:
    # mp_print_strn emits the window in chunks of at most its size, each from its start
    size = len(window)
    return window * (n // size) + window[:n % size]


_FLOAT_CACHE: dict[tuple, str] = {}


def print_float(x: float, fmt: str, flags: int, fill: str, width: int, prec: int) -> str:
    """py/mpprint.c mp_print_float for a binary32 value ``x``. A pure function of its
    arguments, memoised (bounded) because format_float's read-back search costs ~30 us on the
    host and a sensor loop prints the same few readings over and over."""
    key = (x, fmt, flags, fill, width, prec)
    text = _FLOAT_CACHE.get(key)
    if text is None:
        text = _print_float(x, fmt, flags, fill, width, prec)
        if x and x == x and len(_FLOAT_CACHE) < 4096:   # 0.0 == -0.0 and nan: not cached
            _FLOAT_CACHE[key] = text
    return text


def _print_float(x: float, fmt: str, flags: int, fill: str, width: int, prec: int) -> str:
    sign = "+" if flags & SHOW_SIGN else " " if flags & SPACE_SIGN else ""
    text = format_float(x, fmt, prec, sign, PRINT_BUF_SIZE)
    if flags & ADD_PERCENT:
        text += "%"
    if flags & PAD_AFTER_SIGN and text[0] < "0":   # a sign (' ', '+', '-') comes first
        return text[0] + print_strn(text[1:], flags, fill, width - 1)
    return print_strn(text, flags, fill, width)


def type_name(obj) -> str:
    """MicroPython's name for the type of a formatted argument (mp_obj_get_type_str); the
    wrappers of floatfmt_text.py name the type they stand for."""
    cls = type(obj)
    return getattr(cls, "mp_type_name", None) or ("str" if isinstance(obj, str) else cls.__name__)


def as_float(obj) -> float:
    """py/obj.c mp_obj_get_float: the binary32 value of a float, int or bool argument."""
    if isinstance(obj, (float, int)):   # bool is an int
        try:
            return f32(float(obj))
        except OverflowError:   # a big int: mp_obj_int_as_float_impl saturates to inf
            return f32(float("inf") if obj > 0 else float("-inf"))
    raise TypeError(f"can't convert {type_name(obj)} to float")


# ---- format-spec mini-language (str.format, f-strings) ----------------------------------------

_SPECS: dict[str, tuple[str, str, int, int, int, str]] = {}


def _parse_spec(spec: str) -> tuple[str, str, int, int, int, str]:
    """(fill, align, flags, width, precision, type) of a numeric argument's spec, parsed as
    mp_obj_str_format_helper does (``0`` sets '=' alignment and '0' fill, then is read as part
    of the width; a precision without digits stays -1)."""
    parsed = _SPECS.get(spec)
    if parsed is not None:
        return parsed
    s, i, n = spec, 0, len(spec)

    def at(k: int) -> str:
        return s[k] if k < n else ""

    fill = align = kind = ""
    flags, width, prec = 0, -1, -1
    if at(i) in ("<", ">", "=", "^") and at(i):
        align = s[i]
        i += 1
    elif at(i) and at(i + 1) in ("<", ">", "=", "^") and at(i + 1):
        fill, align = s[i], s[i + 1]
        i += 2
    if at(i) in ("+", "-", " ") and at(i):
        flags |= SHOW_SIGN if s[i] == "+" else SPACE_SIGN if s[i] == " " else 0
        i += 1
    if at(i) == "#":
        flags |= SHOW_PREFIX
        i += 1
    if at(i) == "0":
        align = align or "="
        fill = fill or "0"
    i, width = _digits(s, i, width)
    if at(i) in (",", "_") and at(i):
        flags |= ord(s[i]) << SEP_POS
        i += 1
    if at(i) == ".":
        i, prec = _digits(s, i + 1, prec)
    if at(i) in _SPEC_TYPES and at(i):
        kind = s[i]
        i += 1
    if i < n:
        raise ValueError("invalid format specifier")
    parsed = (fill or " ", align or ">", flags, width, prec, kind)
    if len(_SPECS) < 1024:
        _SPECS[spec] = parsed
    return parsed


def _digits(s: str, i: int, value: int) -> tuple[int, int]:
    """py/objstr.c str_to_int: digits at ``i`` replace ``value``; none leave it unchanged."""
    j = i
    while j < len(s) and "0" <= s[j] <= "9":
        j += 1
    return j, (int(s[i:j]) if j > i else value)


def format_number(obj, spec: str) -> str:
    """``'{:spec}'.format(obj)`` for a float, or an int/bool given a float type (``e E f F g G
    %``; no type and ``n`` too for a float), as py/objstr.c formats it."""
    fill, align, flags, width, prec, kind = _parse_spec(spec)
    if flags & (SHOW_SIGN | SPACE_SIGN):
        if kind == "s":
            raise ValueError("sign not allowed in string format specifier")
        if kind == "c":
            raise ValueError("sign not allowed with integer format specifier 'c'")
    flags |= LEFT_ADJUST if align == "<" else PAD_AFTER_SIGN if align == "=" else \
        CENTER_ADJUST if align == "^" else 0
    if kind in ("", "n"):
        kind = "g"
    if kind in _FLOAT_TYPES:
        return print_float(as_float(obj), kind, flags, fill, width, prec)
    if kind == "%":
        return print_float(f32(as_float(obj) * 100.0), "f", flags | ADD_PERCENT, fill, width, prec)
    raise ValueError(f"unknown format code '{kind}' for object of type '{type_name(obj)}'")


def int_spec_is_float(spec: str) -> bool:
    """True when an int/bool given ``spec`` is formatted as a float (py/objstr.c: the float
    types after ``arg_looks_integer``), False for the integer types (left to CPython). A spec
    MicroPython cannot parse raises its "invalid format specifier" whatever the type."""
    kind = _parse_spec(spec)[5]
    return kind in _FLOAT_TYPES or kind == "%"


# ---- printf-style % (str_modulo_format) ---------------------------------------------------------

# a parsed template: literal text, or (key, flags text, width, prec, type, index) per conversion;
# width/prec: None absent, -2 for '*'
_Conv = tuple
_TEMPLATES: dict[str, list] = {}


def _parse_template(template: str) -> list:
    parsed = _TEMPLATES.get(template)
    if parsed is not None:
        return parsed
    out: list = []
    s, i, n = template, 0, len(template)
    lit: list[str] = []
    while i < n:
        ch = s[i]
        i += 1
        if ch != "%":
            lit.append(ch)
            continue
        if i >= n:
            raise ValueError("incomplete format")
        if s[i] == "%":
            lit.append("%")
            i += 1
            continue
        key = None
        if s[i] == "(":
            j = s.find(")", i + 1)
            if j < 0:
                raise ValueError("incomplete format key")
            key, i = s[i + 1:j], j + 1
        j = i
        while i < n and s[i] in "-+ #0":
            i += 1
        flag_text = s[j:i]
        width = prec = None
        if i < n and s[i] == "*":
            width, i = -2, i + 1
        elif i < n:
            i, width = _digits(s, i, -1)
            width = None if width < 0 else width
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                prec, i = -2, i + 1
            elif i < n:
                i, prec = _digits(s, i, 0)
        if i >= n:
            raise ValueError("incomplete format")
        if lit:
            out.append("".join(lit))
            lit = []
        out.append((key, flag_text, width, prec, s[i], i))
        i += 1
    if lit:
        out.append("".join(lit))
    if len(_TEMPLATES) < 1024:
        _TEMPLATES[template] = out
    return out


def has_float_conversion(template: str) -> bool:
    """True when a %-template has an ``e E f F g G`` conversion (formatted by mod_format)."""
    try:
        return any(part.__class__ is tuple and part[4] in _FLOAT_TYPES for part in _parse_template(template))
    except ValueError:
        return False   # malformed: CPython's % reports it


def mod_format(template: str, args, shown) -> str:
    """``template % args`` as py/objstr.c str_modulo_format: float conversions through
    print_float; every other conversion is CPython's ``%`` on ``shown(arg)`` (same text for
    ints and strings; floats shown by ``shown`` as the chip shows them)."""
    parts = _parse_template(template)
    if args.__class__ is tuple:
        items, mapping = args, None
    else:
        items = (args,)
        mapping = args if isinstance(args, dict) else None
    arg_i, out = 0, []
    for part in parts:
        if part.__class__ is str:
            out.append(part)
            continue
        key, flag_text, width, prec, kind, index = part
        if key is not None:
            if mapping is None:
                raise TypeError("format needs a dict")
            arg_i = 1
        if width == -2:
            if arg_i >= len(items):
                raise TypeError("format string needs more arguments")
            width, arg_i = int(items[arg_i]), arg_i + 1
        if prec == -2:
            if arg_i >= len(items):
                raise TypeError("format string needs more arguments")
            prec, arg_i = int(items[arg_i]), arg_i + 1
        if key is not None:
            arg = mapping[key]
        elif arg_i >= len(items):
            raise TypeError("format string needs more arguments")
        else:
            arg, arg_i = items[arg_i], arg_i + 1
        if kind in _FLOAT_TYPES:
            flags, fill = 0, " "
            for flag in flag_text:
                if flag == "-":
                    flags |= LEFT_ADJUST
                elif flag == "+":
                    flags |= SHOW_SIGN
                elif flag == " ":
                    flags |= SPACE_SIGN
                elif flag == "0":
                    flags |= PAD_AFTER_SIGN
                    fill = "0"
            out.append(print_float(as_float(arg), kind, flags, fill, width or 0,
                                   -1 if prec is None else prec))
        elif kind in "cdiuoxXrs":
            conv = "%" + flag_text + ("" if width is None else str(width)) + \
                ("" if prec is None else "." + str(prec)) + kind
            out.append(conv % (shown(arg),))
        else:
            raise ValueError(f"unsupported format character '{kind}' (0x{ord(kind):x}) at index {index}")
    if mapping is None and arg_i != len(items):
        raise TypeError("format string didn't convert all arguments")
    return "".join(out)
