"""``ds3231``: the Maxim/Analog Devices extremely accurate I2C RTC, as its drivers expect it.

Register map (DS3231 datasheet 19-5170 rev 10, figure 1 "Timekeeping Registers"): 0x00..0x06
seconds, minutes, hours, day (1..7), date, month (bit 7 = century), year, all BCD; hours bit 6
selects 12-hour mode, where bit 5 is PM. 0x07..0x0A alarm 1 (seconds, minutes, hours,
day/date; bit 7 of each = A1Mx mask, 0x0A bit 6 = DY/DT), 0x0B..0x0D alarm 2 (minutes,
hours, day/date). 0x0E control (EOSC, BBSQW, CONV, RS2, RS1, INTCN, A2IE, A1IE; power-on
0x1C), 0x0F status (OSF bit 7, EN32kHz bit 3, BSY bit 2, A2F bit 1, A1F bit 0; power-on
0x88), 0x10 aging offset, 0x11..0x12 temperature (signed degC, 0.25 degC in bits 7:6).

Behaviour:

- The time advances one second per second of virtual time from ``start``. Writing the
  seconds register resets the countdown chain ("Clock and Calendar": the next increment is
  1 s after the write); reads see the time latched at the START of the transfer (the user
  buffer), so a burst never straddles a rollover. Leap years: every year divisible by 4
  (the chip's rule, valid 2000..2099).
- Alarms (table 2): on each second the alarm registers are compared with the time, masked by
  A1M1..A1M4 / A2M2..A2M4 and DY/DT (alarm 2 matches at seconds 00). A match sets A1F/A2F;
  with INTCN = 1 and A1IE/A2IE the open-drain INT/SQW pin goes low and stays low until the
  firmware clears the flag (writing 0; flags ignore a written 1).
- INTCN = 0: INT/SQW is a square wave at RS2:RS1 = 1 Hz, 1.024, 4.096, 8.192 kHz. The 1 Hz
  wave rises 500 ms after a seconds increment and falls on the increment ("the 1Hz
  square-wave output ... transitions high 500ms after the seconds data transfer").
- Temperature: a conversion every 64 s from power-on and on CONV = 1 (BSY and CONV set
  for tCONV = 125 ms typ, electrical characteristics), value from the ``temperature`` signal
  at its end, in 0.25 degC steps.
- OSF is set at power-on unless ``start`` was given (a battery kept the oscillator running);
  ``osf = true`` forces it.

Not modelled: the 32 kHz output, the aging offset's effect, battery switch-over (EOSC).
"""

from __future__ import annotations

import datetime as dt

from ...errors import ScenarioError
from .base import Param, register
from .chip import RegisterChip

REG_TIME, REG_A1, REG_A2, REG_CONTROL, REG_STATUS, REG_AGING, REG_TEMP = 0, 7, 0x0B, 0x0E, 0x0F, 0x10, 0x11
A1IE, A2IE, INTCN, CONV = 0x01, 0x02, 0x04, 0x20
A1F, A2F, BSY, EN32K, OSF = 0x01, 0x02, 0x04, 0x08, 0x80
SQW_HZ = (1, 1024, 4096, 8192)
TCONV_NS = 125_000_000          # temperature conversion, typical (electrical characteristics)
TEMP_PERIOD_NS = 64_000_000_000  # automatic conversion every 64 s ("Temperature Sensor")
SECOND_NS = 1_000_000_000


def bcd(value: int) -> int:
    return ((value // 10) << 4) | (value % 10)


def unbcd(byte: int) -> int:
    return (byte >> 4) * 10 + (byte & 0x0F)


def hours_24(byte: int) -> int:
    """The hour (0..23) in an hours register, 12- or 24-hour mode (bit 6)."""
    if byte & 0x40:
        h12 = unbcd(byte & 0x1F) % 12
        return h12 + (12 if byte & 0x20 else 0)
    return unbcd(byte & 0x3F)


def encode_hours(hour: int, twelve: bool) -> int:
    if not twelve:
        return bcd(hour)
    h12 = hour % 12 or 12
    return 0x40 | (0x20 if hour >= 12 else 0) | bcd(h12)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 else 28      # the chip's leap rule (valid to 2099)
    return 30 if month in (4, 6, 9, 11) else 31


def parse_start(raw, what: str) -> dt.datetime:
    if isinstance(raw, dt.datetime):            # a TOML datetime literal
        return raw.replace(tzinfo=None)
    if not isinstance(raw, str):
        raise ScenarioError(f"{what} must be a date and time like \"2026-01-01T12:00:00\", got {raw!r}")
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ScenarioError(f"cannot read {what} {raw!r}", hint='write "2026-01-01T12:00:00"') from None
    if not 2000 <= value.year <= 2199:
        raise ScenarioError(f"{what}: year {value.year} is outside what the chip counts (2000..2199)")
    return value.replace(tzinfo=None, microsecond=0)


@register("ds3231")
class Ds3231(RegisterChip):
    pins = ("scl", "sda", "sqw")
    outputs = ("sqw",)
    wired_and = True                  # INT/SQW is open drain (shares a pulled-up net)
    addresses = (0x68,)
    readonly = [REG_TEMP, REG_TEMP + 1]
    size = 0x13
    quantities = {"temperature": "temperature"}
    params = {
        "address": Param("int", 0x68, "7-bit address: 0x68 (fixed)"),
        "start": Param("str", None, 'date and time at t = 0, "2026-01-01T12:00:00" (default: power-on 2000-01-01)'),
        "weekday": Param("int", None, "day register at start, 1..7 (default: ISO weekday, Monday = 1)"),
        "twelve_hour": Param("bool", False, "the hours register starts in 12-hour mode"),
        "osf": Param("bool", None, "oscillator-stop flag at start (default: set unless start is given)"),
        "temperature": Param("signal", 25.0, 'degC: "21.5C", a number or a signal table'),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        if key == "start":
            return parse_start(raw, f"{cls.type_name}.start")
        value = super().parse_param(key, raw)
        if key == "weekday" and not 1 <= value <= 7:
            raise ScenarioError(f"{cls.type_name}.weekday must be 1..7, got {value}")
        return value

    def reset_registers(self) -> dict[int, list[int]]:
        start = self.start or dt.datetime(2000, 1, 1)
        day = self.weekday or start.isoweekday()
        osf = self.osf if self.osf is not None else self.start is None
        return {REG_TIME: [bcd(start.second), bcd(start.minute), encode_hours(start.hour, self.twelve_hour),
                           day, bcd(start.day), bcd(start.month) | (0x80 if start.year >= 2100 else 0),
                           bcd(start.year % 100)],
                REG_CONTROL: [0x1C], REG_STATUS: [(OSF if osf else 0) | EN32K]}

    def begin(self) -> None:
        super().begin()
        self.shadow = bytes(self.mem)
        self._gen = 0                 # invalidates tick chains after a seconds write
        self._sqw_gen = 0
        self._conv_until = None       # end of a CONV-started conversion
        self._temp_cache: dict[int, int] = {}
        self._last_conv_ns = -1
        self.alarms = [0, 0]
        self.ticks = 0
        self._start_chain(0)
        self._temperature(0)
        self._pin()

    # -- the countdown chain --------------------------------------------------------------------
    def _start_chain(self, t_ns: int) -> None:
        self._gen += 1
        self._chain_t0 = t_ns
        self.at(t_ns + SECOND_NS, self._tick, self._gen)
        self._square_wave(t_ns)

    def _tick(self, gen: int) -> None:
        if gen != self._gen:
            return
        t = self.now()
        self.at(t + SECOND_NS, self._tick, gen)
        self.ticks += 1
        self._advance_second()
        self._check_alarms()
        self._pin()

    def _advance_second(self) -> None:
        m = self.mem
        sec, minute = unbcd(m[0] & 0x7F) + 1, unbcd(m[1] & 0x7F)
        hour, twelve = hours_24(m[2]), bool(m[2] & 0x40)
        day, date, month, year = m[3] & 7, unbcd(m[4] & 0x3F), unbcd(m[5] & 0x1F), unbcd(m[6])
        century = m[5] & 0x80
        if sec >= 60:
            sec, minute = 0, minute + 1
        if minute >= 60:
            minute, hour = 0, hour + 1
        if hour >= 24:
            hour, date, day = 0, date + 1, day % 7 + 1
        if date > _days_in_month(year, month):
            date, month = 1, month + 1
        if month > 12:
            month, year = 1, year + 1
        if year > 99:
            year, century = 0, century ^ 0x80
        m[0:7] = bytes([bcd(sec), bcd(minute), encode_hours(hour, twelve), day, bcd(date),
                        century | bcd(month), bcd(year)])

    def _check_alarms(self) -> None:
        m = self.mem
        now = (unbcd(m[0] & 0x7F), unbcd(m[1] & 0x7F), hours_24(m[2]), m[3] & 7, unbcd(m[4] & 0x3F))
        if self._matches(list(m[REG_A1:REG_A1 + 4]), now):
            m[REG_STATUS] |= A1F
            self.alarms[0] += 1
        if now[0] == 0 and self._matches([0] + list(m[REG_A2:REG_A2 + 3]), now):
            m[REG_STATUS] |= A2F
            self.alarms[1] += 1

    @staticmethod
    def _matches(regs: list[int], now: tuple) -> bool:
        """Table 2: each field whose mask bit (7) is 0 must equal the time."""
        sec, minute, hour, day, date = now
        if not regs[0] & 0x80 and unbcd(regs[0] & 0x7F) != sec:
            return False
        if not regs[1] & 0x80 and unbcd(regs[1] & 0x7F) != minute:
            return False
        if not regs[2] & 0x80 and hours_24(regs[2] & 0x7F) != hour:
            return False
        if not regs[3] & 0x80:
            want = regs[3] & 0x0F if regs[3] & 0x40 else unbcd(regs[3] & 0x3F)
            if want != (day if regs[3] & 0x40 else date):
                return False
        return True

    # -- the INT/SQW pin ----------------------------------------------------------------------------
    def _pin(self) -> None:
        m = self.mem
        if not m[REG_CONTROL] & INTCN:
            return                    # square-wave mode: _sqw drives the pin
        active = (m[REG_STATUS] & m[REG_CONTROL] & (A1F | A2F)) != 0
        self.drive("sqw", 0 if active else None)

    def _square_wave(self, t_ns: int) -> None:
        """(Re)start the square wave in phase with the countdown chain."""
        self._sqw_gen += 1
        if self.mem[REG_CONTROL] & INTCN or self.gpio_of("sqw") is None:
            return
        hz = SQW_HZ[(self.mem[REG_CONTROL] >> 3) & 3]
        half_ns = SECOND_NS // (2 * hz)
        # the 1 Hz wave is low for the first half of each second (high 500 ms after the increment)
        elapsed = t_ns - self._chain_t0
        k = elapsed // half_ns
        self.drive("sqw", None if k % 2 else 0)
        self.at(self._chain_t0 + (k + 1) * SECOND_NS // (2 * hz), self._sqw_edge, self._sqw_gen, hz, k + 1)

    def _sqw_edge(self, gen: int, hz: int, k: int) -> None:
        if gen != self._sqw_gen:
            return
        self.drive("sqw", None if k % 2 else 0)       # open drain: high is the pull-up
        self.at(self._chain_t0 + (k + 1) * SECOND_NS // (2 * hz), self._sqw_edge, gen, hz, k + 1)

    # -- register access ------------------------------------------------------------------------------
    def before_write(self, reg: int, t_ns: int) -> None:
        self._old = self.mem[reg]

    def on_write(self, reg: int, value: int, t_ns: int) -> None:
        m = self.mem
        if reg == REG_TIME:
            self._start_chain(t_ns)
        elif reg == REG_STATUS:
            # OSF, A2F, A1F can only be cleared; BSY is read-only (figure 1 notes)
            keep = self._old & (OSF | A2F | A1F)
            m[REG_STATUS] = (keep & value) | (value & EN32K) | (self._old & BSY)
            self._pin()
        elif reg == REG_CONTROL:
            if value & CONV and not self._old & CONV:
                self._conv_until = t_ns + TCONV_NS
                m[REG_STATUS] |= BSY
                self.at(self._conv_until, self._conv_done)
            elif self._old & CONV:
                m[REG_CONTROL] |= CONV         # CONV stays set until the conversion ends
            if (value ^ self._old) & (INTCN | 0x18):
                self._square_wave(t_ns)
            self._pin()

    def _conv_done(self) -> None:
        t = self.now()
        self._conv_until = None
        self._last_conv_ns = t
        self.mem[REG_CONTROL] &= ~CONV & 0xFF
        self.mem[REG_STATUS] &= ~BSY & 0xFF
        self._write_temp(self._sample_temp(t))

    def _sample_temp(self, t_ns: int) -> int:
        quarters = round(self.fn["temperature"](t_ns) * 4)
        return min(max(quarters, -128 * 4), 127 * 4 + 3)

    def _write_temp(self, quarters: int) -> None:
        raw = (quarters << 6) & 0xFFFF
        self.mem[REG_TEMP], self.mem[REG_TEMP + 1] = raw >> 8, raw & 0xC0

    def _temperature(self, t_ns: int) -> None:
        """Show the latest conversion: the periodic one or a CONV one, whichever ended last."""
        k = t_ns // TEMP_PERIOD_NS
        t_auto = k * TEMP_PERIOD_NS
        if self._last_conv_ns > t_auto:
            return                     # a forced conversion is newer than the periodic one
        if k not in self._temp_cache:  # sampled once per conversion (noise drawn once)
            self._temp_cache = {k: self._sample_temp(t_auto)}
        self._write_temp(self._temp_cache[k])

    def on_read_start(self, t_ns: int) -> None:
        self._temperature(t_ns)
        self.shadow = bytes(self.mem)  # the user buffer, latched at START

    def i2c_read(self, t_ns: int) -> int:
        value = self.shadow[self.cursor]
        self._advance()
        return value

    def now_datetime(self) -> str:
        m = self.mem
        year = 2000 + (100 if m[5] & 0x80 else 0) + unbcd(m[6])
        return (f"{year:04d}-{unbcd(m[5] & 0x1F):02d}-{unbcd(m[4] & 0x3F):02d}T"
                f"{hours_24(m[2]):02d}:{unbcd(m[1] & 0x7F):02d}:{unbcd(m[0] & 0x7F):02d}")

    def summary(self) -> dict:
        out = super().summary()
        out.update(time=self.now_datetime(), alarms=list(self.alarms), ticks=self.ticks,
                   status=f"{self.mem[REG_STATUS]:#04x}")
        return out
