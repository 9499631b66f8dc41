"""Shared state between handlers and the main code (IRQ601), and the read sequences the
race finder explores.

A *key* names one piece of shared state: a module global (``low``) or an attribute of the
instance a handler method writes (``Sonar.distance`` for ``self.distance``). A handler's
write set is what it stores under ``global`` (or on ``self``), plus what the functions it
calls store. The main code is every line not in handler code. Its statements are read in
*sequences*: runs of statements that execute one after the other (a block's statements;
an ``if``/``while``/``for`` header followed by its body), each step knowing which keys it
reads and whether interrupts are masked (``machine.disable_irq()`` ... ``enable_irq()``)
at the boundary after it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from .discovery import Func, Handler, Module, walk_body


@dataclass
class Step:
    line: int
    reads: dict[str, ast.expr] = field(default_factory=dict)   # key -> first node reading it
    header: bool = False            # an if/while/for header: a branch opcode follows its test
    masked_after: bool = False      # interrupts disabled at the boundary after this step


@dataclass
class Group:
    """A handler (with the functions it calls) and the keys it writes."""
    handler: Handler
    writes: set[str]
    flags: set[str] = field(default_factory=set)   # keys it only ever sets to one constant


def handler_groups(mod: Module) -> list[Group]:
    own = {hid: _writes(mod, h.func) for hid, h in mod.handlers.items()}
    groups = []
    for hid, h in mod.handlers.items():
        if any(r.via for r in h.regs) and not any(r.via is None for r in h.regs):
            continue  # a callee: counted in the handler that calls it
        values: dict[str, set] = {}
        for cid, c in mod.handlers.items():
            if cid == hid or any(r.via == h.func.qualname for r in c.regs):
                for key, vals in own[cid].items():
                    values.setdefault(key, set()).update(vals)
        flags = {k for k, v in values.items() if len(v) == 1 and None not in v}
        groups.append(Group(h, set(values), flags))
    return groups


_NOT_CONSTANT = None


def _writes(mod: Module, f: Func) -> dict[str, set]:
    """Key -> the values stored (a constant's repr, or None for anything computed)."""
    out: dict[str, set] = {}
    for node in walk_body(f.body):
        key = None
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in f.declared_global:
            key = node.id
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name)
              and node.value.id == "self" and f.cls):
            key = f"{f.cls}.{node.attr}"
        if key is not None:
            out.setdefault(key, set()).add(_stored_value(f, node))
    return out


def _stored_value(f: Func, target: ast.expr):
    for node in walk_body(f.body):
        if isinstance(node, ast.Assign) and target in node.targets and isinstance(node.value, ast.Constant):
            return repr(node.value.value)
    return _NOT_CONSTANT


def main_sequences(mod: Module) -> list[list[Step]]:
    """Execution-adjacent statement runs of the main code (module body, non-handler functions)."""
    out: list[list[Step]] = []
    _block(mod, mod.tree.body, None, False, out, None)
    for f in mod.funcs.values():
        if mod.handler_of(f) is None and not isinstance(f.node, ast.Lambda):
            _block(mod, f.node.body, f, False, out, None)
    return out


def _block(mod: Module, stmts, func: Func | None, masked: bool, out: list, lead: Step | None) -> None:
    seq: list[Step] = [lead] if lead is not None else []
    for s in stmts:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            seq.append(Step(s.lineno, masked_after=masked))
            continue
        header_exprs = _header(s)
        if header_exprs is not None:
            step = Step(s.lineno, _reads(mod, header_exprs, func), header=isinstance(s, (ast.If, ast.While, ast.For)),
                        masked_after=masked)
            seq.append(step)
            for body in _bodies(s):
                if body:
                    _block(mod, body, func, masked, out, step if step.header else None)
            continue
        calls = {_call_name(n) for n in ast.walk(s) if isinstance(n, ast.Call)}
        if "disable_irq" in calls:
            masked = True
        if "enable_irq" in calls:
            masked = False
        seq.append(Step(s.lineno, _reads(mod, [s], func), masked_after=masked))
    out.append(seq)


def _header(s: ast.stmt) -> list[ast.AST] | None:
    if isinstance(s, (ast.If, ast.While)):
        return [s.test]
    if isinstance(s, (ast.For, ast.AsyncFor)):
        return [s.iter]
    if isinstance(s, (ast.With, ast.AsyncWith)):
        return [i.context_expr for i in s.items]
    if isinstance(s, ast.Try) or type(s).__name__ in ("TryStar", "Match"):
        return []
    return None


def _bodies(s: ast.stmt) -> list[list[ast.stmt]]:
    if isinstance(s, ast.Match):
        return [c.body for c in s.cases]
    bodies = [getattr(s, "body", []), getattr(s, "orelse", []), getattr(s, "finalbody", [])]
    bodies += [h.body for h in getattr(s, "handlers", [])]
    return bodies


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else (f.id if isinstance(f, ast.Name) else None)


def _reads(mod: Module, roots, func: Func | None) -> dict[str, ast.expr]:
    found: dict[str, ast.expr] = {}
    for node in walk_body(roots):
        key = None
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if func is None or node.id not in func.local_names:
                key = node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name):
            owner = node.value.id
            cls = func.cls if (owner == "self" and func is not None) else mod.instances.get(owner)
            if cls:
                key = f"{cls}.{node.attr}"
        if key is not None and key not in found:
            found[key] = node
    return found


def torn_pairs(mod: Module) -> Iterator[tuple[Step, Step, str, str, Group, ast.expr]]:
    """IRQ601: consecutive main steps reading two keys a handler writes together."""
    groups = [g for g in handler_groups(mod) if len(g.writes) >= 2]
    seen: set[tuple[int, int]] = set()
    for seq in main_sequences(mod):
        for s1, s2 in zip(seq, seq[1:], strict=False):
            if s1.masked_after or (s1.line, s2.line) in seen:
                continue
            for g in groups:
                # A soft handler runs only at a branch opcode (py/vm.c DISPATCH_WITH_PEND_EXC_CHECK):
                # between a header's test and its body, not between two straight-line statements.
                if not g.handler.hard and not s1.header:
                    continue
                # Reading a flag the handler only ever sets to one constant, then the data, is the
                # lesson's safe pattern: the state (flag, new data) exists right after the handler.
                first = [k for k in s1.reads if k in g.writes and k not in s2.reads and k not in g.flags]
                second = [k for k in s2.reads if k in g.writes and k not in s1.reads]
                if first and second:
                    seen.add((s1.line, s2.line))
                    yield s1, s2, first[0], second[0], g, s2.reads[second[0]]
                    break
