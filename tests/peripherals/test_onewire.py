"""_onewire primitives, the frozen onewire/ds18x20 drivers, and ds18b20 parts on one bus."""

from __future__ import annotations

from irqsim.hw.parts.ds18b20 import crc8 as part_crc8
from irqsim.mpy.onewire import crc8
from irqsim.trace.log import Kind


def lines(result):
    return [text for _, text in result.stdout]


SENSORS = [("a", "ds18b20", {"temperature": 21.3, "serial": "0000000000a1"}),
           ("b", "ds18b20", {"temperature": -5.5, "serial": "0000000000b2"}),
           ("c", "ds18b20", {"temperature": {"points": [["0s", 30.0], ["1s", 40.0]]}, "serial": "0000000000c3"})]
WIRES = {"a": {"dq": 10}, "b": {"dq": 10}, "c": {"dq": 10}}


def test_crc8_dallas():
    rom = bytes.fromhex("021cb801000000a2")          # Maxim AN27's worked example
    assert crc8(rom[:7]) == rom[7] and crc8(rom) == 0
    assert part_crc8(bytes([0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10])) == 0x1C   # power-up scratchpad


def test_scan_convert_read_three_sensors(run_fw):
    r = run_fw("""
        import onewire, ds18x20, time
        from machine import Pin
        ds = ds18x20.DS18X20(onewire.OneWire(Pin(10)))
        roms = ds.scan()
        print(len(roms), sorted(r.hex() for r in roms))
        ds.convert_temp()
        time.sleep_ms(750)
        for rom in sorted(roms):
            print(rom.hex()[-4:], ds.read_temp(rom))
    """, duration_ns=1_500_000_000, parts=SENSORS, wires=WIRES)
    assert r.firmware_error is None
    assert lines(r) == ["3 ['28a1000000000075', '28b2000000000077', '28c30000000000d8']",
                        "0075 21.3125", "0077 -5.5", "00d8 30.0"]   # c: sampled at ~0.8 s (step signal)


def test_reading_before_the_conversion_ends_gives_the_power_up_value(run_fw):
    r = run_fw("""
        import onewire, ds18x20, time
        from machine import Pin
        ow = onewire.OneWire(Pin(10))
        ds = ds18x20.DS18X20(ow)
        rom = ds.scan()[0]
        ds.convert_temp()
        print(ow.readbit())             # busy: read slots return 0 while converting
        print(ds.read_temp(rom))        # 85.0: the scratchpad still has the power-up value
        time.sleep_ms(800)
        print(ow.readbit(), ds.read_temp(rom))
        ds.write_scratch(rom, b"\\x00\\x00\\x1f")    # 9-bit resolution: 93.75 ms
        ds.convert_temp()
        time.sleep_ms(100)
        print(ds.read_temp(rom))
    """, duration_ns=1_500_000_000, parts=SENSORS[:1], wires={"a": {"dq": 10}})
    assert lines(r) == ["0", "85.0", "1 21.3125", "21.0"]


def test_no_device_and_crc_error(run_fw):
    src = """
        import onewire, ds18x20
        from machine import Pin
        ow = onewire.OneWire(Pin(10))
        print(ow.reset(), ow.scan())
        try:
            ow.reset(True)
        except onewire.OneWireError:
            print("OneWireError")
        ds = ds18x20.DS18X20(ow)
        try:
            print(ds.read_temp(bytes.fromhex("28a1000000000075")))
        except Exception as e:
            print(type(e).__name__, e)
    """
    r = run_fw(src, duration_ns=200_000_000)
    assert lines(r) == ["False []", "OneWireError", "OneWireError "]
    bad = [("a", "ds18b20", {"serial": "0000000000a1", "fault": "crc"})]
    r = run_fw(src, duration_ns=200_000_000, parts=bad, wires={"a": {"dq": 10}})
    assert lines(r)[0] == "True [bytearray(b'(\\xa1\\x00\\x00\\x00\\x00\\x00u')]"
    assert lines(r)[1:] == ["Exception CRC error"]


def test_bit_timing_and_masked_slots(run_fw):
    r = run_fw("""
        import _onewire
        from machine import Pin
        p = Pin(10, Pin.OPEN_DRAIN, Pin.PULL_UP)
        print(_onewire.reset(p))
        _onewire.writebyte(p, 0xCC)
    """, duration_ns=10_000_000, parts=SENSORS[:1], wires={"a": {"dq": 10}})
    assert lines(r) == ["True"]
    fw = [(rec[0], rec[3]) for rec in r.log.records() if rec[1] == Kind.PIN and rec[2] == 10 and rec[4] == "fw"]
    lows = [b[0] - a[0] for a, b in zip(fw, fw[1:]) if a[1] == 0]
    assert lows[0] == 480_000                                   # reset pulse
    # 0xCC LSB first: 0,0,1,1,0,0,1,1 -> 60 us or 6 us low slots
    assert lows[1:] == [60_000, 60_000, 6_000, 6_000, 60_000, 60_000, 6_000, 6_000]
    masks = [rec for rec in r.log.records() if rec[1] == Kind.MASK]
    assert len(masks) == 2 * (1 + 8)                            # one window per reset and per bit
