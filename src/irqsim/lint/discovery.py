"""Handler discovery: which functions of a firmware file run as interrupt handlers, and how.

A function is a handler when it is registered with ``<obj>.irq(handler, trigger, hard)``
(Pin, UART, rp2.StateMachine, rp2.PIO: same argument order on rp2), ``Timer(callback=...)``
or ``<timer>.init(callback=...)``, or passed to ``micropython.schedule``. Handlers may be
plain functions, nested functions, lambdas, or bound methods (``self._echo_handler``,
``sensor.on_edge``). A function called by a handler is handler code too: it inherits the
handler's context (hard or not), so its lines are checked against the same rules.

Hard or soft: on rp2 ``Pin.irq``, ``Timer`` and the other sources default to
``hard=False`` (ports/rp2/machine_pin.c, machine_timer.c): the C ISR only queues the
Python handler, which later runs in the main thread like a ``micropython.schedule``
callback. Only ``hard=True`` (a literal) makes a handler hard.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
CTORS = {"Pin", "Timer", "UART", "I2C", "SoftI2C", "SPI", "SoftSPI", "StateMachine", "PIO"}
BUS_CTORS = {"UART", "I2C", "SoftI2C", "SPI", "SoftSPI"}


@dataclass(eq=False)
class Func:
    node: FuncNode
    qualname: str
    cls: str | None = None          # the class a method belongs to
    parent: Func | None = None      # the enclosing function of a nested def/lambda
    params: frozenset[str] = frozenset()
    declared_global: frozenset[str] = frozenset()
    local_names: frozenset[str] = frozenset()

    @property
    def body(self) -> list[ast.AST]:
        return self.node.body if isinstance(self.node.body, list) else [self.node.body]


@dataclass
class Registration:
    source: str        # "Pin.irq", "Timer", "UART.irq", "StateMachine.irq", "irq", "schedule"
    hard: bool
    line: int
    via: str | None = None   # set when the function is reached by a call from this handler


@dataclass(eq=False)
class Handler:
    func: Func
    regs: list[Registration] = field(default_factory=list)

    @property
    def hard(self) -> bool:
        return any(r.hard for r in self.regs)

    @property
    def soft_irq(self) -> bool:
        return any(not r.hard and r.source != "schedule" for r in self.regs)

    @property
    def scheduled(self) -> bool:
        return any(r.source == "schedule" for r in self.regs)

    @property
    def only_scheduled(self) -> bool:
        return all(r.source == "schedule" for r in self.regs)

    def describe(self) -> str:
        reg = next((r for r in self.regs if r.hard), self.regs[0])
        kind = "hard " if reg.hard else ("" if reg.source == "schedule" else "soft ")
        what = "scheduled callback" if reg.source == "schedule" else f"{reg.source} handler"
        text = f"{kind}{what} '{self.func.qualname}'"
        if reg.via:
            text += f" (called from '{reg.via}')"
        return text


class Module:
    """The facts about one firmware file that the rules need."""

    def __init__(self, tree: ast.Module, filename: str = "<firmware>") -> None:
        self.tree = tree
        self.filename = filename
        self.funcs: dict[int, Func] = {}
        self.module_funcs: dict[str, Func] = {}
        self.methods: dict[str, dict[str, Func]] = {}
        self.nested: dict[int, dict[str, Func]] = {}
        self.lambda_targets: dict[str, ast.Lambda] = {}
        self.instances: dict[str, str] = {}       # module name -> class of the object it holds
        self.ctor: dict[str, str] = {}            # "uart", "self._echo" -> "UART", "Pin"
        self.module_stores: set[str] = set()      # every name bound at module level
        self.simple_globals: set[str] = set()     # names bound by a plain top-level assignment
        self.mp_names: set[str] = {"micropython"}
        self.schedule_names: set[str] = set()
        self.schedule_calls: list[tuple[ast.Call, Func | None]] = []
        self.handlers: dict[int, Handler] = {}
        self._pending: list[tuple[ast.Call, str, ast.expr, bool, str | None, Func | None]] = []
        self._index(tree.body, cls=None, func=None, top=True)
        self.simple_globals = _plain_assignments(tree.body)
        self._register()
        self._propagate()

    # -- indexing ----------------------------------------------------------------------
    def _new_func(self, node: FuncNode, name: str, cls: str | None, parent: Func | None) -> Func:
        qual = name if parent is None else f"{parent.qualname}.{name}"
        if cls and parent is None:
            qual = f"{cls}.{name}"
        params, declared, stores = _scope_names(node)
        f = Func(node, qual, cls if parent is None else parent.cls, parent, frozenset(params),
                 frozenset(declared), frozenset((params | stores) - declared))
        self.funcs[id(node)] = f
        return f

    def _index(self, stmts, *, cls: str | None, func: Func | None, top: bool) -> None:
        for node in stmts:
            self._index_node(node, cls=cls, func=func, top=top)

    def _index_node(self, node: ast.AST, *, cls: str | None, func: Func | None, top: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            f = self._new_func(node, node.name, cls if func is None else None, func)
            if func is not None:
                self.nested.setdefault(id(func.node), {})[node.name] = f
            elif cls is not None:
                self.methods.setdefault(cls, {})[node.name] = f
            else:
                self.module_funcs[node.name] = f
                self.module_stores.add(node.name)
            for d in node.decorator_list:
                self._index_node(d, cls=cls, func=func, top=False)
            self._index(node.body, cls=None, func=f, top=False)
            return
        if isinstance(node, ast.Lambda):
            f = self._new_func(node, "<lambda>", None, func)
            self._index_node(node.body, cls=None, func=f, top=False)
            return
        if isinstance(node, ast.ClassDef):
            if func is None and cls is None:
                self.module_stores.add(node.name)
            self._index(node.body, cls=node.name, func=None, top=False)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)) and func is None:
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                self.module_stores.add(bound)
                if isinstance(node, ast.Import) and alias.name in ("micropython", "umicropython"):
                    self.mp_names.add(bound)
                if isinstance(node, ast.ImportFrom) and node.module == "micropython" and alias.name == "schedule":
                    self.schedule_names.add(bound)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            self._note_assign(targets, node.value, cls=cls, func=func, top=top)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and func is None and cls is None:
            self.module_stores.add(node.id)
        if isinstance(node, ast.Call):
            self._note_call(node, func)
        for child in ast.iter_child_nodes(node):
            self._index_node(child, cls=cls, func=func, top=False)

    def _note_assign(self, targets, value, *, cls, func, top) -> None:
        ctor = _callee_name(value) if isinstance(value, ast.Call) else None
        for t in targets:
            key = _key(t)
            if key is None:
                continue
            if ctor in CTORS:
                self.ctor[key] = ctor
            if func is None and cls is None and isinstance(t, ast.Name):
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id[:1].isupper():
                    self.instances[t.id] = value.func.id
                if isinstance(value, ast.Lambda):
                    self.lambda_targets[t.id] = value

    def _note_call(self, call: ast.Call, func: Func | None) -> None:
        f = call.func
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        if isinstance(f, ast.Attribute) and f.attr == "irq" and (call.args or "handler" in kw):
            handler = call.args[0] if call.args else kw["handler"]
            hard = call.args[2] if len(call.args) > 2 else kw.get("hard")
            recv = f.value
            ctor = _callee_name(recv) if isinstance(recv, ast.Call) else self.ctor.get(_key(recv) or "")
            source = f"{ctor}.irq" if ctor else "irq"
            self._pending.append((call, source, handler, _is_true(hard), None, func))
        elif "callback" in kw and (_callee_name(call) == "Timer" or (isinstance(f, ast.Attribute) and f.attr == "init")):
            self._pending.append((call, "Timer", kw["callback"], _is_true(kw.get("hard")), None, func))
        elif self._is_schedule(f) and call.args:
            self.schedule_calls.append((call, func))
            self._pending.append((call, "schedule", call.args[0], False, None, func))

    def _is_schedule(self, f: ast.expr) -> bool:
        if isinstance(f, ast.Attribute) and f.attr == "schedule":
            return isinstance(f.value, ast.Name) and f.value.id in self.mp_names
        return isinstance(f, ast.Name) and f.id in self.schedule_names

    # -- resolution ----------------------------------------------------------------------
    def resolve(self, expr: ast.expr, func: Func | None) -> Func | None:
        """The function an expression names, seen from inside ``func`` (None: module level)."""
        if isinstance(expr, ast.Lambda):
            return self.funcs.get(id(expr))
        if isinstance(expr, ast.Name):
            scope = func
            while scope is not None:
                found = self.nested.get(id(scope.node), {}).get(expr.id)
                if found is not None:
                    return found
                scope = scope.parent
            if expr.id in self.module_funcs:
                return self.module_funcs[expr.id]
            lam = self.lambda_targets.get(expr.id)
            return self.funcs.get(id(lam)) if lam is not None else None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            owner = expr.value.id
            cls = func.cls if (owner == "self" and func is not None) else self.instances.get(owner)
            if cls:
                return self.methods.get(cls, {}).get(expr.attr)
        return None

    def is_method_ref(self, node: ast.Attribute, func: Func) -> bool:
        """``self.name`` where ``name`` is a method of the enclosing class."""
        return (isinstance(node.value, ast.Name) and node.value.id == "self" and func.cls is not None
                and node.attr in self.methods.get(func.cls, {}))

    def _add(self, f: Func, reg: Registration) -> bool:
        h = self.handlers.get(id(f.node))
        if h is None:
            h = self.handlers[id(f.node)] = Handler(f)
        if any(r.source == reg.source and r.hard == reg.hard and r.line == reg.line for r in h.regs):
            return False
        h.regs.append(reg)
        return True

    def _register(self) -> None:
        for call, source, expr, hard, via, func in self._pending:
            target = self.resolve(expr, func)
            if target is not None:
                self._add(target, Registration(source, hard, call.lineno, via))

    def _propagate(self) -> None:
        """Functions called by a handler run in its context."""
        work = list(self.handlers.values())
        while work:
            h = work.pop()
            for node in walk_body(h.func.body):
                if isinstance(node, ast.Call):
                    callee = self.resolve(node.func, h.func)
                    if callee is None or callee is h.func:
                        continue
                    for r in list(h.regs):
                        if self._add(callee, Registration(r.source, r.hard, r.line, r.via or h.func.qualname)):
                            work.append(self.handlers[id(callee.node)])

    # -- queries -------------------------------------------------------------------------
    def handler_of(self, func: Func | None) -> Handler | None:
        while func is not None:
            h = self.handlers.get(id(func.node))
            if h is not None:
                return h
            func = func.parent
        return None

    def enclosing(self) -> dict[int, Func]:
        """Map id(node) -> innermost function containing it (for nodes inside functions)."""
        out: dict[int, Func] = {}
        for f in self.funcs.values():
            for node in walk_body(f.body):
                out[id(node)] = f
        return out


def walk_body(stmts) -> list[ast.AST]:
    """Every node of a function body, not descending into nested functions, lambdas, classes
    (their *creation* is part of the body; their code is not)."""
    out: list[ast.AST] = []
    stack = list(reversed(list(stmts)))
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(reversed(node.decorator_list))
            if not isinstance(node, ast.ClassDef):
                stack.extend(reversed(node.args.defaults))
            continue
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return out


def _plain_assignments(stmts) -> set[str]:
    """Names bound by ``name = value`` at module level (also inside module-level if/try/with)."""
    out: set[str] = set()
    for node in stmts:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                for sub in ast.walk(t):
                    if isinstance(sub, ast.Name):
                        out.add(sub.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for block in (node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                out |= _plain_assignments(block)
            for h in getattr(node, "handlers", []):
                out |= _plain_assignments(h.body)
    return out


def _scope_names(node: FuncNode) -> tuple[set[str], set[str], set[str]]:
    args = node.args
    params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a}
    declared: set[str] = set()
    stores: set[str] = set()
    body = node.body if isinstance(node.body, list) else [node.body]
    for sub in walk_body(body):
        if isinstance(sub, (ast.Global, ast.Nonlocal)):
            declared.update(sub.names)
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            stores.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            stores.update((a.asname or a.name).split(".")[0] for a in sub.names)
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            stores.add(sub.name)
    return params, declared, stores


def _callee_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def _key(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value) is True and node.value is not None
