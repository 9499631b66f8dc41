"""machine.PWM: rp2 register arithmetic, slices/channels, and the waveform on the pin."""

from __future__ import annotations

import pytest

from irqsim.mpy.pwm import freq_registers, slice_hz, slice_of
from irqsim.trace.log import Kind

F_SYS = 150_000_000


def lines(result):
    return [text for _, text in result.stdout]


def pin_edges(result, gpio):
    return [(r[0], r[3]) for r in result.log.records() if r[1] == Kind.PIN and r[2] == gpio]


def measure(edges, after_ns=0):
    """(period_ns, high_ns) averaged over whole periods from rising edge to rising edge."""
    edges = [e for e in edges if e[0] >= after_ns]
    rises = [t for t, lv in edges if lv == 1]
    falls = [t for t, lv in edges if lv == 0]
    assert len(rises) >= 3, edges[:10]
    period = (rises[-1] - rises[0]) / (len(rises) - 1)
    highs = [next(f for f in falls if f > r) - r for r in rises[:-1]]
    return period, sum(highs) / len(highs)


def test_slice_mapping_rp2040_and_rp2350():
    assert slice_of(0, "RP2040") == (0, 0) and slice_of(15, "RP2040") == (7, 1)
    assert slice_of(16, "RP2040") == (0, 0) and slice_of(29, "RP2350") == (6, 1)
    assert slice_of(32, "RP2350") == (8, 0) and slice_of(47, "RP2350") == (11, 1)


def test_divider_and_top_as_machine_pwm_c():
    # 1 kHz: DIV 1, TOP = 150000 - 1 does not fit, so DIV > 1
    assert freq_registers(F_SYS, 50) == (733, 65483)
    assert freq_registers(F_SYS, 10_000) == (16, 14_999)
    assert freq_registers(F_SYS, 100_000_000) == (16, 1)        # reads back 75 MHz
    assert freq_registers(F_SYS, 0) == (16, 0xFFFF_FFFF)        # UDIV by zero is 0 on Cortex-M
    assert slice_hz(F_SYS, 733 // 2, 733) == 3_274_216


def test_freq_duty_readback_rounding_and_errors(run_fw):
    r = run_fw("""
        from machine import PWM, Pin
        p = PWM(Pin(15), freq=50, duty_ns=1_500_000)
        print(p, p.freq(), p.duty_ns(), p.duty_u16())
        p.freq(7_000)
        print(p.freq(), p.duty_ns())
        p.duty_u16(70000)
        print(p.duty_u16())
        p.duty_u16(1)
        print(p.duty_u16(), p.duty_ns())
        q = PWM(Pin(2))
        print(q.freq(), q.duty_u16(), q.duty_ns())
        for f in (8, 9, 100_000_000):
            try:
                q.freq(f)
                print(f, q.freq())
            except ValueError as e:
                print(f, "ValueError", e)
        for bad in ("x", 1.5):
            try:
                q.freq(bad)
            except TypeError as e:
                print("TypeError", e)
        try:
            PWM(Pin(3), frequency=5)
        except TypeError as e:
            print("TypeError", e)
        try:
            q.duty(3)
        except AttributeError:
            print("no duty()")
        print(PWM(Pin(0)) is PWM(Pin(16)))
    """, duration_ns=50_000_000)
    assert r.firmware_error is None
    assert lines(r) == [
        "<PWM slice=7 channel=1 invert=0> 50 1499901 4915",
        "7000 142860",                                 # duty_ns clamped to 100 % of 1/7 kHz
        "65535", "0 0",                               # 1/65535 of TOP + 1 = 21429 rounds to CC 0
        "0 0 0",
        "8 ValueError freq too small", "9 9", "100000000 75000000",
        "TypeError can't convert str to int", "TypeError can't convert float to int",
        "TypeError unexpected keyword argument 'frequency'",
        "no duty()", "True"]


def test_waveform_on_the_pin_matches_the_registers(run_fw):
    r = run_fw("""
        from machine import PWM, Pin
        import time
        pwm = PWM(Pin(15), freq=1000, duty_u16=16384)      # 25 %
        time.sleep_ms(20)
        pwm.duty_u16(49152)                                # 75 % from the next wrap
        time.sleep_ms(20)
        pwm.deinit()
        time.sleep_ms(5)
    """, duration_ns=60_000_000, parts=[("probe", "probe", {})], wires={"probe": {"pin": 15}})
    edges = pin_edges(r, 15)
    first = [e for e in edges if e[0] < 19_000_000]
    div16, top = freq_registers(F_SYS, 1000)              # 37 (DIV 2.3125), 64864
    assert (div16, top) == (37, 64864)
    tick_ns = div16 / 16 / F_SYS * 1e9
    period, high = measure(first)
    assert period == pytest.approx((top + 1) * tick_ns, abs=1)        # 1000002.08 ns: 999.998 Hz
    assert high == pytest.approx((16384 * (top + 1) + 32767) // 65535 * tick_ns, abs=1)
    period, high = measure([e for e in edges if 22_000_000 < e[0] < 39_000_000])
    assert high == pytest.approx((49152 * (top + 1) + 32767) // 65535 * tick_ns, abs=1)
    # the duty change lands on a wrap: every high pulse is 250 us or 750 us, none in between
    probe = r.parts["probe"]
    assert probe["edges"] == len(edges)
    widths = {round(w / 1000) for w in _pulses(edges)}
    assert widths == {250, 750}
    # deinit stops the slice: no edges in the last 5 ms
    assert edges[-1][0] < 41_000_000


def _pulses(edges):
    out, start = [], None
    for t, lv in edges:
        if lv == 1:
            start = t
        elif start is not None:
            out.append(t - start)
            start = None
    return out


def test_two_channels_share_the_slice_frequency_and_invert(run_fw):
    r = run_fw("""
        from machine import PWM, Pin
        import time
        a = PWM(Pin(4), freq=2000, duty_u16=32768)
        b = PWM(Pin(5), freq=2000, duty_u16=16384, invert=1)
        time.sleep_ms(5)
        b.freq(4000)                       # same slice: A follows
        print(a.freq(), a.duty_u16(), b.duty_u16())
        time.sleep_ms(5)
    """, duration_ns=12_000_000)
    assert lines(r) == ["4000 32768 16384"]
    pa, ha = measure(pin_edges(r, 4), after_ns=6_000_000)
    pb, hb = measure(pin_edges(r, 5), after_ns=6_000_000)
    assert pa == pytest.approx(250_000, abs=1) and pb == pytest.approx(250_000, abs=1)
    assert ha == pytest.approx(125_000, abs=1)
    assert hb == pytest.approx(250_000 * 3 / 4, abs=1)   # inverted 25 %: high 75 %


def test_pwm_edges_reach_an_irq_on_another_pin(run_fw):
    # GP6 (PWM) wired to nothing but itself: the IRQ on the same pin counts rising edges
    r = run_fw("""
        from machine import PWM, Pin
        import time
        n = 0
        def count(p):
            global n
            n += 1
        Pin(6).irq(count, Pin.IRQ_RISING, hard=True)
        pwm = PWM(Pin(6), freq=500, duty_u16=32768)
        time.sleep_ms(100)
        pwm.deinit()
        print(n)
    """, duration_ns=150_000_000)
    assert lines(r) == ["50"]


def test_gpio_reinit_takes_the_pad_back(run_fw):
    r = run_fw("""
        from machine import PWM, Pin
        import time
        PWM(Pin(7), freq=10_000, duty_u16=30000)
        time.sleep_ms(2)
        Pin(7, Pin.OUT, value=0)
        time.sleep_ms(2)
    """, duration_ns=5_000_000)
    edges = pin_edges(r, 7)
    assert all(t < 2_200_000 for t, _ in edges)


def test_servo_example_pulse_widths(run_fw):
    from pathlib import Path

    import irqsim

    scenario = Path(__file__).resolve().parents[2] / "examples" / "peripherals" / "servo.toml"
    result = irqsim.run(scenario)
    assert result.exit_code == 0
    edges = pin_edges(result, 16)
    period, _ = measure(edges)
    assert period == pytest.approx(20_000_000, rel=1e-4)
    widths = sorted({round(w / 1000) for w in _pulses(edges)})
    assert widths == [1000, 1500, 2000]


def test_rp2040_board_clock_and_slices(run_fw):
    src = """
        from machine import PWM, Pin
        import time
        a = PWM(Pin(16), freq=1000, duty_u16=32768)
        print(a, a.freq(), PWM(Pin(0)) is a)
        time.sleep_ms(5)
    """
    r = run_fw(src, duration_ns=6_000_000, board="pico")
    assert lines(r) == ["<PWM slice=0 channel=0 invert=0> 1000 True"]
    div16, top = freq_registers(125_000_000, 1000)
    period, high = measure(pin_edges(r, 16))
    assert period == pytest.approx((top + 1) * div16 / 16 / 125e6 * 1e9, abs=1)
    assert high == pytest.approx(period / 2, abs=div16 / 16 / 125e6 * 1e9)


def test_same_seed_same_edges(run_fw):
    src = """
        from machine import PWM, Pin
        import time
        p = PWM(Pin(3), freq=12_345, duty_u16=20_000)
        for d in range(0, 65536, 8192):
            p.duty_u16(d)
            time.sleep_us(700)
    """
    first = pin_edges(run_fw(src, duration_ns=8_000_000), 3)
    assert len(first) > 100 and first == pin_edges(run_fw(src, duration_ns=8_000_000), 3)


def test_duty_from_zero_starts_on_the_counter_wrap(run_fw):
    # At 0 % nothing toggles and no events are posted for that slice; the counter still runs,
    # so the first pulse after duty_u16() starts on a wrap. Channel B of the same slice,
    # running since the start, shows where the wraps are.
    r = run_fw("""
        from machine import PWM, Pin
        import time
        b = PWM(Pin(9), freq=10_000, duty_u16=32768)
        b.deinit()
        a = PWM(Pin(8), freq=10_000, duty_u16=0)          # restarts the slice, both channels
        time.sleep_us(3_333)
        a.duty_u16(16384)
        time.sleep_ms(1)
    """, duration_ns=5_000_000)
    rises_a = [t for t, lv in pin_edges(r, 8) if lv == 1]
    rises_b = [t for t, lv in pin_edges(r, 9) if lv == 1]
    assert rises_a and 3_333_000 < rises_a[0] < 3_533_000
    assert set(rises_a) <= set(rises_b)
