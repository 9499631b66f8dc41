"""aht20 part: the command protocol (init, trigger, soft reset), the 80 ms measurement with the
busy bit, CRC-8 checked reads and the datasheet conversion. The driver follows the common public
shape (status check for CAL, 0xAC 0x33 0x00, poll bit 7, read 7 bytes, check the CRC)."""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError
from irqsim.hw.parts.aht20 import codes, crc8

WIRES = {"aht": {"scl": 5, "sda": 4}}
DRIVER = '''
import time

def crc8(data):
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc

class AHT20:
    def __init__(self, i2c, addr=0x38):
        self.i2c, self.addr = i2c, addr
        self.polls = 0
        if not self.status() & 0x08:
            self.i2c.writeto(addr, b"\\xbe\\x08\\x00")
            time.sleep_ms(10)

    def status(self):
        return self.i2c.readfrom(self.addr, 1)[0]

    def read(self):
        self.i2c.writeto(self.addr, b"\\xac\\x33\\x00")
        time.sleep_ms(5)
        while self.status() & 0x80:
            self.polls += 1
            time.sleep_ms(5)
        d = self.i2c.readfrom(self.addr, 7)
        if crc8(d[:6]) != d[6]:
            raise OSError("CRC")
        rh = ((d[1] << 16) | (d[2] << 8) | d[3]) >> 4
        t = ((d[3] & 0x0F) << 16) | (d[4] << 8) | d[5]
        return t / 1048576 * 200 - 50, rh / 1048576 * 100
'''


def run(run_fw, main, attrs, duration_ns=1_000_000_000, **kw):
    return run_fw(main, parts=[("aht", "aht20", attrs)], wires=WIRES, duration_ns=duration_ns,
                  files={"ahtdrv.py": DRIVER}, **kw)


def lines(r):
    return [t for _, t in r.stdout]


def test_crc8_matches_the_datasheet_check_value():
    assert crc8(b"123456789") == 0xF7           # CRC-8/NRSC-5 check value (poly 0x31, init 0xFF)
    assert crc8(b"\xbe\xef") == 0x92            # the Sensirion example word, same CRC


def test_trigger_wait_read_gives_the_configured_values(run_fw):
    r = run(run_fw, """
        from machine import I2C
        from ahtdrv import AHT20
        s = AHT20(I2C(0, freq=400000))
        t, rh = s.read()
        print("%.2f %.2f" % (t, rh), s.polls)
    """, {"temperature": "21.5C", "humidity": "45%"})
    t, rh, polls = lines(r)[0].split()
    assert (t, rh) == ("21.50", "45.00")
    # sleep_ms ends on a ms tick (a fraction early), so 5 + 15 x 5 ms is just short of 80 ms
    assert int(polls) == 16
    assert r.parts["aht"]["measurements"] == 1


def test_uncalibrated_chip_needs_init_and_busy_read_returns_the_old_data(run_fw):
    r = run(run_fw, """
        import time
        from machine import I2C
        i2c = I2C(0, freq=400000)
        print(hex(i2c.readfrom(0x38, 1)[0]))
        i2c.writeto(0x38, b"\\xbe\\x08\\x00")
        print(hex(i2c.readfrom(0x38, 1)[0]))
        i2c.writeto(0x38, b"\\xac\\x33\\x00")
        d = i2c.readfrom(0x38, 8)
        print(hex(d[0]), d[1:6] == bytes(5), hex(d[7]))
        time.sleep_ms(81)
        print(hex(i2c.readfrom(0x38, 1)[0]))
    """, {"calibrated": False, "temperature": -10.0})
    assert lines(r) == ["0x0", "0x8", "0x88 True 0xff", "0x8"]


def test_codes_follow_the_signal_and_clip():
    assert codes(-50.0, 0.0) == (0, 0)
    assert codes(200.0, 150.0) == ((1 << 20) - 1, (1 << 20) - 1)


def test_bad_address_and_unit(run_fw):
    with pytest.raises(ScenarioError, match="0x38"):
        run(run_fw, "", {"address": 0x39})
    with pytest.raises(ScenarioError, match="expected one of"):
        run(run_fw, "", {"humidity": "45C"})
