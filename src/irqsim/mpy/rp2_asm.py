"""``rp2.asm_pio``: the PIO assembler as MicroPython's rp2 module runs it.

Behaviour follows ports/rp2/modules/rp2.py (PIOASMEmit, asm_pio, asm_pio_encode; MicroPython
v1.29 preview), written anew: the decorated function runs twice (pass 0 collects labels and
counts side-sets, pass 1 emits words) with the instruction names injected as its globals;
``[n]`` is a delay, ``.side(v)`` a side-set; the result is MicroPython's 9-item program list
``[array('H') words, offset PIO0, PIO1, PIO2, EXECCTRL, SHIFTCTRL, out_init, set_init,
sideset_init]`` that rp2_pio.c reads. Errors raise ``PIOASMError`` with MicroPython's texts.
"""

from __future__ import annotations

from array import array

PROG_DATA, PROG_OFFSET_PIO0, PROG_EXECCTRL, PROG_SHIFTCTRL = 0, 1, 4, 5
PROG_OUT_PINS, PROG_SET_PINS, PROG_SIDESET_PINS, PROG_FIELDS = 6, 7, 8, 9

# rp2.PIO constants used as defaults (ports/rp2/rp2_pio.c locals dict)
SHIFT_LEFT, JOIN_NONE = 0, 0
_EMIT_KWARGS = ("out_init", "set_init", "sideset_init", "side_pindir", "in_shiftdir", "out_shiftdir",
                "autopush", "autopull", "push_thresh", "pull_thresh", "fifo_join")


class PIOASMError(Exception):
    pass


class PIOASMEmit:
    def __init__(self, *, out_init=None, set_init=None, sideset_init=None, side_pindir=False,
                 in_shiftdir=SHIFT_LEFT, out_shiftdir=SHIFT_LEFT, autopush=False, autopull=False,
                 push_thresh=32, pull_thresh=32, fifo_join=JOIN_NONE):
        self.labels: dict = {}
        execctrl = side_pindir << 29
        shiftctrl = (fifo_join << 30 | (pull_thresh & 0x1F) << 25 | (push_thresh & 0x1F) << 20
                     | out_shiftdir << 19 | in_shiftdir << 18 | autopull << 17 | autopush << 16)
        self.prog = [array("H"), -1, -1, -1, execctrl, shiftctrl, out_init, set_init, sideset_init]
        self.wrap_used = False
        if sideset_init is None:
            self.sideset_count = 0
        elif isinstance(sideset_init, int):
            self.sideset_count = 1
        else:
            self.sideset_count = len(sideset_init)
        self.pass_ = 0
        self.num_instr = 0
        self.num_sideset = 0
        self.delay_max = 31
        self.sideset_opt = False

    def start_pass(self, pass_):
        if pass_ == 1:
            if not self.wrap_used and self.num_instr:
                self.wrap()
            self.delay_max = 31
            if self.sideset_count:
                # side-set is optional unless every instruction has one; the enable bit costs a bit
                self.sideset_opt = self.num_sideset != self.num_instr
                if self.sideset_opt:
                    self.prog[PROG_EXECCTRL] |= 1 << 30
                    self.sideset_count += 1
                self.delay_max >>= self.sideset_count
        self.pass_ = pass_
        self.num_instr = 0
        self.num_sideset = 0

    def __getitem__(self, key):
        return self.delay(key)

    def delay(self, delay):
        if self.pass_ > 0:
            if delay > self.delay_max:
                raise PIOASMError("delay too large")
            self.prog[PROG_DATA][-1] |= delay << 8
        return self

    def side(self, value):
        self.num_sideset += 1
        if self.pass_ > 0:
            if self.sideset_count == 0:
                raise PIOASMError("no sideset")
            if value >= (1 << self.sideset_count):
                raise PIOASMError("sideset too large")
            self.prog[PROG_DATA][-1] |= self.sideset_opt << 12 | value << (13 - self.sideset_count)
        return self

    def wrap_target(self):
        self.prog[PROG_EXECCTRL] |= self.num_instr << 7

    def wrap(self):
        assert self.num_instr
        self.prog[PROG_EXECCTRL] |= (self.num_instr - 1) << 12
        self.wrap_used = True

    def label(self, label):
        if self.pass_ == 0:
            if label in self.labels:
                raise PIOASMError("duplicate label {}".format(label))
            self.labels[label] = self.num_instr

    def word(self, instr, label=None):
        self.num_instr += 1
        if self.pass_ > 0:
            if label is None:
                target = 0
            elif label not in self.labels:
                raise PIOASMError("unknown label {}".format(label))
            else:
                target = self.labels[label]
            self.prog[PROG_DATA].append(instr | target)
        return self

    def nop(self):
        return self.word(0xA042)            # mov y, y

    def jmp(self, cond, label=None):
        if label is None:
            cond, label = 0, cond
        return self.word(cond << 5, label)

    def wait(self, polarity, src, index):
        src = 1 if src == 6 else (0 if src == 0 else 2)   # "pin" is 6 as a jmp condition; else irq
        return self.word(0x2000 | polarity << 7 | src << 5 | index)

    def in_(self, src, data):
        if not 0 < data <= 32:
            raise PIOASMError("invalid bit count {}".format(data))
        return self.word(0x4000 | src << 5 | data & 0x1F)

    def out(self, dest, data):
        if dest == 8:
            dest = 7                         # exec
        if not 0 < data <= 32:
            raise PIOASMError("invalid bit count {}".format(data))
        return self.word(0x6000 | dest << 5 | data & 0x1F)

    def push(self, value=0, value2=0):
        value |= value2
        if not value & 1:
            value |= 0x20                    # block unless noblock
        return self.word(0x8000 | (value & 0x60))

    def pull(self, value=0, value2=0):
        value |= value2
        if not value & 1:
            value |= 0x20
        return self.word(0x8080 | (value & 0x60))

    def mov(self, dest, src):
        if dest == 8:
            dest = 4                         # exec
        return self.word(0xA000 | dest << 5 | src)

    def irq(self, mod, index=None):
        if index is None:
            mod, index = 0, mod
        return self.word(0xC000 | (mod & 0x60) | index)

    def set(self, dest, data):
        return self.word(0xE000 | dest << 5 | data)


NAMES = {
    "gpio": 0, "pins": 0, "x": 1, "y": 2, "null": 3, "pindirs": 4, "pc": 5, "status": 5,
    "isr": 6, "osr": 7, "exec": 8,
    "invert": lambda v: v | 0x08, "reverse": lambda v: v | 0x10,
    "not_x": 1, "x_dec": 2, "not_y": 3, "y_dec": 4, "x_not_y": 5, "pin": 6, "not_osre": 7,
    "noblock": 0x01, "block": 0x21, "iffull": 0x40, "ifempty": 0x40, "clear": 0x40,
    "rel": lambda v: v | 0x10,
}
DIRECTIVES = ("wrap_target", "wrap", "label")
INSTRUCTIONS = ("word", "nop", "jmp", "wait", "in_", "out", "push", "pull", "mov", "irq", "set")


def _kept(name: str, value) -> bool:
    """Globals that survive while the program function runs. MicroPython clears them all; the
    instrumentation's own names must stay, and const() names (which MicroPython's compiler
    inlines, so they still resolve there) are approximated by int-valued UPPER/_private names."""
    if name.startswith("_irqsim_") or name == "__builtins__":
        return True
    return isinstance(value, int) and not isinstance(value, bool) and (name.isupper() or name.startswith("_"))


def asm_pio(**kw):
    unknown = [k for k in kw if k not in _EMIT_KWARGS]
    if unknown:
        raise TypeError("unexpected keyword argument '%s'" % unknown[0])
    emit = PIOASMEmit(**kw)

    def dec(f):
        gl = f.__globals__
        old = dict(gl)
        gl.clear()
        try:
            gl.update({k: v for k, v in old.items() if _kept(k, v)})
            gl.update(NAMES)
            for name in DIRECTIVES + INSTRUCTIONS:
                gl[name] = getattr(emit, name)
            emit.start_pass(0)
            f()
            emit.start_pass(1)
            f()
        finally:
            gl.clear()
            gl.update(old)
        return emit.prog

    return dec


def encode(instr, sideset_count, sideset_opt=False, builtins=None):
    """One instruction from source text (StateMachine.exec with a str); jmp is not supported.
    ``builtins``: the firmware's builtins, so the text runs as confined as the firmware."""
    emit = PIOASMEmit()
    emit.sideset_count = sideset_count
    emit.sideset_opt = sideset_opt != 0
    emit.delay_max = 31 >> (emit.sideset_count + emit.sideset_opt)
    emit.pass_ = 1
    gl = dict(NAMES)
    for name in INSTRUCTIONS:
        gl[name] = getattr(emit, name)
    gl["jmp"] = None
    if builtins is not None:
        gl["__builtins__"] = builtins
    exec(instr, gl)  # noqa: S102 - MicroPython's asm_pio_encode execs the text the same way
    if len(emit.prog[PROG_DATA]) != 1:
        raise PIOASMError("expecting exactly 1 instruction")
    return emit.prog[PROG_DATA][0]
