"""Ordinary Python task bodies on the virtual clock, preemptible at line boundaries.

A module of task functions is loaded with an AST rewrite (the technique of
runtime/instrument.py, kept separate so the RTOS does not depend on the MicroPython
runtime): before every statement we insert::

    _rtos_B[0] -= 2200                 # ns this line costs
    if _rtos_B[0] < 0: _rtos_line()    # the budget up to the next event ran out

``_rtos_B`` is the scheduler's countdown. It is set to "ns until the next kernel event"
whenever a body resumes, so the common case is one subtraction and one comparison; when it
runs out, ``_rtos_line`` turns the time spent into CPU demand and switches to the scheduler
greenlet, which fires the event and may run a more urgent task or ISR before this line.
A line's effects therefore happen at the end of its cost window (as in runtime/cpu.py).

Every line costs the same (``line_ns``); the default 2.2 µs is MicroPython's pace on the
RP2350 (~450k simple lines/s: the published 1e6-iteration loop takes 4433 ms,
design/ARCHITECTURE.md). Use ``os.compute(...)`` inside a body for work a line stands for.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..errors import ScenarioError

BUDGET = "_rtos_B"
LINE = "_rtos_line"
DEFAULT_LINE_NS = 2200


class _Charge(ast.NodeTransformer):
    def __init__(self, line_ns: int) -> None:
        self.line_ns = line_ns

    def _charge(self, line: int) -> list[ast.stmt]:
        nodes = ast.parse(f"{BUDGET}[0] -= {self.line_ns}\nif {BUDGET}[0] < 0: {LINE}()\n").body
        for node in nodes:
            for sub in ast.walk(node):
                if isinstance(sub, (ast.stmt, ast.expr)):
                    sub.lineno = sub.end_lineno = line
                    sub.col_offset = sub.end_col_offset = 0
        return nodes

    def _block(self, stmts: list[ast.stmt], head_line: int | None = None) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        if head_line is not None:  # the loop test runs once per iteration
            out += self._charge(head_line)
        for stmt in stmts:
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass,
                                     ast.Global, ast.Nonlocal)):
                out += self._charge(stmt.lineno)
            out.append(self.visit(stmt))
        return out

    def generic_visit(self, node: ast.AST) -> ast.AST:
        loop = isinstance(node, (ast.While, ast.For))
        for name in ("body", "orelse", "finalbody"):
            stmts = getattr(node, name, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                head = node.lineno if (loop and name == "body") else None
                setattr(node, name, self._block(stmts, head))
        for handler in getattr(node, "handlers", []) or []:
            handler.body = self._block(handler.body)
        for case in getattr(node, "cases", []) or []:
            case.body = self._block(case.body)
        return node


def load_module(path: Path, rt, *, line_ns: int = DEFAULT_LINE_NS) -> dict:
    """Execute a Python file of task functions, instrumented, bound to ``rt``'s clock."""
    try:
        source = path.read_text()
    except OSError as exc:
        raise ScenarioError(f"cannot read task module {path}: {exc.strerror}", file=str(path)) from None
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise ScenarioError(f"syntax error: {exc.msg}", file=str(path), line=exc.lineno) from None
    tree.body = [_Charge(line_ns).visit(stmt) for stmt in tree.body]  # module code itself is free
    ast.fix_missing_locations(tree)
    code = compile(tree, str(path), "exec", dont_inherit=True)
    namespace = {"__name__": f"irqsim_tasks_{path.stem}", "__file__": str(path),
                 BUDGET: rt.B, LINE: rt.line}
    exec(code, namespace)  # noqa: S102 - the user's own task module, like firmware
    return namespace
