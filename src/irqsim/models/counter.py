"""Edge counting without the CPU: a PIO state machine and a hardware counter.

Both sample the pin through the 2-flop input synchroniser at clk_sys (RP2040 datasheet
§2.19.4 / §3.5.6.3 INPUT_SYNC_BYPASS: two cycles of delay), so a level shorter than one
sample period can be missed, and each has its own rate limit:

* PIO: the counting program ``wait 0 pin 0 / wait 1 pin 0 / jmp x-- top`` takes one cycle per
  instruction (RP2040 datasheet §3.4: every PIO instruction takes one cycle unless it stalls),
  so a pulse needs its low level sampled, then its high level sampled, then one more cycle:
  at least ``PIO_CYCLES_PER_EDGE`` = 3 state-machine cycles per edge at clk_sys / clkdiv.
* Hardware counter (an RP2040/RP2350 PWM slice counting rising edges on its B pin, §4.5.2.4;
  an STM32 timer in external-clock mode): counts a rising edge when one sample is low and the
  next is high, so both levels must span a sample: at most clk_sys / 2.

Neither uses CPU time; both are simulated edge by edge from the waveform, never by formula.
"""

from __future__ import annotations

from .edges import PulseTrain
from .profile import PS_PER_S

PIO_CYCLES_PER_EDGE = 3
SYNC_CYCLES = 2


class _Sampler:
    """Cycle <-> time on a clock, exact in integers."""

    def __init__(self, clock_hz: int) -> None:
        self.hz = clock_hz

    def time(self, cycle: int) -> int:
        return cycle * PS_PER_S // self.hz

    def first_at_or_after(self, t_ps: int) -> int:
        return -(-t_ps * self.hz // PS_PER_S)


def pio_count(train: PulseTrain, clock_hz: int, clkdiv: int = 1) -> int:
    """Rising edges the 3-instruction PIO counting loop sees."""
    clk = _Sampler(clock_hz // clkdiv)
    rise, fall = train.rise_ps, train.fall_ps
    n = len(rise)

    def level_seen(cycle: int, k: int) -> tuple[int, int]:
        """Pin level the SM sees at ``cycle`` (synchronised) and the pulse index at that time."""
        t = clk.time(cycle - SYNC_CYCLES)
        while k < n and fall[k] <= t:
            k += 1
        return (1 if k < n and rise[k] <= t else 0), k

    counted = 0
    cycle, k = SYNC_CYCLES, 0
    while True:
        # wait 0: stall until a low sample
        level, k = level_seen(cycle, k)
        while level:
            cycle = max(cycle + 1, clk.first_at_or_after(fall[k]) + SYNC_CYCLES)
            level, k = level_seen(cycle, k)
        if k >= n:
            break
        cycle += 1
        # wait 1: stall until a high sample
        level, k = level_seen(cycle, k)
        while not level:
            if k >= n:
                return counted
            cycle = max(cycle + 1, clk.first_at_or_after(rise[k]) + SYNC_CYCLES)
            level, k = level_seen(cycle, k)
        counted += 1
        cycle += PIO_CYCLES_PER_EDGE - 1     # jmp x--, then back to wait 0
    return counted


def counter_count(train: PulseTrain, clock_hz: int) -> int:
    """Rising edges a clk_sys-sampled edge counter sees: a low sample followed by a high one."""
    clk = _Sampler(clock_hz)
    counted = 0
    prev_fall = None
    for r, f in zip(train.rise_ps, train.fall_ps):
        # a sample inside [r, f) sees the pulse high; one inside [prev_fall, r) sees it low
        high_seen = clk.time(clk.first_at_or_after(r)) < f
        low_seen = prev_fall is None or clk.time(clk.first_at_or_after(prev_fall)) < r
        if high_seen and low_seen:
            counted += 1
        if high_seen:
            prev_fall = f
        # a pulse no sample saw leaves the line looking low since the previous fall
    return counted
