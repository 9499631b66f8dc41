"""One simulated board: kernel, interrupt controller, GPIO bank, CPU and heap, wired together."""

from __future__ import annotations

from dataclasses import dataclass

from ..hw.gpio import Gpio
from ..hw.nvic import Nvic
from ..kernel import Kernel, RandomStreams
from ..spec.board import Board
from ..trace.log import EventLog
from .costs import CostModel
from .cpu import Cpu
from .heap import Heap


@dataclass(frozen=True)
class Timing:
    """Board costs converted once to ns (the hot paths never multiply cycles)."""

    scheduler_depth: int
    entry_ns: int
    exit_ns: int
    tail_chain_ns: int
    hard_dispatch_ns: int
    hard_return_ns: int
    soft_isr_ns: int
    sched_run_ns: int
    sched_return_ns: int
    wake_ns: int
    timer_isr_ns: int

    @classmethod
    def of(cls, board: Board, scheduler_depth: int | None = None) -> Timing:
        ns = board.cycles_to_ns
        irq, mp = board.interrupts, board.micropython
        return cls(
            scheduler_depth=int(scheduler_depth or mp["scheduler_depth"]),
            entry_ns=ns(irq["entry_cycles"]), exit_ns=ns(irq["exit_cycles"]),
            tail_chain_ns=ns(irq["tail_chain_cycles"]),
            hard_dispatch_ns=ns(mp["hard_dispatch_cycles"]), hard_return_ns=ns(mp["hard_return_cycles"]),
            soft_isr_ns=ns(mp["soft_isr_cycles"]), sched_run_ns=ns(mp["sched_run_cycles"]),
            sched_return_ns=ns(mp["sched_return_cycles"]),
            wake_ns=ns(mp["wake_cycles"]), timer_isr_ns=ns(mp["timer_isr_cycles"]),
        )


class System:
    def __init__(self, board: Board, *, seed: int = 0, log: EventLog | None = None,
                 scheduler_depth: int | None = None) -> None:
        self.board = board
        self.log = log if log is not None else EventLog()
        self.kernel = Kernel()
        self.rng = RandomStreams(seed)
        self.nvic = Nvic(int(board.interrupts.get("default_priority", 0x80)))
        self.timing = Timing.of(board, scheduler_depth)
        self.cpu = Cpu(self.kernel, self.nvic, self.log, self.timing)
        self.gpio = Gpio(board.gpio_count, self.cpu.sync, self.log, self.nvic)
        self.costs = CostModel(board.vm)
        mp = board.micropython
        self.heap = Heap(size_bytes=int(mp["heap_bytes"]), base_live_bytes=int(mp["base_live_bytes"]),
                         gc_curve=mp["gc_curve"], gc_ns_per_kib_garbage=int(mp["gc_us_per_kib_garbage"] * 1000),
                         gc_time_scale=float(mp.get("gc_time_scale", 1.0)), roots=lambda: ())
        self.cpu.heap = self.heap
        self.call_ns = {name: board.cycles_to_ns(c) for name, c in board.calls.items()}

    def now(self) -> int:
        return self.cpu.now()
