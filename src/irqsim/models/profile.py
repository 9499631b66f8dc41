"""Interrupt costs of a board profile, in picoseconds, for the declared-cost execution models.

The models count in integer picoseconds so a 16 MHz AVR cycle (62.5 ns) stays exact and a
150 MHz cycle (6666.67 ps) rounds once per static cost, never per event.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec.board import Board, load_board

PS_PER_S = 1_000_000_000_000


@dataclass(frozen=True)
class IrqProfile:
    board: str
    chip: str
    core: str
    clock_hz: int
    entry_cycles: int
    exit_cycles: int
    tail_chain_cycles: int | None    # None: no tail-chaining (AVR returns to main first)
    after_return_cycles: int         # AVR: one main instruction runs between two handlers
    wake_cycles: int                 # extra entry cycles when the core sleeps (WFI / sleep mode)
    nesting: bool                    # a more urgent vector preempts a running handler
    late_arrival: bool               # a more urgent vector arriving during stacking is taken first
    priority_bits: int

    def ps(self, cycles: float) -> int:
        """Whole picoseconds for a cycle count on this clock."""
        return round(cycles * PS_PER_S / self.clock_hz)

    @property
    def cycle_ps(self) -> float:
        return PS_PER_S / self.clock_hz

    @property
    def priority_levels(self) -> int:
        return 1 << self.priority_bits if self.priority_bits else 0


def irq_profile(board: Board | str) -> IrqProfile:
    if isinstance(board, str):
        board = load_board(board, micropython=False)
    irq = board.interrupts
    chaining = irq.get("tail_chaining", "tail_chain_cycles" in irq)
    return IrqProfile(
        board=board.name, chip=board.chip, core=board.core, clock_hz=board.clock_hz,
        entry_cycles=int(irq["entry_cycles"]), exit_cycles=int(irq["exit_cycles"]),
        tail_chain_cycles=int(irq["tail_chain_cycles"]) if chaining else None,
        after_return_cycles=int(irq.get("after_return_cycles", 0)),
        wake_cycles=int(irq.get("wake_cycles", 0)),
        nesting=bool(irq.get("nesting", True)),
        # Armv6-M/v7-M/v8-M all implement late arrival (Arm TRMs); AVR profiles say false.
        late_arrival=bool(irq.get("late_arrival", True)),
        priority_bits=int(irq.get("priority_bits", 0)),
    )
