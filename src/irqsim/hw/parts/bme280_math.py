"""Bosch BME280/BMP280 compensation, and its inverse: the raw ADC value a driver turns back into
a given temperature, pressure or humidity.

The forward formulas are the floating-point ones of the BME280 datasheet (BST-BME280-DS002,
section 8.1 "Compensation formulas in double precision floating point"; the BMP280 datasheet
BST-BMP280-DS001 section 8.1 has the same temperature and pressure ones). The part does not
store a table of raw values: it inverts these formulas by bisection over the ADC codes the
sensor can produce at the configured resolution, so a driver using either the floating-point
or the 32/64-bit integer formulas (datasheet 8.2) gets the configured value back to within
one code (temperature 0.005 degC, pressure ~0.2 Pa at 20 bits, humidity ~0.008 %RH).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Trim:
    """Factory trimming parameters (datasheet 4.2.2, table 16)."""

    T1: int
    T2: int
    T3: int
    P1: int
    P2: int
    P3: int
    P4: int
    P5: int
    P6: int
    P7: int
    P8: int
    P9: int
    H1: int = 0
    H2: int = 0
    H3: int = 0
    H4: int = 0
    H5: int = 0
    H6: int = 0

    def block_88(self) -> bytes:
        """0x88..0xA1: dig_T1..dig_P9 little-endian, 0xA0 reserved, 0xA1 dig_H1."""
        return struct.pack("<HhhHhhhhhhhhBB", self.T1, self.T2, self.T3, self.P1, self.P2, self.P3,
                           self.P4, self.P5, self.P6, self.P7, self.P8, self.P9, 0, self.H1)

    def block_e1(self) -> bytes:
        """0xE1..0xE7: dig_H2 (s16), dig_H3 (u8), dig_H4 (12 bit: 0xE4 = [11:4], 0xE5[3:0]),
        dig_H5 (12 bit: 0xE5[7:4] = [3:0], 0xE6 = [11:4]), dig_H6 (s8)."""
        h4, h5 = self.H4 & 0xFFF, self.H5 & 0xFFF
        return struct.pack("<hB", self.H2, self.H3) + bytes(
            [h4 >> 4, (h4 & 0x0F) | ((h5 & 0x0F) << 4), h5 >> 4, self.H6 & 0xFF])


# A plausible trim set: the temperature/pressure values are the worked example of the BMP280
# datasheet (section 3.12, table "compensation parameter storage"); the humidity values are the
# typical ones found in BME280 modules' NVM (dig_H1 75, dig_H2 362, dig_H3 0, dig_H4 313,
# dig_H5 50, dig_H6 30).
TRIM = Trim(T1=27504, T2=26435, T3=-1000, P1=36477, P2=-10685, P3=3024, P4=2855, P5=140, P6=-7,
            P7=15500, P8=-14600, P9=6000, H1=75, H2=362, H3=0, H4=313, H5=50, H6=30)


def temperature(adc_t: int, c: Trim) -> tuple[float, int]:
    """(degC, t_fine) from the 20-bit temperature code (datasheet 8.1)."""
    var1 = (adc_t / 16384.0 - c.T1 / 1024.0) * c.T2
    var2 = (adc_t / 131072.0 - c.T1 / 8192.0) ** 2 * c.T3
    return (var1 + var2) / 5120.0, int(var1 + var2)


def pressure(adc_p: int, t_fine: int, c: Trim) -> float:
    """Pa from the 20-bit pressure code (datasheet 8.1)."""
    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * c.P6 / 32768.0
    var2 = var2 + var1 * c.P5 * 2.0
    var2 = var2 / 4.0 + c.P4 * 65536.0
    var1 = (c.P3 * var1 * var1 / 524288.0 + c.P2 * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * c.P1
    if var1 == 0.0:
        return 0.0
    p = 1048576.0 - adc_p
    p = (p - var2 / 4096.0) * 6250.0 / var1
    var1 = c.P9 * p * p / 2147483648.0
    var2 = p * c.P8 / 32768.0
    return p + (var1 + var2 + c.P7) / 16.0


def humidity(adc_h: int, t_fine: int, c: Trim) -> float:
    """%RH from the 16-bit humidity code (datasheet 8.1; clamped to 0..100 there)."""
    h = t_fine - 76800.0
    h = (adc_h - (c.H4 * 64.0 + c.H5 / 16384.0 * h)) * (
        c.H2 / 65536.0 * (1.0 + c.H6 / 67108864.0 * h * (1.0 + c.H3 / 67108864.0 * h)))
    h = h * (1.0 - c.H1 * h / 524288.0)
    return min(max(h, 0.0), 100.0)


def _invert(fn, target: float, n_codes: int, step: int, increasing: bool) -> int:
    """The code (a multiple of ``step`` below ``n_codes``) whose ``fn`` is nearest ``target``;
    ``fn`` is monotonic over the codes (checked for the trim set in the tests)."""
    lo, hi = 0, (n_codes - 1) // step

    def f(k: int) -> float:
        v = fn(k * step)
        return v if increasing else -v
    goal = target if increasing else -target
    if f(lo) >= goal:
        return lo * step
    if f(hi) <= goal:
        return hi * step
    while hi - lo > 1:                  # invariant: f(lo) < goal <= f(hi)
        mid = (lo + hi) // 2
        if f(mid) < goal:
            lo = mid
        else:
            hi = mid
    best = lo if goal - f(lo) <= f(hi) - goal else hi
    return best * step


def raw_temperature(deg_c: float, c: Trim, step: int = 1) -> int:
    return _invert(lambda code: temperature(code, c)[0], deg_c, 1 << 20, step, True)


def raw_pressure(pa: float, t_fine: int, c: Trim, step: int = 1) -> int:
    return _invert(lambda code: pressure(code, t_fine, c), pa, 1 << 20, step, False)


def raw_humidity(rh: float, t_fine: int, c: Trim) -> int:
    return _invert(lambda code: humidity(code, t_fine, c), rh, 1 << 16, 1, True)
