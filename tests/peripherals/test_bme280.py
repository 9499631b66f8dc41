"""bme280/bmp280 parts: a driver in the common public style reads back the configured values."""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError
from irqsim.hw.parts import bme280_math as bm
from irqsim.hw.parts.bme280 import measure_time_ns

WIRES = {"bme": {"scl": 5, "sda": 4}}

# The usual MicroPython driver shape (calibration via readfrom_mem + struct.unpack, ctrl_hum then
# ctrl_meas in forced mode, poll status bit 3, burst read 0xF7, the datasheet's integer formulas).
DRIVER = '''
import time
from struct import unpack

class BME280:
    def __init__(self, i2c, addr=0x76, osrs=(1, 1, 1)):
        self.i2c, self.addr, self.osrs = i2c, addr, osrs
        self.chip = i2c.readfrom_mem(addr, 0xD0, 1)[0]
        c = i2c.readfrom_mem(addr, 0x88, 26)
        (self.T1, self.T2, self.T3, self.P1, self.P2, self.P3, self.P4, self.P5, self.P6,
         self.P7, self.P8, self.P9, _, self.H1) = unpack("<HhhHhhhhhhhhBB", c)
        e = i2c.readfrom_mem(addr, 0xE1, 7)
        self.H2, self.H3 = unpack("<hB", e)
        self.H4 = (unpack("<b", e[3:4])[0] << 4) | (e[4] & 0xF)
        self.H5 = (unpack("<b", e[5:6])[0] << 4) | (e[4] >> 4)
        self.H6 = unpack("<b", e[6:7])[0]

    def raw(self, mode=1):
        ot, op, oh = self.osrs
        self.i2c.writeto_mem(self.addr, 0xF2, bytes([oh]))
        self.i2c.writeto_mem(self.addr, 0xF4, bytes([ot << 5 | op << 2 | mode]))
        self.busy = 0
        while self.i2c.readfrom_mem(self.addr, 0xF3, 1)[0] & 0x08:
            self.busy += 1
            time.sleep_ms(1)
        d = self.i2c.readfrom_mem(self.addr, 0xF7, 8)
        return ((d[3] << 16 | d[4] << 8 | d[5]) >> 4, (d[0] << 16 | d[1] << 8 | d[2]) >> 4,
                d[6] << 8 | d[7])

    def compensate(self, adc_t, adc_p, adc_h):
        var1 = (((adc_t >> 3) - (self.T1 << 1)) * self.T2) >> 11
        var2 = (((((adc_t >> 4) - self.T1) * ((adc_t >> 4) - self.T1)) >> 12) * self.T3) >> 14
        t_fine = var1 + var2
        t = (t_fine * 5 + 128) >> 8
        var1 = t_fine - 128000
        var2 = var1 * var1 * self.P6 + ((var1 * self.P5) << 17) + (self.P4 << 35)
        var1 = ((var1 * var1 * self.P3) >> 8) + ((var1 * self.P2) << 12)
        var1 = (((1 << 47) + var1) * self.P1) >> 33
        p = 1048576 - adc_p
        p = (((p << 31) - var2) * 3125) // var1
        var1 = (self.P9 * (p >> 13) * (p >> 13)) >> 25
        var2 = (self.P8 * p) >> 19
        p = ((p + var1 + var2) >> 8) + (self.P7 << 4)
        h = t_fine - 76800
        h = ((((adc_h << 14) - (self.H4 << 20) - (self.H5 * h)) + 16384) >> 15) * (
            ((((((h * self.H6) >> 10) * (((h * self.H3) >> 11) + 32768)) >> 10) + 2097152)
              * self.H2 + 8192) >> 14)
        h = h - (((((h >> 15) * (h >> 15)) >> 7) * self.H1) >> 4)
        h = min(max(h, 0), 419430400) >> 12
        return t / 100, p / 256, h / 1024

    def read(self):
        return self.compensate(*self.raw())
'''


def run(run_fw, main, attrs, duration_ns=1_000_000_000, part="bme280", seed=1):
    return run_fw(main, parts=[("bme", part, attrs)], wires=WIRES, duration_ns=duration_ns,
                  files={"bme280drv.py": DRIVER}, seed=seed)


def test_forced_read_gives_the_configured_values(run_fw):
    r = run(run_fw, """
        from machine import I2C
        from bme280drv import BME280
        s = BME280(I2C(0, freq=400000))
        print(hex(s.chip), "%.3f %.2f %.3f" % s.read(), s.busy)
        print(hex(I2C(0).readfrom_mem(0x76, 0xF4, 1)[0]))
    """, {"temperature": "21.5C", "pressure": "1013.25hPa", "humidity": "45%"})
    out = [t for _, t in r.stdout]
    chip, t, p, h, busy = out[0].split()
    assert chip == "0x60"
    assert float(t) == pytest.approx(21.5, abs=0.01)       # int formula: 0.01 degC steps
    assert float(p) == pytest.approx(101325, abs=1.31)      # x1: 2.62 Pa resolution (table 3)
    assert float(h) == pytest.approx(45.0, abs=0.01)
    # x1/x1/x1: 1 + 2 + 2.5 + 2.5 = 8 ms; the poll sees it running for whole ms
    assert 7 <= int(busy) <= 9
    assert out[1] == "0x24"                                  # back to sleep mode after forced
    assert r.parts["bme"]["measurements"] == 1


def test_values_follow_a_signal_and_normal_mode_updates_at_the_standby_rate(run_fw):
    r = run(run_fw, """
        from machine import I2C
        import time
        from bme280drv import BME280
        i2c = I2C(0)
        s = BME280(i2c)
        i2c.writeto_mem(0x76, 0xF5, bytes([0b101 << 5]))     # t_sb 1000 ms, filter off
        s.raw(mode=3)                                        # normal mode
        for _ in range(3):
            d = i2c.readfrom_mem(0x76, 0xF7, 8)
            print("%.2f" % s.compensate((d[3] << 16 | d[4] << 8 | d[5]) >> 4, (d[0] << 16 | d[1] << 8 | d[2]) >> 4, d[6] << 8 | d[7])[0])
            time.sleep_ms(700)
    """, {"temperature": {"expr": "20 + 2*t"}}, duration_ns=3_000_000_000)
    temps = [float(t) for _, t in r.stdout if t]
    # measurement ends at 8 ms after each cycle start; cycles every 1008 ms
    assert len(temps) == 3
    assert temps[0] == pytest.approx(temps[1], abs=0.02)     # still the first measurement at ~0.7 s
    assert temps[2] > temps[1] + 1.9                          # the 1.008 s one at ~1.4 s


def test_oversampling_skip_resolution_and_timing():
    assert measure_time_ns(1, 1, 1) == 8_000_000
    assert measure_time_ns(16, 16, 16) == 1_000_000 + 32_000_000 + 32_500_000 + 32_500_000
    assert measure_time_ns(1, 0, 0) == 3_000_000
    # the inversion is exact at the datasheet example (BMP280 3.12: 519888 -> 25.08 degC)
    t, t_fine = bm.temperature(519888, bm.TRIM)
    assert round(t, 2) == 25.08 and t_fine == 128422
    assert bm.raw_temperature(t, bm.TRIM) == 519888
    assert bm.raw_pressure(bm.pressure(415148, t_fine, bm.TRIM), t_fine, bm.TRIM) == 415148


def test_monotonic_over_the_operating_range():
    c = bm.TRIM
    temps = [bm.temperature(code, c)[0] for code in range(0, 1 << 20, 4096)]
    assert all(b > a for a, b in zip(temps, temps[1:]))
    t_fine = bm.temperature(bm.raw_temperature(25.0, c), c)[1]
    ps = [bm.pressure(code, t_fine, c) for code in range(0, 1 << 20, 4096)]
    assert all(b < a for a, b in zip(ps, ps[1:]))


def test_skipped_and_16bit_resolution_and_soft_reset(run_fw):
    r = run(run_fw, """
        from machine import I2C
        import time
        i2c = I2C(0)
        i2c.writeto_mem(0x76, 0xF2, b'\\x00')                 # humidity skipped
        i2c.writeto_mem(0x76, 0xF4, bytes([1 << 5 | 0 << 2 | 1]))   # T x1, P skipped, forced
        time.sleep_ms(10)
        print(i2c.readfrom_mem(0x76, 0xF7, 8).hex())
        i2c.writeto_mem(0x76, 0xE0, b'\\xb6')
        print(i2c.readfrom_mem(0x76, 0xF4, 1).hex(), i2c.readfrom_mem(0x76, 0xE0, 1).hex())
    """, {"temperature": 30.0})
    out = [t for _, t in r.stdout]
    data = bytes.fromhex(out[0])
    assert data[0:3] == b"\x80\x00\x00" and data[6:8] == b"\x80\x00"     # skipped codes
    adc_t = (data[3] << 16 | data[4] << 8 | data[5]) >> 4
    assert adc_t % 16 == 0                                                # 16-bit at x1
    assert bm.temperature(adc_t, bm.TRIM)[0] == pytest.approx(30.0, abs=0.006)
    assert out[1] == "00 00"


def test_bmp280_has_no_humidity(run_fw):
    r = run(run_fw, """
        from machine import I2C
        from bme280drv import BME280
        s = BME280(I2C(0), addr=0x77)
        t, p, h = s.read()
        print(hex(s.chip), "%.2f %.1f" % (t, p))
    """, {"address": 0x77, "temperature": "-5C", "pressure": "95kPa"}, part="bmp280")
    chip, t, p = r.stdout[0][1].split()
    assert chip == "0x58" and float(t) == pytest.approx(-5.0, abs=0.01)
    assert float(p) == pytest.approx(95000, abs=1.31)


def test_scenario_errors(run_fw):
    with pytest.raises(ScenarioError, match="expected one of"):
        run(run_fw, "pass", {"pressure": "21C"})
    with pytest.raises(ScenarioError, match="0x76, 0x77"):
        run(run_fw, "pass", {"address": 0x48})


def test_deterministic_with_noise(run_fw):
    main = """
        from machine import I2C
        from bme280drv import BME280
        s = BME280(I2C(0))
        print("%.2f %.2f %.2f" % s.read())
    """
    attrs = {"temperature": {"value": 21.5, "noise": 0.3}}
    a = run(run_fw, main, attrs, seed=3).stdout
    assert a == run(run_fw, main, attrs, seed=3).stdout
    assert a != run(run_fw, main, attrs, seed=4).stdout
