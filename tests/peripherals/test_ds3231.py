"""ds3231 part: BCD time that follows virtual time, 12-hour mode, alarms on INT/SQW, 1 Hz square
wave, temperature, OSF. The driver is written in the common public shape (readfrom_mem of 7 BCD
bytes from 0x00, alarm registers at 0x07/0x0B, status cleared by read-modify-write)."""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError

WIRES = {"rtc": {"scl": 5, "sda": 4, "sqw": 15}}
DRIVER = '''
from machine import I2C

def _bcd(b):
    return (b >> 4) * 10 + (b & 0x0F)

def _tobcd(v):
    return (v // 10) << 4 | v % 10

class DS3231:
    def __init__(self, i2c, addr=0x68):
        self.i2c, self.addr = i2c, addr

    def datetime(self):
        b = self.i2c.readfrom_mem(self.addr, 0x00, 7)
        h = b[2]
        if h & 0x40:
            hour = _bcd(h & 0x1F) % 12 + (12 if h & 0x20 else 0)
        else:
            hour = _bcd(h & 0x3F)
        year = 2000 + _bcd(b[6]) + (100 if b[5] & 0x80 else 0)
        return (year, _bcd(b[5] & 0x1F), _bcd(b[4]), b[3], hour, _bcd(b[1]), _bcd(b[0] & 0x7F))

    def set_datetime(self, y, mo, d, wd, h, mi, s):
        self.i2c.writeto_mem(self.addr, 0x00, bytes([_tobcd(s), _tobcd(mi), _tobcd(h), wd, _tobcd(d),
                                                     _tobcd(mo), _tobcd(y % 100)]))

    def alarm1(self, hour=None, minute=None, second=None):
        regs = [0x80 if v is None else _tobcd(v) for v in (second, minute, hour)] + [0x80]
        self.i2c.writeto_mem(self.addr, 0x07, bytes(regs))

    def alarm2_every_minute(self):
        self.i2c.writeto_mem(self.addr, 0x0B, b"\\x80\\x80\\x80")

    def control(self, value=None):
        if value is None:
            return self.i2c.readfrom_mem(self.addr, 0x0E, 1)[0]
        self.i2c.writeto_mem(self.addr, 0x0E, bytes([value]))

    def status(self):
        return self.i2c.readfrom_mem(self.addr, 0x0F, 1)[0]

    def clear(self, mask):
        self.i2c.writeto_mem(self.addr, 0x0F, bytes([self.status() & ~mask & 0xFF]))

    def temperature(self):
        t = self.i2c.readfrom_mem(self.addr, 0x11, 2)
        v = t[0] - 256 if t[0] & 0x80 else t[0]
        return v + (t[1] >> 6) * 0.25
'''


def run(run_fw, main, attrs, duration_ns=3_000_000_000, **kw):
    return run_fw(main, parts=[("rtc", "ds3231", attrs)], wires=WIRES, duration_ns=duration_ns,
                  files={"ds3231drv.py": DRIVER}, **kw)


def lines(r):
    return [t for _, t in r.stdout]


def test_time_advances_with_virtual_time_and_rolls_over(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        print(rtc.datetime(), hex(rtc.status()))
        time.sleep_ms(2500)
        print(rtc.datetime())
    """, {"start": "2027-12-31T23:59:59"})
    out = lines(r)
    assert out[0] == "(2027, 12, 31, 5, 23, 59, 59) 0x8"       # a Friday; OSF clear (start given)
    assert out[1] == "(2028, 1, 1, 6, 0, 0, 1)"
    assert r.parts["rtc"]["time"] == "2028-01-01T00:00:02"


def test_power_on_defaults_and_osf(run_fw):
    r = run(run_fw, """
        from machine import I2C
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        print(rtc.datetime(), hex(rtc.status()), hex(rtc.control()))
        rtc.clear(0x80)
        print(hex(rtc.status()))
        rtc.i2c.writeto_mem(0x68, 0x0F, b"\\xff")   # a written 1 cannot set OSF/A1F/A2F
        print(hex(rtc.status()))
    """, {})
    assert lines(r) == ["(2000, 1, 1, 6, 0, 0, 0) 0x88 0x1c", "0x8", "0x8"]


def test_twelve_hour_mode_and_leap_day(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        i2c = I2C(0, freq=400000)
        print(hex(i2c.readfrom_mem(0x68, 2, 1)[0]))
        time.sleep_ms(1200)
        print(hex(i2c.readfrom_mem(0x68, 2, 1)[0]), hex(i2c.readfrom_mem(0x68, 4, 2)[0]))
    """, {"start": "2028-02-28T11:59:59", "twelve_hour": True}, duration_ns=2_000_000_000)
    # 11 AM = 0x40|0x11; one second later 12 PM = 0x40|0x20|0x12 ... still the 28th
    assert lines(r) == ["0x51", "0x72 0x28"]


def test_seconds_write_resets_the_countdown_chain(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        time.sleep_ms(700)
        rtc.set_datetime(2026, 6, 1, 1, 8, 0, 0)
        time.sleep_ms(990)
        a = rtc.datetime()[-1]
        time.sleep_ms(20)
        print(a, rtc.datetime()[-1])
    """, {"start": "2026-01-01T12:00:00"})
    assert lines(r) == ["0 1"]                   # the increment comes 1 s after the write, not on the old grid


def test_alarm1_pulls_int_low_until_the_flag_is_cleared(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C, Pin
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        hits = []
        pin = Pin(15, Pin.IN, Pin.PULL_UP)
        pin.irq(lambda p: hits.append(time.ticks_ms()), Pin.IRQ_FALLING)
        rtc.alarm1(hour=12, minute=0, second=2)
        rtc.control(0x1C | 0x01)                  # INTCN + A1IE
        time.sleep_ms(2500)
        print(hits, pin.value(), hex(rtc.status()))
        rtc.clear(0x01)
        print(pin.value(), hex(rtc.status()))
    """, {"start": "2026-01-01T12:00:00"}, duration_ns=4_000_000_000)
    out = lines(r)
    assert out[0] == "[2000] 0 0x9"
    assert out[1] == "1 0x8"
    assert r.parts["rtc"]["alarms"] == [1, 0]


def test_alarm2_every_minute_sets_a2f(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        rtc.alarm2_every_minute()
        print(rtc.status() & 2)
        time.sleep_ms(1500)
        print(rtc.status() & 2, rtc.datetime()[-2:])
    """, {"start": "2026-01-01T12:00:59"})
    assert lines(r) == ["0", "2 (1, 0)"]


def test_square_wave_1hz_is_in_phase_with_the_seconds(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C, Pin
        i2c = I2C(0, freq=400000)
        edges = []
        pin = Pin(15, Pin.IN, Pin.PULL_UP)
        pin.irq(lambda p: edges.append((time.ticks_us(), p.value())), Pin.IRQ_FALLING | Pin.IRQ_RISING)
        i2c.writeto_mem(0x68, 0x0E, b"\\x00")           # INTCN = 0, RS = 1 Hz
        time.sleep_ms(3000)
        print(edges)
    """, {}, duration_ns=3_500_000_000)
    edges = eval(lines(r)[0])                              # noqa: S307 - our own printout
    rises = [t for t, v in edges if v == 1]
    falls = [t for t, v in edges if v == 0]
    # INTCN = 0 pulls the pin low at once; it rises 500 ms after each increment, falls on it
    assert [round(t / 1000) for t in rises] == [500, 1500, 2500]
    assert [round(t / 1000) for t in falls] == [0, 1000, 2000, 3000]


def test_temperature_registers_and_forced_conversion(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        from ds3231drv import DS3231
        rtc = DS3231(I2C(0, freq=400000))
        print(rtc.temperature())
        time.sleep_ms(1000)
        rtc.control(rtc.control() | 0x20)          # CONV
        print(rtc.status() & 4, rtc.control() & 0x20)
        time.sleep_ms(130)
        print(rtc.status() & 4, rtc.temperature())
    """, {"temperature": {"points": [["0s", 21.3], ["1s", -5.6]]}})
    assert lines(r) == ["21.25", "4 32", "0 -5.5"]


def test_bad_start_and_address(run_fw):
    with pytest.raises(ScenarioError, match="cannot read"):
        run(run_fw, "", {"start": "yesterday"})
    with pytest.raises(ScenarioError, match="0x68"):
        run(run_fw, "", {"address": 0x57})
