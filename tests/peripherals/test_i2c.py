"""machine.I2C / SoftI2C against i2c_device parts: rp2 error semantics, bus time, registers."""

from __future__ import annotations

import pytest

from irqsim.errors import ScenarioError
from irqsim.hw.parts import PARTS
from irqsim.trace.log import Kind

WIRES = {"tmp": {"scl": 5, "sda": 4}}
TMP102 = ("tmp", "i2c_device", {"address": 0x48, "reg_width": 2, "who_am_i": ["0x0F", 0x75],
                                "registers": {"0x01": [0x60, 0xA0]},
                                "signals": [{"reg": 0, "bytes": 2, "lsb": 0.0625, "shift": 4,
                                             "expr": "25 + 10*t"}]})


def lines(result):
    return [text for _, text in result.stdout]


def test_scan_read_write_registers(run_fw):
    r = run_fw("""
        from machine import I2C
        import time
        i2c = I2C(0, freq=100000)
        print(i2c.scan())
        d = i2c.readfrom_mem(0x48, 0, 2)
        print(((d[0] << 8 | d[1]) >> 4) * 0.0625)
        i2c.writeto_mem(0x48, 1, b'\\x12\\x34')
        print(i2c.readfrom_mem(0x48, 1, 2).hex())
        i2c.writeto_mem(0x48, 0x0F, b'\\x00\\x00')   # WHO_AM_I is read-only
        print(i2c.readfrom_mem(0x48, 0x0F, 1).hex())
        time.sleep_ms(500)
        d = i2c.readfrom_mem(0x48, 0, 2)
        print(((d[0] << 8 | d[1]) >> 4) * 0.0625)
    """, parts=[TMP102], wires=WIRES)
    out = lines(r)
    assert out[0] == "[72]"
    assert float(out[1]) == pytest.approx(25.0 + 10 * 0.019, abs=0.07)
    assert out[2] == "1234"
    assert out[3] == "75"
    assert float(out[4]) == pytest.approx(30.2, abs=0.07)
    assert r.parts["tmp"]["written"] == {"0x01": "1234"}


def test_missing_device_errors_follow_rp2(run_fw):
    r = run_fw("""
        from machine import I2C, SoftI2C, Pin
        i2c = I2C(0)
        for call in (lambda: i2c.readfrom(0x50, 1), lambda: i2c.writeto(0x50, b'x'),
                     lambda: i2c.writeto(0x50, b'')):
            try:
                call()
            except OSError as e:
                print("OSError", e.errno)
        s = SoftI2C(scl=Pin(5), sda=Pin(4))
        try:
            s.readfrom(0x50, 1)
        except OSError as e:
            print("soft", e.errno)
        print(s.writeto(0x48, b'\\x01\\x02\\x03'))
        for op in (i2c.start, lambda: i2c.write(b'x'), lambda: i2c.init(freq=1)):
            try:
                op()
            except OSError as e:
                print(e)
        for bad in (lambda: I2C(2), lambda: I2C(0, scl=Pin(4)), lambda: I2C(1, sda=Pin(4))):
            try:
                bad()
            except ValueError as e:
                print(e)
    """, parts=[TMP102], wires=WIRES)
    assert lines(r) == ["OSError 5", "OSError 5", "OSError 19", "soft 19", "3",
                        "I2C operation not supported", "I2C operation not supported",
                        "I2C operation not supported", "I2C(2) doesn't exist", "bad SCL pin", "bad SDA pin"]


def test_unwired_device_is_not_on_the_bus(run_fw):
    r = run_fw("""
        from machine import I2C, Pin
        print(I2C(0).scan(), I2C(1, scl=Pin(7), sda=Pin(6)).scan())
    """, parts=[TMP102], wires={"tmp": {"scl": 7, "sda": 6}})
    assert lines(r) == ["[] [72]"]


def test_bus_time_is_bits_over_freq(run_fw):
    # readfrom_mem(2 bytes): START+addr+reg (19 SCL periods), repeated START+addr+2 bytes+STOP
    # (29): 48 periods = 480 us at 100 kHz, 120 us at 400 kHz, plus call overhead.
    r = run_fw("""
        from machine import I2C
        import time
        for f in (100000, 400000):
            i2c = I2C(0, freq=f)
            t0 = time.ticks_us()
            i2c.readfrom_mem(0x48, 0, 2)
            print(time.ticks_diff(time.ticks_us(), t0))
    """, parts=[TMP102], wires=WIRES)
    slow, fast = (int(x) for x in lines(r))
    assert 480 <= slow < 480 + 40
    assert 120 <= fast < 120 + 40
    recs = [rec for rec in r.log.records() if rec[1] == Kind.BUS]
    assert [(rec[2], rec[3], rec[4], rec[5], rec[6]) for rec in recs[:2]] == [
        ("I2C0", "write", 0x48, "00", "ack"), ("I2C0", "read", 0x48, recs[1][5], "ack")]
    assert recs[0][7] - recs[0][0] == 190_000          # 19 periods of 10 us


def test_interrupts_are_taken_during_a_long_transfer(run_fw):
    r = run_fw("""
        from machine import I2C, Timer
        import time
        hits = []
        def tick(t):
            hits.append(time.ticks_us())
        Timer(period=1, mode=Timer.PERIODIC, callback=tick, hard=True)   # 1 ms
        i2c = I2C(0, freq=100000)
        t0 = time.ticks_us()
        i2c.readfrom(0x48, 400)           # ~36 ms of bus time
        t1 = time.ticks_diff(time.ticks_us(), t0)
        print(t1 // 1000, len(hits) >= 35)
    """, parts=[TMP102], wires=WIRES)
    ms, ok = lines(r)[0].split()
    assert ms == "36" and ok == "True"


def test_timeout_and_data_nack(run_fw):
    r = run_fw("""
        from machine import I2C
        i2c = I2C(0, freq=100000, timeout=1000)
        try:
            i2c.readfrom(0x48, 20)        # 180 SCL periods = 1.8 ms > 1 ms
        except OSError as e:
            print("timeout", e.errno)
    """, parts=[TMP102], wires=WIRES)
    assert lines(r) == ["timeout 110"]


def test_unplugged_device_nacks(run_fw):
    r = run_fw("""
        from machine import I2C
        import time
        i2c = I2C(0)
        print(i2c.scan())
        time.sleep_ms(20)
        print(i2c.scan())
    """, parts=[TMP102], wires=WIRES, stimuli=[(10_000_000, "tmp", "set", {"present": False})])
    assert lines(r) == ["[72]", "[]"]


@pytest.mark.parametrize("key, value, msg", [
    ("address", 0x80, "7-bit address"),
    ("reg_bits", 12, "8 or 16"),
    ("signals", [{"reg": 0, "expr": "__import__('os')"}], "only math functions"),
    ("signals", [{"reg": 0, "expr": "x + 1"}], "unknown name"),
    ("signals", [{"reg": 0, "expr": "t.__class__"}], "Attribute is not allowed"),
    ("signals", [{"reg": 0, "value": 1, "expr": "t"}], "exactly one"),
    ("registers", {"zz": 1}, "not a number"),
])
def test_bad_parameters_are_scenario_errors(key, value, msg):
    with pytest.raises(ScenarioError, match=msg):
        PARTS["i2c_device"].parse_param(key, value)
