"""CPython's wording of the exceptions the VM raises, rewritten as MicroPython prints them.

Firmware runs on CPython, so ``1 / 0`` raises ``ZeroDivisionError('division by zero')``
where the chip says ``divide by zero``. Tracebacks and handler-exception reports print
MicroPython's text (py/runtime.c, py/obj.c); ``str(e)`` inside the firmware keeps CPython's.
"""

from __future__ import annotations

import re

# py/runtime.c mp_binary_op: "unsupported types for %q" names the method; an in-place
# operator falls back to the plain one first, so `+=` reports __add__ too.
_OPS = {"+": "add", "-": "sub", "*": "mul", "@": "matmul", "/": "truediv", "//": "floordiv",
        "%": "mod", "**": "pow", "<<": "lshift", ">>": "rshift", "&": "and", "|": "or", "^": "xor"}
_OPS.update({op + "=": name for op, name in list(_OPS.items())})
_OPS["** or pow()"] = "pow"
_OPS["**= or pow()"] = "pow"

_RULES: list[tuple[type, re.Pattern, object]] = [
    (NameError, re.compile(r"^name '(.+)' is not defined$"), r"name '\1' isn't defined"),
    (TypeError, re.compile(r"^'(.+)' object is not (callable|iterable|subscriptable|an iterator)$"),
     r"'\1' object isn't \2"),
    (TypeError, re.compile(r"^'(.+)' object does not support item (assignment|deletion)$"),
     r"'\1' object doesn't support item \2"),
    (ZeroDivisionError, re.compile(r"^(float |integer )?(division|modulo|division or modulo) by zero$"),
     "divide by zero"),
    (ImportError, re.compile(r"^cannot import name '(.+?)' from .*$"), r"can't import name \1"),
    (TypeError, re.compile(r"^unsupported operand type\(s\) for (.+): '(.+)' and '(.+)'$"),
     lambda m: f"unsupported types for __{_OPS.get(m.group(1), m.group(1))}__: '{m.group(2)}', '{m.group(3)}'"),
    (TypeError, re.compile(r"^can only concatenate (\w+) \(not \"(\w+)\"\) to \w+$"),
     r"unsupported types for __add__: '\1', '\2'"),
    (TypeError, re.compile(r"^'(<|<=|>|>=)' not supported between instances of '(.+)' and '(.+)'$"),
     lambda m: f"unsupported types for __{_CMP[m.group(1)]}__: '{m.group(2)}', '{m.group(3)}'"),
    (TypeError, re.compile(r"^unhashable type: '(.+)'$"), r"unsupported type for __hash__: '\1'"),
    # Calls to Python functions: py/bc.c at MICROPY_ERROR_REPORTING_NORMAL, the rp2 level
    # (EXTRA_FEATURES ROM level, py/mpconfig.h:934): no function name; "takes" counts the
    # positional parameters (self included, as CPython counts it).
    (TypeError, re.compile(r"^\S+\(\) takes (?:from \d+ to )?(\d+) positional arguments? but (\d+) (?:was|were) given$"),
     r"function takes \1 positional arguments but \2 were given"),
    (TypeError, re.compile(r"^\S+\(\) got an unexpected keyword argument '(.+)'$"), r"unexpected keyword argument '\1'"),
    (TypeError, re.compile(r"^\S+\(\) got multiple values for argument '(.+)'$"),
     r"function got multiple values for argument '\1'"),
    (TypeError, re.compile(r"^int\(\) argument must be .*, not '(.+)'$"), r"can't convert \1 to int"),
    (TypeError, re.compile(r"^%[di] format: a real number is required, not (.+)$"), r"can't convert \1 to int"),
    (ValueError, re.compile(r"^invalid literal for int\(\) with base (\d+): (.*)$"),
     r"invalid syntax for integer with base \1: \2"),
    (ValueError, re.compile(r"^list\.(remove|index)\(x\): x not in list$"), "object not in sequence"),
    (ValueError, re.compile(r"^chr\(\) arg not in range\(0x110000\)$"), "char not in range(0x110000)"),   # py/modbuiltins.c:141
    (IndexError, re.compile(r"^Replacement index \d+ out of range for positional args tuple$"),
     "tuple index out of range"),
]
_CMP = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


def mp_message(exc: BaseException, text: str) -> str:
    """MicroPython's message for ``exc`` whose CPython message is ``text``."""
    for kind, pattern, repl in _RULES:
        if isinstance(exc, kind):
            m = pattern.match(text)
            if m:
                return repl(m) if callable(repl) else m.expand(repl)
    return text
