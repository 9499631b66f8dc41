"""Load-time AST instrumentation of firmware (the way pytest rewrites asserts).

Before every statement we insert a charge of the line's static cost and a cheap test::

    _irqsim_B.n -= 1234                        # ns this line costs on the board
    if _irqsim_B.n < 0: _irqsim_line()         # an event is due: take interrupts

``_irqsim_B.n`` (runtime.countdown.Countdown) counts down the nanoseconds until the next kernel event, so the common
case is one subtraction and one comparison (measured ~2.8x plain CPython on a tight loop;
sys.settrace costs ~5x and cannot time or nest handlers, see design/ARCHITECTURE.md). The
countdown is shared by every firmware module, so the count stays exact across modules.

Lines that hold a branch opcode (if/while tests, loop back-jumps) call ``_irqsim_branch``
instead: MicroPython runs scheduled callbacks only there (py/vm.c,
DISPATCH_WITH_PEND_EXC_CHECK). While a callback waits, the runtime keeps the countdown
expired so the next line takes the slow path until a branch point is reached. Lines that allocate
call ``_irqsim_alloc`` so hard handlers fail as on the chip and the heap model fills up.

Original line numbers are kept on every inserted node, so tracebacks point at user code.
"""

from __future__ import annotations

import ast
from types import CodeType

from .costs import CostModel, Scope

BUDGET = "_irqsim_B"
LINE = "_irqsim_line"
BRANCH = "_irqsim_branch"
ALLOC = "_irqsim_alloc"
CATCHABLE = "_irqsim_CATCHABLE"
LOCAL_BUDGET = "_irqsim_b"  # per-function fast-local alias of the shared countdown
LOCAL_TEMP = "_irqsim_t"    # per-function fast local: the countdown just charged
CHARGE = "_irqsim_charge"
INJECTED = (BUDGET, LINE, BRANCH, ALLOC, CATCHABLE, CHARGE)


class Instrumenter(ast.NodeTransformer):
    def __init__(self, model: CostModel, cycles_to_ns) -> None:
        self.model = model
        self.to_ns = cycles_to_ns
        self.scopes: list[Scope] = [Scope("module")]
        self.class_methods: list[frozenset[str]] = [frozenset()]
        self.known_classes: dict[str, frozenset[str]] = {}
        self.budget_names: list[str] = [BUDGET]  # inside functions: a fast local alias
        self.lines = 0

    # -- helpers -----------------------------------------------------------------------
    def _charge(self, ns: int, line: int, *, branch: bool) -> list[ast.stmt]:
        b = self.budget_names[-1]
        at = _at(line)
        if ns and b == LOCAL_BUDGET:
            # In a function: ``_irqsim_b.n = _irqsim_t = _irqsim_b.n - ns`` and test the fast
            # local; fewer bytecodes than ``-=`` plus a re-read of the slot (~10% faster).
            # At module level the temporary would be a dict store, slower than ``-=``.
            sub = ast.Assign(
                targets=[_count(b, _STORE, at), ast.Name(LOCAL_TEMP, _STORE, **at)],
                value=ast.BinOp(_count(b, _LOAD, at), _SUB, ast.Constant(ns, **at), **at), **at)
            due = ast.Compare(ast.Name(LOCAL_TEMP, _LOAD, **at), [_LT], [ast.Constant(0, **at)], **at)
        else:
            sub = ast.AugAssign(_count(b, _STORE, at), _SUB, ast.Constant(ns, **at), **at)
            due = ast.Compare(_count(b, _LOAD, at), [_LT], [ast.Constant(0, **at)], **at)
        test = ast.If(due, [_call(BRANCH if branch else LINE, [], at)], [], **at)
        self.lines += 1
        return [sub, test] if ns else [test]

    def _pending_check(self, line: int) -> ast.stmt:
        """``if _irqsim_B.n <= 0: _irqsim_branch()``: zero cost; true while callbacks wait."""
        at = _at(line)
        due = ast.Compare(_count(self.budget_names[-1], _LOAD, at), [_LTE], [ast.Constant(0, **at)], **at)
        return ast.If(due, [_call(BRANCH, [], at)], [], **at)

    def _alloc(self, nbytes: int, what: str, line: int, certain: bool = True) -> ast.stmt:
        at = _at(line)
        args = [ast.Constant(nbytes, **at), ast.Constant(what, **at)] + ([] if certain else [ast.Constant(False, **at)])
        return _call(ALLOC, args, at)

    def _arm(self, stmts: list[ast.stmt], line: int) -> list[ast.stmt]:
        """An if/else arm: a pending-callback check right after the test's jump. When the arm
        starts with a charged statement its charge doubles as the check (no extra test)."""
        body = self._body(stmts, branch_first=True) if stmts else []
        if not body or not _starts_with_branch_charge(body):
            body = [self._pending_check(line)] + body
        return body

    def _body(self, stmts: list[ast.stmt], extra_cycles: int = 0, *, loop_head: int = 0,
              head_line: int = 0, branch_first: bool = False) -> list[ast.stmt]:
        """Instrument a statement list; ``loop_head`` cycles are charged at each iteration start."""
        out: list[ast.stmt] = []
        pending_head = loop_head  # merged into the first charged statement of the body
        first = True
        for stmt in stmts:
            if first and branch_first and isinstance(stmt, (ast.Pass, ast.Global, ast.Nonlocal)):
                branch_first = False  # the caller adds an explicit check
            if _is_docstring(stmt) and first and not out:
                out.append(stmt)  # MicroPython compiles no code for a docstring
                continue
            acc = self.model.statement(stmt, self.scopes[-1]) if not isinstance(
                stmt, (ast.Pass, ast.Global, ast.Nonlocal)) else None
            if acc is None and pending_head:
                out += self._charge(self.to_ns(pending_head), head_line, branch=True)
                pending_head = 0
            if acc is not None:
                cycles = acc.cycles + (extra_cycles if first else 0) + pending_head
                branch = ((acc.branch and not isinstance(stmt, (ast.If, ast.While))) or bool(pending_head)
                          or (first and branch_first))
                pending_head = 0
                if cycles or branch:
                    out += self._charge(self.to_ns(cycles), stmt.lineno, branch=branch)
                if acc.alloc_bytes:
                    out.append(self._alloc(acc.alloc_bytes + acc.maybe_bytes, acc.alloc_what, stmt.lineno))
                elif acc.maybe_bytes:
                    out.append(self._alloc(acc.maybe_bytes, acc.maybe_what, stmt.lineno, certain=False))
            elif first and extra_cycles:
                out += self._charge(self.to_ns(extra_cycles), stmt.lineno, branch=False)
            first = False
            out.append(self._statement(stmt))
        if pending_head:  # a body of docstrings only
            out[0:0] = self._charge(self.to_ns(pending_head), head_line, branch=True)
        return out

    def _statement(self, stmt: ast.stmt) -> ast.stmt:
        m = self.model
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.scopes.append(Scope.of_function(stmt, self.class_methods[-1]))
            self.budget_names.append(LOCAL_BUDGET)
            entry = m.py_call_entry + m.load_const + getattr(m, "return")  # frame setup + implicit return
            body = self._body(stmt.body, entry)
            at = _at(stmt.body[0].lineno if stmt.body else stmt.lineno)
            alias = ast.Assign([ast.Name(LOCAL_BUDGET, _STORE, **at)], ast.Name(BUDGET, _LOAD, **at), **at)
            at = 1 if body and _is_docstring(body[0]) else 0
            stmt.body = body[:at] + [alias] + body[at:]
            self.budget_names.pop()
            self.scopes.pop()
            return stmt
        if isinstance(stmt, ast.ClassDef):
            self.scopes.append(Scope("class"))
            own = frozenset(n.name for n in stmt.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
            # + methods inherited from classes defined earlier in this file (self._cb of a base)
            for base in stmt.bases:
                own |= self.known_classes.get(base.id, frozenset()) if isinstance(base, ast.Name) else frozenset()
            self.known_classes[stmt.name] = own
            self.class_methods.append(own)
            stmt.body = self._body(stmt.body)
            self.class_methods.pop()
            self.scopes.pop()
            return stmt
        if isinstance(stmt, ast.While):
            acc = m.statement(stmt, self.scopes[-1])
            stmt.body = self._body(stmt.body, loop_head=acc.cycles + m.jump, head_line=stmt.lineno)
            # the final (false) test jumps out of the loop: a pending check too
            stmt.orelse = [self._pending_check(stmt.lineno)] + (self._body(stmt.orelse) if stmt.orelse else [])
            return stmt
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            target = _cost_of_store(m, stmt.target, self.scopes[-1])
            stmt.body = self._body(stmt.body, loop_head=m.for_iter + target + m.jump, head_line=stmt.lineno)
            stmt.orelse = self._body(stmt.orelse) if stmt.orelse else []
            return stmt
        if isinstance(stmt, ast.If):
            # MicroPython checks for pending callbacks after the test's conditional jump
            # (POP_JUMP_IF_*: DISPATCH_WITH_PEND_EXC_CHECK), so the check starts each arm.
            stmt.body = self._arm(stmt.body, stmt.lineno)
            stmt.orelse = self._arm(stmt.orelse, stmt.lineno)
            return stmt
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            stmt.body = self._body(stmt.body)
            return stmt
        if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            stmt.body = self._body(stmt.body)
            for handler in stmt.handlers:
                handler.body = self._body(handler.body)
                _guard_handler(handler)
            stmt.orelse = self._body(stmt.orelse) if stmt.orelse else []
            stmt.finalbody = self._body(stmt.finalbody) if stmt.finalbody else []
            return stmt
        if isinstance(stmt, ast.Match):
            for case in stmt.cases:
                case.body = self._body(case.body)
            return stmt
        return stmt

    def instrument(self, tree: ast.Module) -> ast.Module:
        _LambdaCharger(self).visit(tree)  # before statements: lambda bodies are expressions
        tree.body = self._body(tree.body)
        return tree


class _LambdaCharger(ast.NodeTransformer):
    """``lambda a: expr`` -> ``lambda a: _irqsim_charge(ns) or expr``: a lambda called as a
    handler or key function costs its frame setup and body, like any function on the chip.
    (The charge returns None, so the lambda still returns ``expr``.)"""

    def __init__(self, inst: Instrumenter) -> None:
        self.inst = inst

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        self.generic_visit(node)
        from .costs import _Acc

        m = self.inst.model
        acc = _Acc()
        m.expr(node.body, Scope.of_function(node), acc)
        ns = self.inst.to_ns(acc.cycles + m.py_call_entry + getattr(m, "return"))
        body = node.body  # the inserted nodes take its location (as fix_missing_locations gave them)
        at = {"lineno": body.lineno, "end_lineno": body.end_lineno, "col_offset": body.col_offset,
              "end_col_offset": body.end_col_offset}
        call = ast.Call(func=ast.Name(CHARGE, _LOAD, **at), args=[ast.Constant(ns, **at)], keywords=[])
        node.body = ast.copy_location(ast.BoolOp(op=ast.Or(), values=[ast.copy_location(call, node.body),
                                                                      node.body]), node.body)
        return node


# Inserted nodes get their location when built (``_at``): stamping them afterwards with
# ast.walk and ast.fix_missing_locations was ~70% of the instrumentation time.
_LOAD, _STORE, _SUB, _LT, _LTE = ast.Load(), ast.Store(), ast.Sub(), ast.Lt(), ast.LtE()


def _at(line: int) -> dict[str, int]:
    """Location keywords for an inserted node: the original line, so tracebacks point there."""
    return {"lineno": line, "end_lineno": line, "col_offset": 0, "end_col_offset": 0}


def _count(budget: str, ctx: ast.expr_context, at: dict[str, int]) -> ast.Attribute:
    """``<budget>.n``: the countdown slot (runtime.countdown.Countdown)."""
    return ast.Attribute(ast.Name(budget, _LOAD, **at), "n", ctx, **at)


def _call(name: str, args: list[ast.expr], at: dict[str, int]) -> ast.stmt:
    """``name(*args)`` as a statement."""
    return ast.Expr(ast.Call(ast.Name(name, _LOAD, **at), args, [], **at), **at)


def _guard_handler(handler: ast.ExceptHandler) -> None:
    """Let a bare ``except:`` or ``except BaseException`` catch what it catches on the chip,
    but never the simulator's end-of-run signal (which must unwind any firmware loop)."""
    if handler.type is None or (isinstance(handler.type, ast.Name) and handler.type.id == "BaseException"):
        line = handler.lineno
        handler.type = ast.Name(CATCHABLE, ast.Load())
        _stamp(handler.type, line)


def _cost_of_store(m: CostModel, target: ast.expr, scope: Scope) -> int:
    from .costs import _Acc

    acc = _Acc()
    m.expr(target, scope, acc)
    return acc.cycles


def _starts_with_branch_charge(body: list[ast.stmt]) -> bool:
    """True when the first inserted check of ``body`` calls the branch slow path."""
    for node in body[:2]:
        if isinstance(node, ast.If) and node.body and isinstance(node.body[0], ast.Expr):
            call = node.body[0].value
            return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == BRANCH
    return False


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _stamp(node: ast.AST, line: int) -> None:
    for sub in ast.walk(node):
        if isinstance(sub, (ast.stmt, ast.expr)):
            sub.lineno = line
            sub.end_lineno = line
            sub.col_offset = 0
            sub.end_col_offset = 0


def compile_firmware(source: str, filename: str, model: CostModel, cycles_to_ns,
                     rewrite=None) -> tuple[CodeType, int]:
    """Parse, instrument and compile firmware source; returns (code, instrumented line count).

    ``rewrite(tree)``, if given, edits the instrumented tree in place before compiling: upper
    layers (the MicroPython shim's float printing) change what lines do, never what they cost.
    Raises SyntaxError as CPython reports it; the caller turns it into a user-facing error.
    """
    tree = ast.parse(source, filename=filename)
    inst = Instrumenter(model, cycles_to_ns)
    tree = inst.instrument(tree)
    if rewrite is not None:
        rewrite(tree)
    try:
        return compile(tree, filename, "exec", dont_inherit=True), inst.lines
    except TypeError:  # a node built without a location (every inserted node should have one)
        return compile(ast.fix_missing_locations(tree), filename, "exec", dont_inherit=True), inst.lines
