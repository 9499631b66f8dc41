"""Rules checked inside handler code: IRQ101, IRQ201, IRQ202, IRQ301, IRQ401, IRQ501, IRQ502.

What allocates follows the runtime's model (runtime/costs.py, design/MICROPYTHON.md), so a
line the linter flags with IRQ101 is a line that raises MemoryError under ``irqsim run``
when the handler is hard, with one refinement: ``self.x`` passed as a value is a bound
method (and allocates) only when ``x`` is a method of the class.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..runtime.costs import stack_swap
from .discovery import BUS_CTORS, Handler, Module, walk_body

# Builtins that return a new heap object (mirrors runtime/costs.py ALLOCATING_BUILTINS).
ALLOC_BUILTINS = {
    "str": "a new str (str())", "bytearray": "bytearray()", "bytes": "bytes()", "list": "a new list (list())",
    "dict": "a new dict (dict())", "set": "a new set (set())", "tuple": "a new tuple (tuple())",
    "float": "a float (float())", "repr": "a new str (repr())", "sorted": "a new list (sorted())",
    "memoryview": "a memoryview", "hex": "a new str (hex())", "bin": "a new str (bin())", "chr": "a new str (chr())",
}
ALLOC_METHODS = {
    "append": "list.append (grows the list when it is full)", "extend": "list.extend", "insert": "list.insert",
    "format": "string formatting (str.format)", "join": "str.join", "split": "str.split",
    "encode": "str.encode", "decode": "bytes.decode", "copy": "a copy", "upper": "a new str",
    "lower": "a new str", "strip": "a new str", "replace": "a new str",
}
BLOCKING_TIME = {"sleep", "sleep_ms", "sleep_us"}
BLOCKING_MACHINE = {"time_pulse_us", "lightsleep", "deepsleep"}
TIME_MODULES = {"time", "utime"}
BUS_METHODS = {"read", "readinto", "readline", "write", "readfrom", "readfrom_into", "writeto", "writevto",
               "readfrom_mem", "readfrom_mem_into", "writeto_mem", "scan", "write_readinto", "sendbreak",
               "flush", "start", "stop"}

Raw = tuple[ast.AST, str, str]   # (node, code, message)


def check_handler(mod: Module, h: Handler) -> Iterator[Raw]:
    f = h.func
    who = h.describe()
    nodes = list(walk_body(f.body))
    # a, b = b, a and a[i:j] = x allocate nothing on rp2 (py/compile.c DOUBLE/TRIPLE_TUPLE_ASSIGN;
    # py/vm.c stack-allocated slices for built-in sequences): runtime/costs.py's stack_swap.
    exempt = {id(n.value) for n in nodes if isinstance(n, ast.Assign) and len(n.targets) == 1
              and stack_swap(n.targets[0], n.value)}
    exempt |= {id(n) for n in nodes if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store)}
    for node in nodes:
        if h.hard and id(node) not in exempt:
            what = allocation(mod, h, node)
            if what:
                yield node, "IRQ101", f"{what} allocates on the heap in {who}: MemoryError on rp2 (heap locked)"
        if isinstance(node, ast.Call):
            yield from _call_rules(mod, h, node, who)
        elif isinstance(node, ast.While) and _always_true(node.test):
            yield node, "IRQ501", f"`while True` in {who}: nothing else runs until it ends"
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and isinstance(f.node, ast.FunctionDef):
            name = node.id
            if (f.parent is None and f.cls is None and name in mod.simple_globals and name not in f.declared_global
                    and name not in f.params and _read_elsewhere(mod, name, f)):
                yield node, "IRQ502", (f"'{name}' is assigned in {who} without `global {name}`: it creates a "
                                       "local and the module variable never changes")


def _call_rules(mod: Module, h: Handler, call: ast.Call, who: str) -> Iterator[Raw]:
    fn = call.func
    if isinstance(fn, ast.Name) and fn.id == "print" and h.hard:
        yield call, "IRQ201", f"print() in {who}: on rp2 it can stall up to 500 ms when the USB buffer is full"
    blocking = _blocking_name(mod, fn)
    if blocking:
        yield call, "IRQ202", f"{blocking}() blocks in {who}"
    if not h.only_scheduled:
        bus = _bus_call(mod, h, fn)
        if bus:
            yield call, "IRQ301", f"{bus} in {who}: bus drivers wait on their own interrupts and may stall or deadlock"
    if mod._is_schedule(fn) and not h.hard:
        hint = (" (rp2 runs Pin/Timer handlers without hard=True as scheduled callbacks already)"
                if h.soft_irq else "")
        yield call, "IRQ401", f"micropython.schedule() from {who}, which is itself a scheduled callback{hint}"


def _blocking_name(mod: Module, fn: ast.expr) -> str | None:
    if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name):
        if fn.value.id in TIME_MODULES and fn.attr in BLOCKING_TIME:
            return f"{fn.value.id}.{fn.attr}"
        if fn.value.id == "machine" and fn.attr in BLOCKING_MACHINE:
            return f"machine.{fn.attr}"
    if isinstance(fn, ast.Name) and fn.id in BLOCKING_TIME | {"time_pulse_us"} and fn.id not in mod.module_funcs:
        return fn.id
    return None


def _bus_call(mod: Module, h: Handler, fn: ast.expr) -> str | None:
    if isinstance(fn, ast.Attribute):
        recv = fn.value
        key = None
        if isinstance(recv, ast.Name):
            key = recv.id if recv.id not in h.func.local_names else None
        elif isinstance(recv, ast.Attribute) and isinstance(recv.value, ast.Name):
            key = f"{recv.value.id}.{recv.attr}"
        ctor = mod.ctor.get(key or "")
        if ctor in BUS_CTORS and fn.attr in BUS_METHODS:
            return f"{ctor}.{fn.attr}()"
        if isinstance(recv, ast.Name) and recv.id == "machine" and fn.attr in BUS_CTORS:
            return f"machine.{fn.attr}()"
    if isinstance(fn, ast.Name) and fn.id in BUS_CTORS:
        return f"{fn.id}()"
    return None


def allocation(mod: Module, h: Handler, node: ast.AST) -> str | None:
    """What ``node`` itself allocates in MicroPython's rp2 port, or None."""
    if isinstance(node, ast.BinOp):
        floaty = any(isinstance(s, ast.Constant) and isinstance(s.value, float) for s in (node.left, node.right))
        stringy = any(isinstance(s, ast.JoinedStr) or (isinstance(s, ast.Constant) and isinstance(s.value, (str, bytes)))
                      for s in (node.left, node.right))
        if isinstance(node.op, ast.Div):
            return "float division (`/` always makes a boxed float)"
        if floaty:
            return "float arithmetic (floats are boxed on rp2)"
        if stringy and isinstance(node.op, ast.Mod):
            return "string formatting (%)"
        if stringy and isinstance(node.op, (ast.Add, ast.Mult)):
            return "string concatenation"
        return None
    if isinstance(node, ast.AugAssign):
        if isinstance(node.op, ast.Div):
            return "float division (`/=`)"
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, float):
            return "float arithmetic (floats are boxed on rp2)"
        return None
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.List) and isinstance(node.ctx, ast.Load):
        return "a new list"
    if isinstance(node, ast.Set):
        return "a new set"
    if isinstance(node, ast.Dict):
        return "a new dict"
    if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load):
        if not all(isinstance(e, ast.Constant) for e in node.elts):
            return "a new tuple"
        return None
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return "a comprehension"
    if isinstance(node, ast.Lambda):
        return "a lambda (new function object)"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "a nested function (new closure)"
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return "a slice (new object)"
    if isinstance(node, ast.Call):
        fn = node.func
        if isinstance(fn, ast.Name) and fn.id in ALLOC_BUILTINS and fn.id not in mod.module_funcs:
            return ALLOC_BUILTINS[fn.id]
        if isinstance(fn, ast.Attribute) and fn.attr in ALLOC_METHODS:
            return ALLOC_METHODS[fn.attr]
        return None
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and mod.is_method_ref(node, h.func):
        if not _is_called(h, node):
            return f"a bound method (self.{node.attr} as a value)"
    return None


def _is_called(h: Handler, attr: ast.Attribute) -> bool:
    for node in walk_body(h.func.body):
        if isinstance(node, ast.Call) and node.func is attr:
            return True
    return False


def _always_true(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and bool(test.value)


def _read_elsewhere(mod: Module, name: str, f) -> bool:
    """The module variable is read outside this function (so the lost write matters)."""
    inside = {id(n) for n in walk_body(f.body)}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load) and id(node) not in inside:
            return True
    return False
