"""ads1115/ads1015 parts: single-shot and continuous conversions from analog signals, PGA and MUX,
the conversion-ready pulse and the comparator on ALERT/RDY. The driver follows the common public
shape (struct-packed 16-bit registers, OS poll in single-shot, Hi/Lo_thresh MSBs for RDY)."""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError

WIRES = {"adc": {"scl": 5, "sda": 4, "alert": 16}}
DRIVER = '''
import time
import struct

RATES = (8, 16, 32, 64, 128, 250, 475, 860)
GAINS = (6.144, 4.096, 2.048, 1.024, 0.512, 0.256)

class ADS1115:
    def __init__(self, i2c, address=0x48, gain=2):
        self.i2c, self.address, self.gain = i2c, address, gain
        self.polls = 0

    def _write(self, reg, value):
        self.i2c.writeto_mem(self.address, reg, struct.pack(">H", value))

    def _read(self, reg):
        return struct.unpack(">h", self.i2c.readfrom_mem(self.address, reg, 2))[0]

    def _config(self, channel1, channel2, rate, single=True, que=3, mode=0):
        mux = 4 + channel1 if channel2 is None else {(0, 1): 0, (0, 3): 1, (1, 3): 2, (2, 3): 3}[(channel1, channel2)]
        return ((0x8000 if single else 0) | mux << 12 | self.gain << 9 | (0x100 if single else 0)
                | rate << 5 | mode | que)

    def read(self, rate=4, channel1=0, channel2=None):
        self._write(1, self._config(channel1, channel2, rate))
        while not self._read(1) & 0x8000:
            self.polls += 1
            time.sleep_ms(1)
        return self._read(0)

    def raw_to_v(self, raw):
        return raw * GAINS[self.gain] / 32768

    def conversion_start(self, rate=4, channel1=0, channel2=None):
        self._write(2, 0)
        self._write(3, 0x8000)
        self._write(1, self._config(channel1, channel2, rate, single=False, que=0))

    def alert_start(self, rate, channel1, high, low=0, latched=False):
        self._write(2, low)
        self._write(3, high)
        self._write(1, self._config(channel1, None, rate, single=False, que=0, mode=0x04 if latched else 0))

    def alert_read(self):
        return self._read(0)
'''


def run(run_fw, main, attrs, part="ads1115", duration_ns=1_000_000_000, **kw):
    return run_fw(main, parts=[("adc", part, attrs)], wires=WIRES, duration_ns=duration_ns,
                  files={"adsdrv.py": DRIVER}, **kw)


def lines(r):
    return [t for _, t in r.stdout]


def test_single_shot_takes_one_over_dr_and_reads_the_signal(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        from adsdrv import ADS1115
        adc = ADS1115(I2C(0, freq=400000))
        print(hex(adc._read(1) & 0xFFFF))
        t0 = time.ticks_us()
        raw = adc.read(rate=0, channel1=1)               # 8 SPS: 125 ms
        print(raw, "%.4f" % adc.raw_to_v(raw), adc.polls)
        adc.gain = 1
        print(adc.read(rate=7, channel1=0, channel2=1), adc.read(rate=7, channel1=3))
    """, {"ain0": "0.5V", "ain1": 1.2345, "ain3": "5000mV"})
    out = lines(r)
    assert out[0] == "0x8583"
    raw, volts, polls = out[1].split()
    assert int(raw) == round(1.2345 / 2.048 * 32768) and volts == "1.2345"
    assert 120 <= int(polls) <= 126                      # polled for the 125 ms conversion
    assert out[2] == f"{round((0.5 - 1.2345) / 4.096 * 32768)} 32767"    # 5 V beyond +-4.096 V saturates


def test_saturation_and_ads1015_codes(run_fw):
    main = """
        from machine import I2C
        from adsdrv import ADS1115
        adc = ADS1115(I2C(0, freq=400000))
        print(adc.read(channel1=0), adc.read(channel1=2))
    """
    r = run(run_fw, main, {"ain0": 3.0, "ain2": 1.0})
    assert lines(r) == [f"32767 {round(1.0 / 2.048 * 32768)}"]
    r = run(run_fw, main, {"ain0": 3.0, "ain2": 1.0}, part="ads1015")
    assert lines(r) == [f"{2047 << 4} {round(1.0 / 2.048 * 2048) << 4}"]


def test_continuous_conversion_ready_pulses_on_alert(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C, Pin
        from adsdrv import ADS1115
        adc = ADS1115(I2C(0, freq=400000))
        vals = []
        def ready(p):
            vals.append(time.ticks_ms())
        Pin(16, Pin.IN, Pin.PULL_UP).irq(ready, Pin.IRQ_FALLING)
        adc.conversion_start(rate=4, channel1=0)          # 128 SPS
        time.sleep_ms(100)
        n = len(vals)
        print(n, adc.alert_read())
    """, {"ain0": {"expr": "0.001 * t"}})
    n, _ = lines(r)[0].split()
    assert int(n) == 12                                   # 100 ms * 128 SPS = 12.8 conversions
    assert r.parts["adc"]["conversions"] == 127           # 1 s run at 128 SPS, first one 7.8 ms in


def test_comparator_traditional_and_latching(run_fw):
    body = """
        import time
        from machine import I2C, Pin
        from adsdrv import ADS1115
        adc = ADS1115(I2C(0, freq=400000))
        pin = Pin(16, Pin.IN, Pin.PULL_UP)
        adc.alert_start(7, 0, high=16000, low=9000, latched={latched})
        seen = []
        for _ in range(6):
            time.sleep_ms(100)
            seen.append(pin.value())
        print(seen)
        adc.alert_read()
        time.sleep_ms(5)
        print(pin.value())
    """
    sig = {"ain0": {"points": [["0ms", 0.5], ["150ms", 1.5], ["350ms", 0.5]]}}   # 1.5 V = 24000 counts
    r = run(run_fw, body.replace("{latched}", "False"), sig)
    assert lines(r) == ["[1, 0, 0, 1, 1, 1]", "1"]
    r = run(run_fw, body.replace("{latched}", "True"), sig)
    assert lines(r) == ["[1, 0, 0, 0, 0, 0]", "1"]


def test_bad_address_and_unit(run_fw):
    with pytest.raises(ScenarioError, match="0x48"):
        run(run_fw, "", {"address": 0x50})
    with pytest.raises(ScenarioError, match="expected one of"):
        run(run_fw, "", {"ain0": "3C"})
