"""``micropython``: schedule, heap_lock/unlock, const, alloc_emergency_exception_buf, mem_info.

py/modmicropython.c; the scheduler queue is the CPU model's (depth 8 on rp2, shared with
soft IRQs: ports/rp2/mpconfigport.h MICROPY_SCHEDULER_DEPTH).
"""

from __future__ import annotations

from types import ModuleType


def build(port) -> ModuleType:
    cpu = port.cpu
    ns = port.call_ns
    mod = ModuleType("micropython")

    def schedule(function, arg):
        cpu.charge(ns["schedule"])
        if cpu.depth and not cpu.hard_depth:
            port.violation("IRQ401", "micropython.schedule() from a soft (scheduled) handler: the "
                           "handler already runs in the main thread, so this only adds latency and "
                           "takes a second queue slot; the callback runs after this one returns",
                           severity="note")
        name = getattr(function, "__qualname__", None) or getattr(function, "__name__", "callback")
        if not cpu.schedule(function, arg, kind="sched", name=name, source="schedule", cause_t=cpu.now()):
            raise RuntimeError("schedule queue full")
        return None

    def heap_lock():
        cpu.heap_lock += 1
        return None

    def heap_unlock():
        if cpu.heap_lock > 0:
            cpu.heap_lock -= 1
        return cpu.heap_lock

    def alloc_emergency_exception_buf(size):
        port.emergency_buf = True
        return None

    def const(value):
        return value

    def mem_info(*args):
        heap = port.system.heap
        port.write(f"stack: 532 out of 7936\nGC: total: {heap.size}, used: {heap.used}, "
                   f"free: {heap.size - heap.used}\n")

    def opt_level(*args):
        return 0 if not args else None

    def stack_use():
        return 532

    def kbd_intr(chr):
        return None

    mod.schedule = schedule
    mod.heap_lock = heap_lock
    mod.heap_unlock = heap_unlock
    mod.alloc_emergency_exception_buf = alloc_emergency_exception_buf
    mod.const = const
    mod.mem_info = mem_info
    mod.opt_level = opt_level
    mod.stack_use = stack_use
    mod.kbd_intr = kbd_intr
    # Decorators for code emitters: the simulator runs the function as bytecode.
    mod.native = mod.viper = lambda f: f

    def asm_thumb(f):
        # Inline Thumb assembler (py/emitinlinethumb.c) names registers and instructions
        # (mov(r0, 1)) that mean nothing as Python: calling it stops with a named error.
        name = getattr(f, "__name__", "function")

        def not_simulated(*args, **kwargs):
            from .thread_module import NotSimulatedError

            file, line = port.firmware_location()
            raise NotSimulatedError(f"@micropython.asm_thumb function {name}(): inline assembler is not "
                                    "simulated by irqsim", file=file, line=line,
                                    hint="give the simulator a Python version of the function "
                                         "(e.g. chosen with sys.implementation._machine) to run instead")

        not_simulated.__name__ = not_simulated.__qualname__ = name
        return not_simulated

    mod.asm_thumb = asm_thumb
    return mod
