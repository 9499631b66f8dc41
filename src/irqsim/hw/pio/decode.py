"""PIO instruction fields and the state machine's control registers, decoded once.

Encodings: RP2350 datasheet §11.4 (instruction set), RP2040 datasheet §3.4; register fields:
RP2350 §11.7 SMx_EXECCTRL / SMx_SHIFTCTRL / SMx_PINCTRL (same bit positions on RP2040).
"""

from __future__ import annotations

from dataclasses import dataclass

MASK32 = 0xFFFF_FFFF

# opcodes (bits 15:13)
JMP, WAIT, IN, OUT, PUSHPULL, MOV, IRQ, SET = range(8)


@dataclass(frozen=True)
class SmConfig:
    """One state machine's configuration, decoded from its EXECCTRL/SHIFTCTRL/PINCTRL words."""

    wrap_top: int
    wrap_bottom: int
    side_en: bool          # side-set is optional: the MSB of the side-set field enables it
    side_pindir: bool      # side-set drives pin directions instead of levels
    jmp_pin: int
    status_sel: int        # 0: TX level < N, 1: RX level < N (MOV x, STATUS)
    status_n: int
    autopush: bool
    autopull: bool
    in_right: bool
    out_right: bool
    push_thresh: int       # 1..32 (register value 0 means 32)
    pull_thresh: int
    join_tx: bool
    join_rx: bool
    out_base: int
    out_count: int
    set_base: int
    set_count: int
    in_base: int
    sideset_base: int
    sideset_count: int     # including the enable bit when side_en

    @classmethod
    def from_registers(cls, execctrl: int, shiftctrl: int, pinctrl: int) -> SmConfig:
        return cls(
            wrap_top=(execctrl >> 12) & 31, wrap_bottom=(execctrl >> 7) & 31,
            side_en=bool(execctrl >> 30 & 1), side_pindir=bool(execctrl >> 29 & 1),
            jmp_pin=(execctrl >> 24) & 31, status_sel=(execctrl >> 4) & 1, status_n=execctrl & 15,
            autopush=bool(shiftctrl >> 16 & 1), autopull=bool(shiftctrl >> 17 & 1),
            in_right=bool(shiftctrl >> 18 & 1), out_right=bool(shiftctrl >> 19 & 1),
            push_thresh=((shiftctrl >> 20) & 31) or 32, pull_thresh=((shiftctrl >> 25) & 31) or 32,
            join_tx=bool(shiftctrl >> 30 & 1), join_rx=bool(shiftctrl >> 31 & 1),
            out_base=pinctrl & 31, out_count=(pinctrl >> 20) & 63, set_base=(pinctrl >> 5) & 31,
            set_count=(pinctrl >> 26) & 7, in_base=(pinctrl >> 15) & 31,
            sideset_base=(pinctrl >> 10) & 31, sideset_count=(pinctrl >> 29) & 7,
        )

    def delay_side(self, word: int) -> tuple[int, int, int]:
        """(delay cycles, side-set value, side-set pin count); count 0 = no side-set this time."""
        field = (word >> 8) & 31
        ss = self.sideset_count
        delay_bits = 5 - ss
        delay = field & ((1 << delay_bits) - 1)
        side = field >> delay_bits
        if not ss:
            return delay, 0, 0
        if self.side_en:
            if not side >> (ss - 1) & 1:
                return delay, 0, 0
            return delay, side & ((1 << (ss - 1)) - 1), ss - 1
        return delay, side, ss


def reverse32(v: int) -> int:
    return int(f"{v:032b}"[::-1], 2)
