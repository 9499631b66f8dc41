"""Builtin types' methods as rp2 MicroPython has them: the run-time half.

Firmware runs on CPython's str/bytes/int..., which have methods the chip lacks (``"5".zfill(3)``,
``s.casefold()``, ``n.bit_length()``) and signatures it does not take (``s.split(sep=",")``,
``int.from_bytes(b, "big", signed=True)``). builtin_methods_rewrite.py routes the firmware's
attribute loads of those names (builtin_methods_table.py, generated from a MicroPython build)
through the helpers below, injected into the firmware's globals. They decide on the exact type
of the object, so a user class (or a subclass) that defines ``zfill`` keeps working.
"""

from __future__ import annotations

import builtins

from .builtin_methods_table import MISSING, NO_KEYWORDS

# type -> (names CPython has and MicroPython lacks, MicroPython methods that refuse keywords)
_BY_TYPE = {getattr(builtins, name): (MISSING[name], NO_KEYWORDS[name]) for name in MISSING}

# the names whose loads the rewrite routes through mp_attr / mp_kw (any receiver)
# Names list, dict or set have (pop, insert, remove, copy, clear, reverse: bytearray lacks them on
# rp2) are not routed through the check: they are everywhere in hot firmware loops, and a
# bytearray.pop() that works here but not on the chip is the rarer mistake. Documented in
# docs/micropython.md.
_COMMON = frozenset(n for t in (list, dict, set) for n in dir(t) if not n.startswith("_"))
ATTR_NAMES = (frozenset().union(*MISSING.values()) - _COMMON) | {"from_bytes"}
KEYWORD_NAMES = frozenset().union(*NO_KEYWORDS.values())


def _facts(obj):
    """(missing, no-keywords) for an instance of a builtin type or the type itself, else None;
    the second item tells the AttributeError wording apart."""
    cls = type(obj)
    facts = _BY_TYPE.get(cls)
    if facts is not None:
        return facts, False
    if cls is type:
        facts = _BY_TYPE.get(obj)
        if facts is not None:
            return facts, True
    return None, False


def mp_from_bytes(buf, byteorder="big", signed=False, /):
    """``int.from_bytes`` as py/objint.c int_from_bytes: positional only (keywords raise, see
    mp_kw), byteorder defaults to big and anything but ``"little"`` is big, and ``signed`` is
    accepted but ignored ("TODO: Support signed param (assumes signed=False at the moment)")."""
    return int.from_bytes(buf, "little" if byteorder == "little" else "big")


def mp_attr(obj, name):
    """``obj.name`` for a name some builtin type lacks on the chip: MicroPython's AttributeError
    text for those types (py/runtime.c mp_load_method: "'str' object has no attribute 'zfill'",
    "type object 'str' has no attribute 'zfill'"), the host attribute otherwise."""
    facts, is_type = _facts(obj)
    if facts is not None and name in facts[0]:
        if is_type:
            raise AttributeError(f"type object '{obj.__name__}' has no attribute '{name}'")
        raise AttributeError(f"'{type(obj).__name__}' object has no attribute '{name}'")
    if name == "from_bytes" and (obj is int or type(obj) is int):
        return mp_from_bytes
    return getattr(obj, name)


def _no_keywords(*args, **kwargs):
    # py/runtime.c mp_arg_check_num_sig: a C method without keyword support
    raise TypeError("function doesn't take keyword arguments")


def mp_kw(obj, name):
    """``obj.name`` at a call site that passes keywords: a builtin method that takes none on
    the chip (``s.split(sep=",")``, ``int.from_bytes(b, "big", signed=True)``) raises there."""
    facts, _ = _facts(obj)
    if facts is not None and name in facts[1]:
        return _no_keywords
    return mp_attr(obj, name)


# names the rewritten firmware calls (builtin_methods_rewrite.py); injected into its globals
HELPERS = {"_irqsim_mattr": mp_attr, "_irqsim_mkw": mp_kw}
