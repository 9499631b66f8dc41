"""A state machine's clock: the system clock divided by a 16.8 fractional divider.

RP2350 datasheet §11.5.5 (RP2040 §3.5.5): the divider emits an enable pulse on some system
clock cycles; on average one every ``int + frac/256`` cycles. Here SM cycle ``k`` (counted
from the enable/restart) happens on system clock cycle ``base + floor(k * div256 / 256)``:
the average rate is exact and no two cycles are closer than ``int`` system cycles, as on the
chip; the chip's pattern of long and short cycles inside one 256-cycle period may differ
by one system clock (not modelled cycle by cycle). Times are integer ns: a system cycle
``c`` is at ``floor(c * 1e9 / clock_hz)``.
"""

from __future__ import annotations

NS_PER_S = 1_000_000_000


class SmClock:
    __slots__ = ("clock_hz", "div256", "base_c")

    def __init__(self, clock_hz: int) -> None:
        self.clock_hz = clock_hz
        self.div256 = 256          # CLKDIV INT=1 FRAC=0: full speed (pio_get_default_sm_config)
        self.base_c = 0            # system cycle of SM cycle 0

    def set_divider(self, div_int: int, div_frac: int) -> None:
        # INT=0 means 65536 (RP2350 datasheet SMx_CLKDIV)
        self.div256 = ((div_int or 65536) << 8) | div_frac

    def sys_cycle_at(self, t_ns: int) -> int:
        """The first system clock cycle at or after ``t_ns``."""
        return -(-t_ns * self.clock_hz // NS_PER_S)

    def restart(self, t_ns: int) -> None:
        """CLKDIV_RESTART / enable: SM cycle 0 is the first system cycle at or after ``t_ns``."""
        self.base_c = self.sys_cycle_at(t_ns)

    def t_of(self, k: int) -> int:
        """Time of SM cycle ``k``."""
        return (self.base_c + ((k * self.div256) >> 8)) * NS_PER_S // self.clock_hz

    def k_at(self, t_ns: int) -> int:
        """The first SM cycle at or after ``t_ns``."""
        m = self.sys_cycle_at(t_ns) - self.base_c
        if m <= 0:
            return 0
        return -(-(m << 8) // self.div256)

    def period_ns(self) -> float:
        return self.div256 * NS_PER_S / (256 * self.clock_hz)
