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
]


def mp_message(exc: BaseException, text: str) -> str:
    """MicroPython's message for ``exc`` whose CPython message is ``text``."""
    for kind, pattern, repl in _RULES:
        if isinstance(exc, kind):
            m = pattern.match(text)
            if m:
                return repl(m) if callable(repl) else m.expand(repl)
    return text
