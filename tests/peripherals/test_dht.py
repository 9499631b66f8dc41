"""dht (frozen driver) + machine.dht_readinto against the dht22/dht11 parts."""

from __future__ import annotations

from irqsim.trace.log import Kind


def lines(result):
    return [text for _, text in result.stdout]


READ = """
    import dht, time
    from machine import Pin
    s = dht.{cls}(Pin(4))
    for i in range({n}):
        try:
            s.measure()
            print("%.1f %.1f" % (s.temperature(), s.humidity()))
        except OSError as e:
            print("OSError", e)
        except Exception as e:
            print("Exception", e)
        time.sleep_ms({gap})
"""


def run_dht(run_fw, kind, params, *, cls="DHT22", n=1, gap=0, duration_ns=1_000_000_000):
    return run_fw(READ.format(cls=cls, n=n, gap=gap), duration_ns=duration_ns,
                  parts=[("s", kind, params)], wires={"s": {"data": 4}})


def test_dht22_reads_signals_negative_temperature(run_fw):
    r = run_dht(run_fw, "dht22", {"temperature": -12.3, "humidity": 45.6})
    assert lines(r) == ["-12.3 45.6"]
    assert r.parts["s"] == {"reads": 1, "answered": 1, "ignored": 0, "last": "01c8807bc4"}


def test_dht22_previous_values_within_two_seconds_then_new(run_fw):
    temp = {"points": [["0s", 20.0], ["1s", 30.0]]}
    r = run_dht(run_fw, "dht22", {"temperature": temp, "humidity": 50}, n=3, gap=1000,
                duration_ns=4_000_000_000)
    # reads at ~0.27 s, ~1.54 s (too soon: old values), ~2.81 s
    assert lines(r) == ["20.0 50.0", "20.0 50.0", "30.0 50.0"]


def test_dht11_whole_units(run_fw):
    r = run_dht(run_fw, "dht11", {"temperature": 23.6, "humidity": 41.4}, cls="DHT11")
    assert lines(r) == ["23.0 41.0"]


def test_start_pulse_shorter_than_the_datasheet_minimum_is_ignored(run_fw):
    src = """
        from machine import Pin
        import time
        p = Pin(4, Pin.OPEN_DRAIN, value=1)
        time.sleep_ms(5)
        p(0); time.sleep_us(1500); p(1)      # 1.5 ms: enough for a DHT22 (0.8 ms), not a DHT11 (18 ms)
        time.sleep_ms(10)
    """
    for kind, reads in (("dht22", 1), ("dht11", 0)):
        r = run_fw(src, duration_ns=30_000_000, parts=[("s", kind, {})], wires={"s": {"data": 4}})
        assert r.parts["s"]["reads"] == reads, kind


def test_no_sensor_and_no_response_timeout(run_fw):
    r = run_fw(READ.format(cls="DHT22", n=1, gap=0), duration_ns=1_000_000_000)
    assert lines(r) == ["OSError [Errno 110] ETIMEDOUT"]
    r = run_dht(run_fw, "dht22", {"fault": "no_response"})
    assert lines(r) == ["OSError [Errno 110] ETIMEDOUT"]
    r = run_dht(run_fw, "dht22", {"warmup": "1s"})
    assert lines(r) == ["OSError [Errno 110] ETIMEDOUT"]


def test_checksum_error(run_fw):
    r = run_dht(run_fw, "dht22", {"fault": "checksum"})
    assert lines(r) == ["Exception checksum error"]


def test_buffer_errors(run_fw):
    r = run_fw("""
        from machine import dht_readinto, Pin
        for buf in (bytearray(4), b"12345", 5):
            try:
                dht_readinto(Pin(4), buf)
            except (ValueError, TypeError) as e:
                print(type(e).__name__, e)
    """, duration_ns=100_000_000)
    assert lines(r) == ["ValueError buffer too small", "TypeError object with buffer protocol required",
                        "TypeError object with buffer protocol required"]


def test_protocol_runs_with_interrupts_masked(run_fw):
    # A hard timer IRQ every 1 ms cannot run during the ~4.5 ms bit-banged answer.
    r = run_fw("""
        import dht
        from machine import Pin, Timer
        ticks = []
        Timer(period=1, callback=lambda t: ticks.append(1), hard=True)
        s = dht.DHT22(Pin(4))
        s.measure()
        print(s.temperature())
    """, duration_ns=400_000_000, parts=[("s", "dht22", {"temperature": 21.5})], wires={"s": {"data": 4}})
    assert lines(r) == ["21.5"]
    masks = [(rec[0], rec[2]) for rec in r.log.records() if rec[1] == Kind.MASK]
    windows = [(a[0], b[0]) for a, b in zip(masks, masks[1:]) if a[1] == 1 and b[1] == 0]
    longest = max(b - a for a, b in windows)
    assert 3_000_000 < longest < 5_500_000
    # the data line's edges from the part all fall in that window
    start, end = max(windows, key=lambda w: w[1] - w[0])
    part_edges = [rec[0] for rec in r.log.records() if rec[1] == Kind.PIN and rec[2] == 4 and rec[4] == "s" and rec[0] > 0]
    assert len(part_edges) == 2 + 80 + 1 + 1 and all(start <= t <= end + 60_000 for t in part_edges)
