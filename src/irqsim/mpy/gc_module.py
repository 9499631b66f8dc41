"""``gc``: collect, mem_free/mem_alloc, enable/disable, threshold (py/modgc.c)."""

from __future__ import annotations

from types import ModuleType


def build(port) -> ModuleType:
    heap = port.system.heap
    mod = ModuleType("gc")

    def collect():
        port.collect()
        return None

    def mem_free():
        return max(0, heap.size - heap.used)

    def mem_alloc():
        return heap.used

    def enable():
        heap.enabled = True

    def disable():
        heap.enabled = False

    def isenabled():
        return heap.enabled

    def threshold(*args):
        # py/modgc.c: threshold(n) collects once n bytes were allocated since the last
        # collection (rounded down to 16-byte GC blocks); threshold() reads it, -1 = off.
        if not args:
            t = port.gc_threshold
            return -1 if t < 0 else t
        if len(args) > 1:
            raise TypeError("function expected at most 1 arguments, got %d" % len(args))
        value = args[0]
        if isinstance(value, float):
            raise TypeError("can't convert float to int")
        value = int(value)
        port.gc_threshold = -1 if value < 0 else value // 16 * 16
        return None

    mod.collect = collect
    mod.mem_free = mem_free
    mod.mem_alloc = mem_alloc
    mod.enable = enable
    mod.disable = disable
    mod.isenabled = isenabled
    mod.threshold = threshold
    return mod
