"""The countdown-loop shortcut: ``jmp x--``/``y--`` over a body that cannot differ between
iterations is skipped by whole iterations, exactly (docs/pio.md, "Why it is fast").

Split from ``sm.py`` because it is an optimisation with its own correctness argument (which
instructions a skippable body may hold, and the lowest counter value that keeps its path);
``tests/pio/test_reference.py`` checks it against ``StateMachineCore.shortcuts = False``.
"""

from __future__ import annotations

from ...kernel.core import NEVER
from .decode import JMP, MOV, SET


class CountdownShortcut:
    """Mixin of ``StateMachineCore``: fast-forwarding countdown loops."""

    # -- countdown loops -----------------------------------------------------------------------
    def _fast_forward(self, reg: int, target: int, jmp_delay: int) -> None:
        """At ``jmp x--/y-- target`` with the counter > 1: skip whole loop iterations.

        The body (target .. this jmp) is walked once with the counter value the next iteration
        will see. It may hold nops, constant SETs of the other register and conditional jumps
        on values that stay fixed or on the counter (``!x``/``!y``, ``x!=y``); every iteration
        whose counter keeps those decisions takes the same path and cycles, so they are
        skipped together. Anything visible or state-changing ends the shortcut."""
        v = self.x if reg == 1 else self.y
        u = v - 1                         # what the next iteration's body sees
        other = self.y if reg == 1 else self.x
        other_set = None
        cfg = self.config
        instr = self.block.instr
        lo = 0                            # lowest counter value that keeps the same path
        cycles = 1 + jmp_delay
        a = target
        for _ in range(32):
            if a == self.pc:
                break
            w = instr[a]
            delay, _side, side_n = cfg.delay_side(w)
            if side_n:
                return
            op = w >> 13
            nxt = cfg.wrap_bottom if a == cfg.wrap_top else (a + 1) & 31
            if op == MOV:
                dest, mop, src = (w >> 5) & 7, (w >> 3) & 3, w & 7
                if not (dest == src and dest in (1, 2) and mop == 0):
                    return
            elif op == SET:
                dest = (w >> 5) & 7
                if dest not in (1, 2) or dest == reg:
                    return
                other = other_set = w & 31
            elif op == JMP:
                cond = (w >> 5) & 7
                if cond == 0:
                    take = True
                elif cond in (1, 3):
                    if (cond == 1) == (reg == 1):     # a zero test of the counter
                        if u == 0:
                            return
                        take = False
                        lo = max(lo, 1)
                    else:
                        take = other == 0
                elif cond == 5:
                    if u == other:
                        return
                    take = True
                    if u > other:
                        lo = max(lo, other + 1)
                elif cond == 7:
                    take = self.osr_n < cfg.pull_thresh
                else:
                    return                          # pin reads, other decrements
                nxt = (w & 31) if take else nxt
            else:
                return
            cycles += 1 + delay
            a = nxt
        else:
            return
        n = u - lo + 1
        if self.k_limit != NEVER:
            n = min(n, (self.k_limit - self.k) // cycles)
        if n <= 0:
            return
        if reg == 1:
            self.x = v - n
            if other_set is not None:
                self.y = other_set
        else:
            self.y = v - n
            if other_set is not None:
                self.x = other_set
        self.k += n * cycles
        self.instructions += n * 2
