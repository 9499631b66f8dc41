"""Load-time rewrite of firmware so its text conversions show floats as the chip does.

Replacing the ``str`` builtin with a function or subclass would break ``isinstance(x, str)``
and ``type(x) is str``, so instead the firmware's own conversion sites are redirected to the
helpers of floatfmt_text.py (injected into its globals):

- every f-string field ``{x...}``      -> ``{_irqsim_fv(x)...}`` (conversion and spec kept);
  a field whose spec may be a float one (``{n:.2f}``, ``{n:{w}}``) -> ``_irqsim_fvs``, which
  wraps ints too (``f'{3:.2f}'`` is ``3.00``); ``{n:5d}``, ``{n:5}`` keep ``_irqsim_fv``
- ``str(x)``, ``repr(x)`` -> ``_irqsim_str/_repr(...)``, unless the module binds that name
  itself (``str = ...``). ``format(x)`` is left alone: rp2 MicroPython has no ``format``
  builtin (py/modbuiltins.c), so it raises NameError as on the chip (mpy/builtins.py).
- ``"literal".format(...)``           -> ``_irqsim_strformat("literal", ...)``
- ``fmt.format(...)`` (any other receiver) -> ``_irqsim_anyformat(fmt, ...)``: the same for a
  str (``FMT = "{:.2f}"`` at module level), ``fmt.format(...)`` for anything else
- ``"literal" % args``                -> ``_irqsim_mod("literal", args)``

It runs after the cost instrumentation (runtime/instrument.py), on the instrumented tree, so the
per-line cost model charges exactly what it charged before and no line number moves; a module
with none of these sites compiles to the same code as before.
"""

from __future__ import annotations

import ast
import re

# A %-conversion: flags, width, precision, length, type (Python's printf-style grammar).
_CONVERSION = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(.)", re.S)
_INTEGER_ONLY = frozenset("diouxXc%")


def _may_show_float(template: str) -> bool:
    """False when every conversion in a %-template is an integer or char one (``"sample %d"``):
    a float there prints as an integer on both sides, so the site keeps CPython's own ``%`` and
    a hot main loop pays no helper call for it."""
    return any(kind not in _INTEGER_ONLY for kind in _CONVERSION.findall(template))


def _spec_may_take_int(node: ast.FormattedValue) -> bool:
    """True when an f-string field's spec could format an int as a float: a float type or a
    spec only known at run time (no type is 'd' for an int on both sides). A conversion
    (``!r``) makes the value a str."""
    spec = node.format_spec
    if spec is None or node.conversion != -1:
        return False
    if isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values):
        text = "".join(v.value for v in spec.values)
        return text[-1:] in ("e", "E", "f", "F", "g", "G", "%")
    return True


_CALLS = {"str": "_irqsim_str", "repr": "_irqsim_repr"}


def _bound_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


class _Rewriter(ast.NodeTransformer):
    def __init__(self, calls: dict[str, str]) -> None:
        self.calls = calls
        self.changed = False

    def _call(self, name: str, args: list, keywords: list, like: ast.AST) -> ast.Call:
        self.changed = True
        return ast.copy_location(ast.Call(func=ast.copy_location(ast.Name(name, ast.Load()), like),
                                          args=args, keywords=keywords), like)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        self.generic_visit(node)
        helper = "_irqsim_fvs" if _spec_may_take_int(node) else "_irqsim_fv"
        node.value = self._call(helper, [node.value], [], node.value)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id in self.calls:
            plain = not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)
            if plain and len(node.args) == 1:
                return self._call(self.calls[func.id], node.args, [], node)
        if (isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant)
                and isinstance(func.value.value, str)):
            return self._call("_irqsim_strformat", [func.value, *node.args], node.keywords, node)
        if isinstance(func, ast.Attribute) and func.attr == "format" and not isinstance(func.value, ast.Constant):
            return self._call("_irqsim_anyformat", [func.value, *node.args], node.keywords, node)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if (isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
                and isinstance(node.left.value, str) and _may_show_float(node.left.value)):
            return self._call("_irqsim_mod", [node.left, node.right], [], node)
        return node


def rewrite(tree: ast.Module) -> bool:
    """Redirect the text conversions of ``tree`` in place; True if anything changed."""
    bound = _bound_names(tree)
    rewriter = _Rewriter({k: v for k, v in _CALLS.items() if k not in bound})
    rewriter.visit(tree)
    if rewriter.changed:
        ast.fix_missing_locations(tree)
    return rewriter.changed
