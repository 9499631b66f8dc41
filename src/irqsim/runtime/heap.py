"""MicroPython's heap as far as timing is concerned: allocation fills it, GC empties it.

MicroPython collects only when an allocation fails (no threshold by default, py/gc.c), so a
program that allocates steadily pauses periodically for a time that grows with the live
data the collector must mark. The live size is estimated from the firmware's own objects
(what the module globals reach), sized as MicroPython would store them, plus a fixed
runtime share; the pause model comes from the board profile and is calibrated against
``shared/calibration/gc.py``.
"""

from __future__ import annotations

import types

BLOCK = 16


def _blocks(nbytes: int) -> int:
    return (nbytes + BLOCK - 1) // BLOCK


def mp_size(obj, seen: set[int], budget: list[int]) -> int:
    """Bytes of MicroPython heap that ``obj`` and what it reaches would occupy (estimate)."""
    stack = [obj]
    total = 0
    while stack and budget[0] > 0:
        o = stack.pop()
        oid = id(o)
        if oid in seen:
            continue
        seen.add(oid)
        budget[0] -= 1
        t = type(o)
        if t is int:
            if not -(2**30) <= o < 2**30:
                total += _blocks(8 + (o.bit_length() + 7) // 8) * BLOCK
        elif t is float:
            total += BLOCK
        elif t is str or t is bytes:
            n = len(o)
            total += 0 if n <= 4 else _blocks(16) * BLOCK + _blocks(n + 1) * BLOCK
        elif t is bytearray:
            total += BLOCK + _blocks(len(o)) * BLOCK
        elif t is list:
            total += BLOCK + _blocks(4 * max(len(o), 4)) * BLOCK
            stack.extend(o)
        elif t is tuple:
            total += _blocks(8 + 4 * len(o)) * BLOCK
            stack.extend(o)
        elif t is dict:
            total += BLOCK + _blocks(8 * max(len(o), 2) * 2) * BLOCK
            for k, v in o.items():
                stack.append(k)
                stack.append(v)
        elif t is set:
            total += BLOCK + _blocks(4 * max(len(o), 4) * 2) * BLOCK
            stack.extend(o)
        elif t is types.FunctionType or t is types.ModuleType or t is type:
            continue  # code and modules: counted in the runtime's fixed share
        elif hasattr(o, "__dict__") and t.__module__ not in ("builtins",) and not t.__module__.startswith("irqsim"):
            total += BLOCK * 2
            stack.append(vars(o))
    return total


class Heap:
    def __init__(self, *, size_bytes: int, base_live_bytes: int, gc_curve: list,
                 gc_ns_per_kib_garbage: int, gc_time_scale: float, roots) -> None:
        self.size = size_bytes
        self.base_live = base_live_bytes
        self.extra_live = 0            # ballast a scenario adds to model a bigger application
        self.gc_curve = sorted((float(k), float(us) * 1000) for k, us in gc_curve)
        self.gc_ns_per_kib_garbage = gc_ns_per_kib_garbage
        self.gc_time_scale = gc_time_scale
        self.roots = roots             # callable returning objects the firmware keeps alive
        self.live = base_live_bytes
        self.used = base_live_bytes
        self.collections = 0
        self.enabled = True

    def estimate_live(self) -> int:
        seen: set[int] = set()
        budget = [200_000]
        total = 0
        for root in self.roots():
            total += mp_size(root, seen, budget)
        return self.base_live + self.extra_live + total

    def pause_ns(self, live: int, garbage: int = 0) -> int:
        """Mark cost from the calibrated curve (linear between points and beyond), plus sweep."""
        kib = live / 1024
        pts = self.gc_curve
        if kib <= pts[0][0]:
            mark = pts[0][1]
        else:
            for (k0, t0), (k1, t1) in zip(pts, pts[1:]):  # noqa: B007 - the bracketing pair is used after the loop
                if kib <= k1:
                    break
            mark = t0 + (t1 - t0) * (kib - k0) / (k1 - k0)
        sweep = self.gc_ns_per_kib_garbage * max(0, garbage) / 1024
        return int((mark + sweep) * self.gc_time_scale)

    def alloc(self, nbytes: int) -> bool:
        """Account an allocation; True when it does not fit and a collection must run first."""
        self.used += nbytes
        return self.used > self.size and self.enabled

    def collect(self) -> tuple[int, int]:
        """Run the collector's bookkeeping; returns (live bytes, pause ns)."""
        self.live = min(self.estimate_live(), self.size)
        garbage = self.used - self.live
        self.used = self.live
        self.collections += 1
        return self.live, self.pause_ns(self.live, garbage)


