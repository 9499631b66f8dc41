"""``ads1115`` / ``ads1015``: TI 16-/12-bit delta-sigma I2C ADCs, as their drivers expect them.

Registers (TI SBAS444 "ADS111x", SBAS473 "ADS101x", section "Register Map"): a pointer byte
selects one of four 16-bit registers, MSB first: 0 conversion (read-only; two's complement,
the ADS1015's 12-bit result left-justified), 1 config (reset 0x8583), 2 Lo_thresh (reset
0x8000), 3 Hi_thresh (reset 0x7FFF). Config fields: OS [15] (write 1 starts a single-shot
conversion; reads 0 while converting), MUX [14:12] (AIN0-AIN1, AIN0-AIN3, AIN1-AIN3,
AIN2-AIN3, then AIN0..AIN3 against GND), PGA [11:9] (FSR +-6.144, 4.096, 2.048, 1.024, 0.512,
0.256 V), MODE [8] (0 continuous, 1 single-shot/power-down), DR [7:5] (ADS1115 8..860 SPS,
ADS1015 128..3300 SPS), COMP_MODE [4] (window), COMP_POL [3] (1 active high), COMP_LAT [2],
COMP_QUE [1:0] (assert after 1, 2, 4 conversions; 11 disables: pin high impedance).

Conversions take 1/DR ("Output Data Rate and Conversion Time"); the input is sampled at the
end of each one from the ``ain0``..``ain3`` signals (volts), code = round(V / FSR * 2^15)
(ADS1015: 2^11, shifted left 4), saturating at the limits. Single-shot: OS=1 starts one, the
result lands 1/DR later and OS reads 1 again; continuous: back-to-back from the config write.

ALERT/RDY (open drain): Hi_thresh MSB = 1 with Lo_thresh MSB = 0 makes it conversion-ready
("Conversion Ready Pin"): an ~8 us active pulse after each continuous conversion, active after
a single-shot one until the next starts. Otherwise it is the comparator: traditional asserts
above Hi_thresh and releases below Lo_thresh; window asserts outside [Lo, Hi]; after
COMP_QUE+1 (1, 2, 4) consecutive conversions; a latching one stays until the conversion
register is read. Active means low unless COMP_POL = 1.
Not modelled: input clamps beyond the supply, SMBus alert response, noise beyond the signals'.
"""

from __future__ import annotations

from .base import Param, register
from .chip import RegisterChip

REG_CONV, REG_CONFIG, REG_LO, REG_HI = 0, 1, 2, 3
FSR_V = (6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256)
MUX = ((0, 1), (0, 3), (1, 3), (2, 3), (0, None), (1, None), (2, None), (3, None))
QUEUE = (1, 2, 4, None)
RDY_PULSE_NS = 8_000       # "approximately 8-us conversion ready pulse" (continuous mode)


class _Ads(RegisterChip):
    pins = ("scl", "sda", "alert")
    outputs = ("alert",)
    wired_and = True          # ALERT/RDY is open drain
    addresses = (0x48, 0x49, 0x4A, 0x4B)     # ADDR to GND, VDD, SDA, SCL
    reg_width = 2
    size = 4
    readonly = [REG_CONV]
    quantities = {f"ain{i}": "voltage" for i in range(4)}
    rates_sps: tuple[int, ...] = ()
    bits = 16
    params = {
        "address": Param("int", 0x48, "7-bit address: 0x48 (ADDR to GND) .. 0x4B"),
        **{f"ain{i}": Param("signal", 0.0, f'volts on AIN{i}: "1.2V", a number or a signal table') for i in range(4)},
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    def reset_registers(self) -> dict[int, list[int]]:
        return {REG_CONFIG: [0x85, 0x83], REG_LO: [0x80, 0x00], REG_HI: [0x7F, 0xFF]}

    def begin(self) -> None:
        super().begin()
        self._gen = 0
        self._busy = False
        self._count = 0               # consecutive conversions beyond the thresholds
        self._active = False
        self.conversions = 0
        self._pin()

    # -- registers ------------------------------------------------------------------------------
    def _word(self, reg: int) -> int:
        return (self.mem[2 * reg] << 8) | self.mem[2 * reg + 1]

    @staticmethod
    def _signed(word: int) -> int:
        return word - 0x10000 if word & 0x8000 else word

    def on_write(self, reg: int, value: int, t_ns: int) -> None:
        # ``reg`` is the byte index; act when the low byte of a register is in
        if reg == 2 * REG_CONFIG + 1:
            self._configured(t_ns)
        elif reg in (2 * REG_LO + 1, 2 * REG_HI + 1):
            self._pin()

    def _configured(self, t_ns: int) -> None:
        cfg = self._word(REG_CONFIG)
        period = self.period_ns()
        if not cfg & 0x0100:                          # continuous
            self._gen += 1
            self._busy = True
            self.mem[2] &= 0x7F
            self.at(t_ns + period, self._done, self._gen, True)
        elif cfg & 0x8000:                            # single-shot start
            self._gen += 1
            self._busy = True
            self.mem[2] &= 0x7F                       # OS reads 0 while converting
            if self._rdy_mode():
                self._set_active(False)               # RDY releases as a conversion starts
            self.at(t_ns + period, self._done, self._gen, False)
        else:
            if not self._busy:
                self.mem[2] |= 0x80
            self._pin()

    def period_ns(self) -> int:
        sps = self.rates_sps[(self._word(REG_CONFIG) >> 5) & 7]
        return 1_000_000_000 // sps

    # -- conversions ----------------------------------------------------------------------------
    def _done(self, gen: int, continuous: bool) -> None:
        if gen != self._gen:
            return
        t = self.now()
        cfg = self._word(REG_CONFIG)
        pos, neg = MUX[(cfg >> 12) & 7]
        volts = self.fn[f"ain{pos}"](t) - (self.fn[f"ain{neg}"](t) if neg is not None else 0.0)
        fsr = FSR_V[(cfg >> 9) & 7]
        full = 1 << (self.bits - 1)
        code = min(max(round(volts / fsr * full), -full), full - 1)
        word = (code << (16 - self.bits)) & 0xFFFF
        self.mem[0], self.mem[1] = word >> 8, word & 0xFF
        self.conversions += 1
        if continuous and not cfg & 0x0100:
            self.at(t + self.period_ns(), self._done, gen, True)
        else:
            self._busy = False
            self.mem[2] |= 0x80                       # OS: not converting
        self._after_conversion(self._signed(word), continuous)

    def _rdy_mode(self) -> bool:
        return bool(self._word(REG_HI) & 0x8000) and not self._word(REG_LO) & 0x8000

    def _after_conversion(self, value: int, continuous: bool) -> None:
        cfg = self._word(REG_CONFIG)
        need = QUEUE[cfg & 3]
        if need is None:
            return
        if self._rdy_mode():
            self._set_active(True)
            if continuous:
                self.after(RDY_PULSE_NS, self._set_active, False)
            return
        lo, hi = self._signed(self._word(REG_LO)), self._signed(self._word(REG_HI))
        window = bool(cfg & 0x10)
        beyond = value > hi or (window and value < lo)
        self._count = self._count + 1 if beyond else 0
        if self._count >= need:
            self._set_active(True)
        elif not cfg & 0x04 and (value < lo if not window else lo <= value <= hi):
            self._set_active(False)                   # non-latching: releases (hysteresis)

    def _set_active(self, active: bool) -> None:
        self._active = active
        self._pin()

    def _pin(self) -> None:
        cfg = self._word(REG_CONFIG)
        if QUEUE[cfg & 3] is None:
            self.drive("alert", None)                 # comparator disabled: high impedance
            return
        active_high = bool(cfg & 0x08)
        low = self._active != active_high
        self.drive("alert", 0 if low else None)

    def on_read_start(self, t_ns: int) -> None:
        cfg = self._word(REG_CONFIG)
        if self.cursor == 2 * REG_CONV and cfg & 0x04 and not self._rdy_mode() and self._active:
            self._count = 0
            self._set_active(False)                   # a latched alert clears on a conversion read

    def summary(self) -> dict:
        out = super().summary()
        out["conversions"] = self.conversions
        out["last_code"] = self._signed(self._word(REG_CONV)) >> (16 - self.bits)
        return out


@register("ads1115")
class Ads1115(_Ads):
    rates_sps = (8, 16, 32, 64, 128, 250, 475, 860)       # SBAS444 config register, DR
    bits = 16


@register("ads1015")
class Ads1015(_Ads):
    rates_sps = (128, 250, 490, 920, 1600, 2400, 3300, 3300)   # SBAS473 config register, DR
    bits = 12
