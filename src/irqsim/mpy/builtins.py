"""The builtins firmware sees: CPython's, plus MicroPython's ``const`` and a costed ``print``.

``print`` charges the C cost of formatting and the USB-CDC transfer, and in an interrupt
handler reports the lesson's rule (it works on rp2 but can stall for up to 500 ms when the
USB buffer is full: shared/tinyusb/mp_usbd_cdc.c). Builtins that loop in C (sum, min, max,
sorted, any, all) charge per element, so ``sum(range(20))`` costs what it costs on the chip.
"""

from __future__ import annotations

import builtins as _b

_PER_ITEM = ("sum", "min", "max", "sorted", "any", "all")


# dir(builtins) of MicroPython at the rp2 port's ROM level (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES,
# ports/rp2/mpconfigport.h), as the unix port at that level lists them (py/modbuiltins.c
# mp_module_builtins_globals_table), minus the unix-only execfile and __repl_print__. help is
# rp2's (MICROPY_PY_BUILTINS_HELP_TEXT). ViperTypeError has no CPython counterpart.
MICROPYTHON_BUILTINS = frozenset({
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "EOFError", "Ellipsis",
    "Exception", "GeneratorExit", "ImportError", "IndentationError", "IndexError", "KeyError",
    "KeyboardInterrupt", "LookupError", "MemoryError", "NameError", "NotImplemented",
    "NotImplementedError", "OSError", "OverflowError", "RuntimeError", "StopAsyncIteration",
    "StopIteration", "SyntaxError", "SystemExit", "TypeError", "UnicodeError", "ValueError",
    "ZeroDivisionError", "__build_class__", "__import__", "__name__", "abs", "all", "any", "bin",
    "bool", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex", "delattr",
    "dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "float", "frozenset", "getattr",
    "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass",
    "iter", "len", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct",
    "open", "ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set",
    "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "zip",
})


def _str_data(value) -> str:
    """py/objstr.c mp_obj_str_get_data: str or bytes, else bad_implicit_conversion (NORMAL wording)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError("can't convert '%s' object to str implicitly" % type(value).__name__)


def make_builtins(port) -> dict:
    cpu = port.cpu
    call_ns = port.call_ns
    small = call_ns["builtin_small"]
    per_item = call_ns["builtin_per_item"]
    print_ns = call_ns["print_call"]
    from .floatfmt_text import mp_str

    byte_ns = int(1000 / max(1, port.system.board.micropython["usb_cdc_bytes_per_us"]))
    # Only the builtins rp2 MicroPython has: code that uses CPython-only ones (format, vars,
    # FileNotFoundError ...) must fail here as it fails on the chip, with NameError.
    table = {name: value for name, value in vars(_b).items() if name in MICROPYTHON_BUILTINS}

    def mp_print(*args, **kwargs):
        # py/modbuiltins.c mp_builtin_print: keyword-only sep, end, file and nothing else
        # (print(..., flush=True) is "extra keyword arguments given" on the chip); sep and end go
        # through mp_obj_str_get_data, so None is a TypeError there, not "use the default".
        if any(k not in ("sep", "end", "file") for k in kwargs):
            raise TypeError("extra keyword arguments given")
        sep = _str_data(kwargs.get("sep", " "))
        end = _str_data(kwargs.get("end", "\n"))
        file = kwargs.get("file")
        text = sep.join(mp_str(a) for a in args) + end   # floats as on the chip (floatfmt_text.py)
        if cpu.depth:
            kind = "hard" if cpu.hard_depth else "scheduled"
            if cpu.hard_depth:
                port.violation("IRQ201", f"print() in a {kind} interrupt handler: on rp2 it can stall "
                               "for up to 500 ms when the USB buffer is full", severity="warning")
        if file is not None and hasattr(file, "write"):
            file.write(text)
            return
        cpu.charge(print_ns + byte_ns * len(text))
        port.write(text)

    def const(value):
        return value

    def costed(name):
        real = getattr(_b, name)

        def wrapper(*args, **kwargs):
            if args and not kwargs.get("key"):
                try:
                    n = len(args[0]) if len(args) == 1 else len(args)
                except TypeError:
                    items = list(args[0])
                    n = len(items)
                    args = (items, *args[1:])
                cpu.charge(small + per_item * n)
            else:
                cpu.charge(small)
            return real(*args, **kwargs)

        wrapper.__name__ = name
        wrapper.__qualname__ = name
        return wrapper

    for name in _PER_ITEM:
        table[name] = costed(name)
    table["print"] = mp_print
    table["const"] = const
    table["input"] = _make_input(port)
    table["help"] = _make_help(mp_print)
    table.update(_viper_casts())
    from .confine import guarded_builtins

    guarded_builtins(port, table)   # no __loader__; checked getattr/exec/eval (confine.py)
    table["open"] = port.vfs.open   # the run's in-memory flash filesystem, never host files (vfs.py)
    table["__import__"] = port._import
    return table


def _make_help(mp_print):
    def help(obj=None):  # noqa: A001 - the builtin's name
        # py/builtinhelp.c: no argument prints the port's help text (rp2_help_text, not
        # reproduced here); an object prints "object X is of type T" and its attributes.
        if obj is None:
            mp_print("Welcome to MicroPython (simulated by irqsim: see its README for the board's help text).")
            return
        kind = type(obj)
        mp_print(f"object {obj} is of type {kind.__name__}")
        names = vars(obj) if kind.__name__ == "module" else vars(obj if isinstance(obj, type) else kind)
        for name, value in names.items():
            if not name.startswith("_"):
                mp_print(f"  {name} -- {value}")

    return help


def _make_input(port):
    def input(prompt=""):  # noqa: A001 - the builtin's name
        # py/modbuiltins.c input(): prints the prompt, then reads a line from stdin; nobody
        # types into a simulation, so it waits (idle, callbacks run) until the run ends.
        from ..kernel.core import NEVER

        if prompt:
            port.write(str(prompt))
        port.cpu.wait_until(NEVER, run_callbacks=True, idle=True)
        return ""

    return input


def _viper_casts() -> dict:
    """``@micropython.viper`` code casts buffers with ptr8/ptr16/ptr32 and ints with uint
    (py/emitnative.c). Here they index the same buffer bytewise or as 16/32-bit words;
    a raw address (an int) has no memory behind it and raises."""

    def cast(fmt):
        def ptr(obj):
            if isinstance(obj, int):
                from .thread_module import NotSimulatedError

                raise NotSimulatedError(f"ptr{8 * {'B': 1, 'H': 2, 'I': 4}[fmt]}(0x{obj:x}): raw memory "
                                        "addresses are not simulated by irqsim",
                                        hint="pass a bytearray/array to the viper function instead")
            view = memoryview(obj)
            if view.format != "B" or fmt == "B":
                view = view.cast("B")
            return view if fmt == "B" else view.cast(fmt)

        return ptr

    def uint(x):
        return int(x) & 0xFFFFFFFF

    return {"ptr8": cast("B"), "ptr16": cast("H"), "ptr32": cast("I"), "uint": uint}

