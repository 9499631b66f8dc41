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
        return -1

    mod.collect = collect
    mod.mem_free = mem_free
    mod.mem_alloc = mem_alloc
    mod.enable = enable
    mod.disable = disable
    mod.isenabled = isenabled
    mod.threshold = threshold
    return mod
