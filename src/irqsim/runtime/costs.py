"""Static cost of a firmware line, in CPU cycles of MicroPython's bytecode VM.

MicroPython compiles each line to a handful of bytecodes; the cost of a line is close to
the sum of what each bytecode costs, and that is known before the line runs. We estimate
the bytecodes from the AST (one category per bytecode kind, e.g. a global name read is
LOAD_GLOBAL, a dict lookup; a local is LOAD_FAST, an array index) and sum the board
profile's cycles per category. Costs of C functions the firmware calls (``Pin.value()``,
``time.ticks_us()``) are charged by the shim itself.

The same walk estimates heap allocation, because on MicroPython what allocates is also a
property of the bytecode: boxed floats (rp2 uses OBJ_REPR_A, py/mpconfig.h), new
containers, string formatting, bound methods, closures (see design/MICROPYTHON.md).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

SMALL_INT_MIN, SMALL_INT_MAX = -(2**30), 2**30 - 1  # rp2 small ints are 31-bit

# Bytes of heap one allocation takes (MicroPython GC blocks are 16 bytes on 32-bit ports).
BLOCK = 16
ALLOC_FLOAT = 16        # mp_obj_float_t, one block
ALLOC_CONTAINER = 32    # object header + item array
ALLOC_STR = 32          # typical short formatted string
ALLOC_BOUND_METHOD = 16
ALLOC_CLOSURE = 32

ALLOCATING_BUILTINS = {
    "str": ("a new str", ALLOC_STR), "bytearray": ("bytearray()", ALLOC_CONTAINER),
    "bytes": ("bytes()", ALLOC_CONTAINER), "list": ("a new list", ALLOC_CONTAINER),
    "dict": ("a new dict", ALLOC_CONTAINER), "set": ("a new set", ALLOC_CONTAINER),
    "tuple": ("a new tuple", ALLOC_CONTAINER), "float": ("a float", ALLOC_FLOAT),
    "repr": ("a new str", ALLOC_STR), "sorted": ("a new list", ALLOC_CONTAINER),
    "memoryview": ("a memoryview", BLOCK), "hex": ("a new str", ALLOC_STR),
    "bin": ("a new str", ALLOC_STR), "chr": ("a new str", BLOCK),
}
# Growing a list allocates only when it is full (py/objlist.c doubles the item array), which
# the static model cannot see: these count towards GC pressure but never raise in a hard
# handler, to avoid false MemoryErrors for the common append-into-spare-capacity case.
MAYBE_ALLOCATING_METHODS = {"append", "insert"}
ALLOCATING_METHODS = {
    "append": ("list.append (grows the list when full)", 8), "extend": ("list.extend", ALLOC_CONTAINER),
    "insert": ("list.insert", 8), "format": ("str.format", ALLOC_STR), "join": ("str.join", ALLOC_STR),
    "split": ("str.split", ALLOC_CONTAINER * 2), "encode": ("str.encode", ALLOC_STR),
    "decode": ("bytes.decode", ALLOC_STR), "copy": ("a copy", ALLOC_CONTAINER),
    "upper": ("a new str", ALLOC_STR), "lower": ("a new str", ALLOC_STR),
    "strip": ("a new str", ALLOC_STR), "replace": ("a new str", ALLOC_STR),
    "keys": ("a dict view", BLOCK), "items": ("a dict view", BLOCK), "values": ("a dict view", BLOCK),
}


@dataclass(frozen=True)
class LineCost:
    cycles: int
    alloc_bytes: int = 0
    alloc_what: str = ""


class Scope:
    """Which names are fast locals in the code block being costed."""

    def __init__(self, kind: str, local_names: frozenset[str] = frozenset(),
                 methods: frozenset[str] = frozenset()) -> None:
        self.kind = kind  # "module" | "function" | "class"
        self.local_names = local_names
        self.methods = methods  # method names of the enclosing class (self.<method> is a bound method)

    @classmethod
    def of_function(cls, fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                    methods: frozenset[str] = frozenset()) -> Scope:
        names: set[str] = set()
        declared: set[str] = set()
        args = fn.args
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if a is not None:
                names.add(a.arg)
        body = fn.body if isinstance(fn.body, list) else [fn.body]
        stack: list[ast.AST] = list(body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.update(node.names)
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                stack.extend(node.decorator_list)
                continue  # a nested scope of its own
            if isinstance(node, ast.Lambda):
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    names.add((alias.asname or alias.name).split(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                names.add(node.name)
            stack.extend(ast.iter_child_nodes(node))
        return cls("function", frozenset(names - declared), methods)


class CostModel:
    """Cycles per bytecode category, from the board profile's ``[vm]`` table."""

    CATEGORIES = (
        "load_fast", "store_fast", "load_const", "load_global", "store_global", "load_name",
        "store_name", "load_deref", "load_attr", "store_attr", "load_method", "call", "call_arg",
        "call_kw", "py_call_entry", "return", "binop", "binop_float", "compare", "unary", "subscr",
        "store_subscr", "build", "build_item", "format", "jump", "pop_jump", "for_iter", "get_iter",
        "pop_top", "make_function", "build_class", "import", "setup_with", "setup_except", "raise",
        "unpack", "dup",
    )

    def __init__(self, cycles: dict[str, int]) -> None:
        missing = [c for c in self.CATEGORIES if c not in cycles]
        if missing:
            raise ValueError(f"board profile [vm] lacks {', '.join(missing)}")
        for name in self.CATEGORIES:
            setattr(self, name, int(cycles[name]))

    # -- expressions -------------------------------------------------------------------
    def expr(self, node: ast.AST | None, scope: Scope, acc: _Acc) -> None:
        if node is None:
            return
        c = self
        if isinstance(node, ast.Name):
            acc.cycles += self._name(node.id, scope, isinstance(node.ctx, ast.Store))
        elif isinstance(node, ast.Constant):
            acc.cycles += c.load_const
            v = node.value
            if isinstance(v, int) and not isinstance(v, bool) and not SMALL_INT_MIN <= v <= SMALL_INT_MAX:
                pass  # big-int constants live in the constant table: loading does not allocate
        elif isinstance(node, ast.Attribute):
            self.expr(node.value, scope, acc)
            acc.cycles += c.store_attr if isinstance(node.ctx, ast.Store) else c.load_attr
        elif isinstance(node, ast.Call):
            self._call(node, scope, acc)
        elif isinstance(node, ast.BinOp):
            self.expr(node.left, scope, acc)
            self.expr(node.right, scope, acc)
            self._binop(node, acc)
        elif isinstance(node, ast.UnaryOp):
            self.expr(node.operand, scope, acc)
            acc.cycles += c.unary
            if isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, float):
                acc.add_alloc(ALLOC_FLOAT, "a float result")
        elif isinstance(node, ast.Compare):
            self.expr(node.left, scope, acc)
            for comp in node.comparators:
                self.expr(comp, scope, acc)
                acc.cycles += c.compare
            if len(node.comparators) > 1:
                acc.cycles += (c.dup + c.pop_jump) * (len(node.comparators) - 1)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.expr(value, scope, acc)
            acc.cycles += c.pop_jump * (len(node.values) - 1)
            acc.branch = True
        elif isinstance(node, ast.IfExp):
            self.expr(node.test, scope, acc)
            self.expr(node.body, scope, acc)  # one arm runs; cost the first
            acc.cycles += c.pop_jump + c.jump
            acc.branch = True
        elif isinstance(node, ast.Subscript):
            self.expr(node.value, scope, acc)
            store = isinstance(node.ctx, ast.Store)
            if isinstance(node.slice, ast.Slice):
                # BUILD_SLICE right before LOAD/STORE_SUBSCR builds the slice on the stack for
                # built-in sequences (py/vm.c, MP_TYPE_FLAG_SUBSCR_ALLOWS_STACK_SLICE, v1.26+):
                # a[1:3] = x allocates nothing; a[1:3] allocates only its result.
                for part in (node.slice.lower, node.slice.upper, node.slice.step):
                    if part is not None:
                        self.expr(part, scope, acc)
                acc.cycles += c.build
                if not store:
                    acc.add_alloc(ALLOC_CONTAINER, "a slice (new object)")
            else:
                self.expr(node.slice, scope, acc)
            acc.cycles += c.store_subscr if store else c.subscr
        elif isinstance(node, ast.Slice):
            for part in (node.lower, node.upper, node.step):
                if part is not None:
                    self.expr(part, scope, acc)
            acc.cycles += c.build
            acc.add_alloc(BLOCK, "a slice object")
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for elt in node.elts:
                self.expr(elt, scope, acc)
            if isinstance(node.ctx if hasattr(node, "ctx") else ast.Load(), ast.Store):
                acc.cycles += c.unpack
            else:
                acc.cycles += c.build + c.build_item * len(node.elts)
                if not _const_tuple(node):
                    kind = {ast.Tuple: "a new tuple", ast.List: "a new list", ast.Set: "a new set"}[type(node)]
                    acc.add_alloc(ALLOC_CONTAINER + 4 * len(node.elts), kind)
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                self.expr(k, scope, acc)
                self.expr(v, scope, acc)
            acc.cycles += c.build + c.build_item * len(node.keys)
            acc.add_alloc(ALLOC_CONTAINER + 8 * len(node.keys), "a new dict")
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    self.expr(value.value, scope, acc)
                    acc.cycles += c.format
            acc.cycles += c.call
            acc.add_alloc(ALLOC_STR, "string formatting (f-string)")
        elif isinstance(node, ast.FormattedValue):
            self.expr(node.value, scope, acc)
        elif isinstance(node, ast.Lambda):
            acc.cycles += c.make_function
            acc.add_alloc(ALLOC_CLOSURE, "a lambda (function object)")
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for gen in node.generators:
                self.expr(gen.iter, scope, acc)
            acc.cycles += c.make_function + c.call + c.get_iter + c.build
            acc.add_alloc(ALLOC_CONTAINER * 2, "a comprehension")
            acc.branch = True
        elif isinstance(node, ast.NamedExpr):
            self.expr(node.value, scope, acc)
            acc.cycles += c.dup
            self.expr(node.target, scope, acc)
        elif isinstance(node, ast.Starred):
            self.expr(node.value, scope, acc)
        elif isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)):
            self.expr(node.value, scope, acc)
            acc.cycles += c.call
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expr(child, scope, acc)

    def _name(self, name: str, scope: Scope, store: bool) -> int:
        if scope.kind == "function":
            if name in scope.local_names:
                return self.store_fast if store else self.load_fast
            return self.store_global if store else self.load_global
        return self.store_name if store else self.load_name

    def _call(self, node: ast.Call, scope: Scope, acc: _Acc) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            self.expr(func.value, scope, acc)
            acc.cycles += self.load_method
            what = ALLOCATING_METHODS.get(func.attr)
            if what:
                acc.add_alloc(what[1], what[0], certain=func.attr not in MAYBE_ALLOCATING_METHODS)
        else:
            self.expr(func, scope, acc)
            if isinstance(func, ast.Name) and func.id in ALLOCATING_BUILTINS:
                what, size = ALLOCATING_BUILTINS[func.id]
                acc.add_alloc(size, what)
        for arg in node.args:
            self.expr(arg, scope, acc)
        for kw in node.keywords:
            self.expr(kw.value, scope, acc)
            acc.cycles += self.load_const
        acc.cycles += self.call + self.call_arg * len(node.args) + self.call_kw * len(node.keywords)
        # Passing a bound method as a value (e.g. handler=self._cb) allocates a bound-method
        # object; self.<data attribute> does not (only names of the class's methods count).
        for value in [*node.args, *(k.value for k in node.keywords)]:
            if (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
                    and value.value.id == "self" and value.attr in scope.methods):
                acc.add_alloc(ALLOC_BOUND_METHOD, "a bound method (self.method as a value)")

    def _binop(self, node: ast.BinOp, acc: _Acc) -> None:
        floaty = any(isinstance(side, ast.Constant) and isinstance(side.value, float)
                     for side in (node.left, node.right))
        stringy = any(isinstance(side, (ast.JoinedStr,)) or
                      (isinstance(side, ast.Constant) and isinstance(side.value, (str, bytes)))
                      for side in (node.left, node.right))
        if isinstance(node.op, ast.Div) or floaty:
            acc.cycles += self.binop_float
            acc.add_alloc(ALLOC_FLOAT, "a float result (floats are boxed on rp2)")
        elif stringy and isinstance(node.op, ast.Mod):
            acc.cycles += self.format
            acc.add_alloc(ALLOC_STR, "string formatting (%)")
        elif stringy and isinstance(node.op, (ast.Add, ast.Mult)):
            acc.cycles += self.binop
            acc.add_alloc(ALLOC_STR, "a new str (concatenation)")
        elif isinstance(node.op, ast.Pow):
            acc.cycles += self.binop_float
        else:
            acc.cycles += self.binop

    # -- statements (the header part only: bodies are costed line by line) -------------------
    def statement(self, node: ast.stmt, scope: Scope) -> _Acc:
        acc = _Acc()
        c = self
        e = self.expr
        if isinstance(node, ast.Expr):
            e(node.value, scope, acc)
            acc.cycles += c.pop_top
        elif isinstance(node, ast.Assign):
            if len(node.targets) == 1 and stack_swap(node.targets[0], node.value):
                # a, b = b, a (2 or 3 items): py/compile.c compiles it with ROT_TWO/ROT_THREE,
                # no tuple is built (MICROPY_COMP_DOUBLE/TRIPLE_TUPLE_ASSIGN, on for rp2).
                for elt in node.value.elts:
                    e(elt, scope, acc)
                acc.cycles += c.dup * (len(node.value.elts) - 1)   # the rotations: a stack shuffle each
                for elt in node.targets[0].elts:
                    e(elt, scope, acc)
            else:
                e(node.value, scope, acc)
                acc.cycles += c.dup * (len(node.targets) - 1)
                for target in node.targets:
                    e(target, scope, acc)
        elif isinstance(node, ast.AugAssign):
            target = node.target
            if isinstance(target, ast.Name):
                acc.cycles += self._name(target.id, scope, False)
            else:
                e(target.value, scope, acc)
                if isinstance(target, ast.Subscript):
                    e(target.slice, scope, acc)
                acc.cycles += c.dup + (c.subscr if isinstance(target, ast.Subscript) else c.load_attr)
            e(node.value, scope, acc)
            self._binop(ast.BinOp(left=target, op=node.op, right=node.value), acc)
            e(target, scope, acc) if isinstance(target, ast.Name) else None
            if not isinstance(target, ast.Name):
                acc.cycles += c.store_subscr if isinstance(target, ast.Subscript) else c.store_attr
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                e(node.value, scope, acc)
                e(node.target, scope, acc)
        elif isinstance(node, ast.Return):
            e(node.value, scope, acc)
            acc.cycles += c.return_ + (0 if node.value else c.load_const)
        elif isinstance(node, (ast.If, ast.While)):
            e(node.test, scope, acc)
            acc.cycles += c.pop_jump
            acc.branch = True
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            e(node.iter, scope, acc)
            acc.cycles += c.get_iter
            acc.branch = True
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                e(item.context_expr, scope, acc)
                acc.cycles += c.setup_with
                if item.optional_vars is not None:
                    e(item.optional_vars, scope, acc)
        elif isinstance(node, ast.Try):
            acc.cycles += c.setup_except
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                e(deco, scope, acc)
                acc.cycles += c.call
            for default in node.args.defaults:
                e(default, scope, acc)
            acc.cycles += c.make_function + self._name(node.name, scope, True)
            acc.add_alloc(ALLOC_CLOSURE, "a function object")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                e(base, scope, acc)
            acc.cycles += c.build_class + self._name(node.name, scope, True)
            acc.add_alloc(ALLOC_CONTAINER * 4, "a class")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            acc.cycles += c.import_ * len(node.names)
        elif isinstance(node, ast.Raise):
            e(node.exc, scope, acc)
            acc.cycles += c.raise_
        elif isinstance(node, ast.Assert):
            e(node.test, scope, acc)
            acc.cycles += c.pop_jump
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    acc.cycles += self._name(target.id, scope, True)
                else:
                    e(target, scope, acc)
        elif isinstance(node, (ast.Break, ast.Continue)):
            acc.cycles += c.jump
        return acc

    @property
    def return_(self) -> int:
        return getattr(self, "return")

    @property
    def import_(self) -> int:
        return getattr(self, "import")

    @property
    def raise_(self) -> int:
        return getattr(self, "raise")


def stack_swap(target: ast.AST, value: ast.AST) -> bool:
    """``a, b = c, d`` / ``a, b, c = d, e, f``: compiled without building a tuple (py/compile.c)."""
    return (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
            and len(target.elts) == len(value.elts) and len(target.elts) in (2, 3)
            and not any(isinstance(x, ast.Starred) for x in (*target.elts, *value.elts)))


def _const_tuple(node: ast.AST) -> bool:
    """A tuple of constants is folded into the constant table (MICROPY_COMP_CONST_TUPLE)."""
    return isinstance(node, ast.Tuple) and all(
        isinstance(e, ast.Constant) or _const_tuple(e) for e in node.elts)


class _Acc:
    """Accumulates one line's cycles, allocation and whether it holds a branch opcode."""

    __slots__ = ("cycles", "alloc_bytes", "alloc_what", "branch", "maybe_bytes", "maybe_what")

    def __init__(self) -> None:
        self.cycles = 0
        self.alloc_bytes = 0
        self.alloc_what = ""
        self.maybe_bytes = 0
        self.maybe_what = ""
        self.branch = False

    def add_alloc(self, nbytes: int, what: str, certain: bool = True) -> None:
        if certain:
            if not self.alloc_what:
                self.alloc_what = what
            self.alloc_bytes += nbytes
        else:
            if not self.maybe_what:
                self.maybe_what = what
            self.maybe_bytes += nbytes
