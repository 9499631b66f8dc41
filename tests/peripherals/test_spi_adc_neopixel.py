"""SPI against spi_device, ADC against analog sources, neopixel/bitstream against a ws2812 strip."""

from __future__ import annotations

import pytest

from irqsim.mpy.spi import spi_baudrate


def lines(result):
    return [text for _, text in result.stdout]


def test_spi_baudrate_matches_pico_sdk_divider():
    assert spi_baudrate(150_000_000, 1_000_000) == 1_000_000
    assert spi_baudrate(150_000_000, 10_000_000) == 9_375_000     # prescale 2, postdiv 8
    assert spi_baudrate(150_000_000, 100_000) == 100_000


def test_spi_register_device_with_chip_select(run_fw):
    imu = ("imu", "spi_device", {"who_am_i": ["0x0F", 0x6C], "registers": {"0x20": [1, 2, 3]}})
    r = run_fw("""
        from machine import SPI, Pin
        import time
        cs = Pin(17, Pin.OUT, value=1)
        spi = SPI(0, baudrate=1_000_000)
        def read(reg, n):
            cs(0)
            buf = bytearray(n + 1)
            spi.write_readinto(bytes([reg | 0x80]) + bytes(n), buf)
            cs(1)
            return buf[1:]
        print(read(0x0F, 1).hex(), read(0x20, 3).hex())
        cs(0); spi.write(b'\\x21\\xaa'); cs(1)
        print(read(0x20, 3).hex())
        print(spi.read(2).hex())                    # CS high: nobody drives MISO
        t0 = time.ticks_us(); cs(0); spi.read(100, 0xFF); cs(1)     # 0xFF: a read command, then reads
        print(time.ticks_diff(time.ticks_us(), t0) >= 800)
        try:
            SPI(0, firstbit=SPI.LSB)
        except NotImplementedError as e:
            print("NotImplementedError", e)
    """, parts=[imu], wires={"imu": {"sck": 18, "mosi": 19, "miso": 16, "cs": 17}})
    assert lines(r) == ["6c 010203", "01aa03", "ffff", "True", "NotImplementedError LSB"]
    assert r.parts["imu"]["written"] == {"0x21": "aa"}


def test_softspi_loopback(run_fw):
    r = run_fw("""
        from machine import SoftSPI, Pin
        s = SoftSPI(baudrate=100000, sck=Pin(2), mosi=Pin(3), miso=Pin(4))
        buf = bytearray(3)
        s.write_readinto(b'abc', buf)
        print(buf)
    """, parts=[("lb", "spi_device", {"mode": "loopback"})], wires={"lb": {"sck": 2, "mosi": 3, "miso": 4}})
    assert lines(r) == ["bytearray(b'abc')"]


def test_adc_scaling_sources_and_errors(run_fw):
    r = run_fw("""
        from machine import ADC, Pin
        import time
        pot = ADC(Pin(26))
        print(pot, pot.read_u16(), ADC(ADC.CORE_TEMP).read_u16(), ADC(27).read_u16())
        time.sleep_ms(10)
        print(pot.read_u16())
        try:
            ADC(Pin(5))
        except ValueError as e:
            print(e)
        t0 = time.ticks_us()
        for _ in range(100):
            pot.read_u16()
        print(time.ticks_diff(time.ticks_us(), t0) >= 200)
    """, parts=[("pot", "analog", {"volts": {"points": [["0ms", 1.65], ["5ms", 0.0]]}}),
                ("die", "temp_sensor", {"celsius": 40})],
        wires={"pot": {"out": 26}})
    out = lines(r)
    # 1.65 V -> raw 2048 -> 2048 << 4 | 2048 >> 8; 40 degC -> 0.6836 V -> raw 848; GP27 unwired, low
    assert out[0] == f"<ADC channel=0> {2048 << 4 | 8} {848 << 4 | 848 >> 8} 0"
    assert out[1:] == ["0", "Pin doesn't have ADC capabilities", "True"]


def test_adc_noise_is_seeded(run_fw):
    src = """
        from machine import ADC
        a = ADC(0)
        print([a.read_u16() >> 4 for _ in range(5)])
    """
    part = [("n", "analog", {"volts": {"sine": {"offset": 1.0, "amplitude": 0.5, "freq": "1kHz"}, "noise": 0.05}})]
    runs = [lines(run_fw(src, parts=part, wires={"n": {"out": 26}}, seed=s))[0] for s in (1, 1, 2)]
    assert runs[0] == runs[1] != runs[2]


def test_neopixel_colours_and_bit_timing(run_fw):
    r = run_fw("""
        from machine import Pin
        import neopixel, time
        np = neopixel.NeoPixel(Pin(16), 4)
        np.fill((0, 0, 9))
        np[1] = (255, 128, 1)
        print(np[1], len(np))
        t0 = time.ticks_us()
        np.write()
        print(time.ticks_diff(time.ticks_us(), t0))
    """, parts=[("strip", "ws2812", {"count": 4})], wires={"strip": {"din": 16}}, duration_ns=5_000_000)
    out = lines(r)
    assert out[0] == "(255, 128, 1) 4"
    # 96 bits, each (172 + 5) cycles at 150 MHz = 1180 ns (ports/rp2/machine_bitstream.c)
    assert 113 <= int(out[1]) <= 145   # + the interpreted write() and call overhead
    strip = r.parts["strip"]
    assert strip["leds"] == ["#000009", "#ff8001", "#000009", "#000009"]
    assert strip["frames"] == 1 and strip["timing_errors"] == 0


def test_neopixel_400khz_timing_reads_as_errors_on_an_800khz_strip(run_fw):
    r = run_fw("""
        from machine import Pin
        import neopixel
        np = neopixel.NeoPixel(Pin(16), 1, timing=0)
        np[0] = (1, 2, 3)
        np.write()
    """, parts=[("strip", "ws2812", {"count": 1})], wires={"strip": {"din": 16}}, duration_ns=2_000_000)
    assert r.parts["strip"]["timing_errors"] > 0


@pytest.mark.parametrize("bad, msg", [("(1, 2, 3)", "requested length 4"), ("None", "isn't a tuple")])
def test_bitstream_argument_errors(run_fw, bad, msg):
    r = run_fw(f"""
        from machine import Pin, bitstream
        try:
            bitstream(Pin(2), 0, {bad}, b'x')
        except (ValueError, TypeError) as e:
            print(e)
        try:
            bitstream(Pin(2), 1, (1, 2, 3, 4), b'x')
        except ValueError as e:
            print(e)
    """)
    assert msg in lines(r)[0] and lines(r)[1] == "encoding"
