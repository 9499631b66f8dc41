"""The CPU's countdown and the end-of-run signal, shared by the CPU model, the shim and the
instrumented firmware (runtime/cpu.py explains the time model)."""

from __future__ import annotations

HORIZON_NS = 1 << 29  # keep the countdown a small int (one CPython digit): re-sync at least every ~0.5 s


class Countdown:
    """The countdown ``n``: ns until ``Cpu.t_next``, shared by the CPU, the shim and every
    instrumented line (``_irqsim_B.n -= ns``).

    An object with one slot rather than a one-element list: ``B.n`` is one specialised
    bytecode (LOAD_ATTR_SLOT / STORE_ATTR_SLOT) where ``B[0]`` is two (LOAD_CONST + SUBSCR),
    and a line charge is the hottest code the simulator runs. ``B[0]`` still works (slowly)
    for code written against the earlier list.
    """

    __slots__ = ("n",)

    def __init__(self, n: int = 0) -> None:
        self.n = n

    def __getitem__(self, i: int) -> int:
        if i != 0:
            raise IndexError(i)
        return self.n

    def __setitem__(self, i: int, value: int) -> None:
        if i != 0:
            raise IndexError(i)
        self.n = value

    def __repr__(self) -> str:
        return f"Countdown({self.n})"



class StopSimulation(BaseException):
    """Raised through the firmware when the run ends; ``except Exception`` cannot catch it."""

    def __init__(self, reason: str = "duration") -> None:
        super().__init__(reason)
        self.reason = reason

