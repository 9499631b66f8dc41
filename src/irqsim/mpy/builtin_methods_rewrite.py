"""Load-time rewrite of firmware so builtin types' methods are rp2 MicroPython's.

The attribute loads whose name some builtin type lacks on the chip (builtin_methods.ATTR_NAMES:
``x.zfill``, ``x.casefold``, ``x.bit_length`` ..., plus ``from_bytes``) become
``_irqsim_mattr(x, "zfill")``; a call that passes keywords to a name some builtin method refuses
them for (``s.split(sep=",")``) gets ``_irqsim_mkw(s, "split")(sep=",")``. The helpers
(builtin_methods.py) check the object's type at run time, so user classes keep their methods.

Like floatfmt_rewrite.py it runs after the cost instrumentation (runtime/instrument.py), on the
instrumented tree: the per-line cost model charges what it charged before, no line moves, and a
module without such names compiles to the same code as before.
"""

from __future__ import annotations

import ast

from .builtin_methods import ATTR_NAMES, KEYWORD_NAMES


class _Rewriter(ast.NodeTransformer):
    def __init__(self) -> None:
        self.changed = False

    def _helper(self, helper: str, node: ast.Attribute) -> ast.Call:
        self.changed = True
        name = ast.copy_location(ast.Name(helper, ast.Load()), node)
        attr = ast.copy_location(ast.Constant(node.attr), node)
        return ast.copy_location(ast.Call(func=name, args=[node.value, attr], keywords=[]), node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        func = node.func
        if (node.keywords and isinstance(func, ast.Attribute) and func.attr in KEYWORD_NAMES
                and isinstance(func.ctx, ast.Load)):
            func.value = self.visit(func.value)
            node.func = self._helper("_irqsim_mkw", func)
            node.args = [self.visit(a) for a in node.args]
            node.keywords = [self.visit(k) for k in node.keywords]
            return node
        self.generic_visit(node)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if node.attr in ATTR_NAMES and isinstance(node.ctx, ast.Load):
            return self._helper("_irqsim_mattr", node)
        return node


def rewrite(tree: ast.Module) -> bool:
    """Route the builtin-method loads of ``tree`` through the helpers, in place; True if
    anything changed."""
    rewriter = _Rewriter()
    rewriter.visit(tree)
    if rewriter.changed:
        ast.fix_missing_locations(tree)
    return rewriter.changed
