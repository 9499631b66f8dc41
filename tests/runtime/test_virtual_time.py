"""Firmware runs in virtual time: lines cost time, loops end, interrupts preempt exactly."""

from irqsim.trace.log import Kind
from tests.conftest import lines


def test_busy_loop_advances_the_clock(run_fw):
    r = run_fw("""
        import time
        t0 = time.ticks_ms()
        n = 0
        while time.ticks_diff(time.ticks_ms(), t0) < 20:
            n += 1
        print("elapsed", time.ticks_diff(time.ticks_ms(), t0), n > 100)
    """)
    assert lines(r) == ["elapsed 20 True"]
    t, _ = r.stdout[0]
    assert 20_000_000 <= t < 21_000_000


def test_infinite_loop_ends_at_duration_even_if_it_catches_everything(run_fw):
    r = run_fw("""
        n = 0
        while True:
            try:
                n += 1
            except Exception:
                pass
            except:
                pass
    """, duration_ns=5_000_000)
    assert r.end_reason == "duration"
    assert r.end_ns == 5_000_000
    assert r.firmware_error is None


def test_sleep_jumps_the_clock_and_idle_time_is_free(run_fw):
    r = run_fw("""
        import time
        time.sleep(2)
        print("woke")
    """, duration_ns=3_000_000_000)
    t, text = r.stdout[0]
    assert text == "woke" and 2_000_000_000 <= t < 2_001_000_000
    assert r.stats()["cpu_share"]["idle"] > 0.99


def test_lines_in_a_second_firmware_module_cost_time_too(run_fw):
    r = run_fw("""
        import time, helper
        t0 = time.ticks_us()
        helper.work(1000)
        print(time.ticks_diff(time.ticks_us(), t0) > 1000)
    """, files={"helper.py": """
        def work(n):
            x = 0
            for i in range(n):
                x += i
            return x
    """})
    assert lines(r) == ["True"]


def test_hard_irq_starts_at_the_edge_time_whatever_the_interrupted_line_costs(run_fw):
    # The main loop's lines are long (a big sum); the hard handler must still start a fixed
    # dispatch time after each edge, as a real interrupt preempts mid-line.
    r = run_fw("""
        from machine import Pin
        out = Pin(16, Pin.OUT, value=0)
        def h(p):
            out.toggle()
        Pin(15, Pin.IN).irq(h, trigger=Pin.IRQ_RISING, hard=True)
        while True:
            x = sum(range(200))
    """, duration_ns=200_000_000, parts=[("src", "pulse", {"freq": "7ms", "jitter": "2ms", "duty": "10%", "start": "3ms"})],
        wires={"src": {"out": 15}})
    enters = [rec for rec in r.log.of_kind(Kind.ENTER)]
    lat = {rec[0] - rec[5] for rec in enters}
    assert len(enters) > 20
    assert max(lat) - min(lat) == 0, lat


def test_firmware_exception_shows_firmware_frames_and_virtual_time(run_fw):
    r = run_fw("""
        import time
        def inner():
            raise ValueError("bad value")
        time.sleep_ms(5)
        inner()
    """)
    err = r.firmware_error
    assert err is not None and r.exit_code == 1
    assert err.line == 4 and err.file == "main.py"
    text = err.traceback_text
    assert 'File "main.py", line 6, in <module>' in text and 'File "main.py", line 4, in inner' in text
    assert "ValueError: bad value" in text and "virtual time 0.005" in text
    assert "irqsim" not in text.split("virtual time")[0]


def test_host_modules_are_not_reachable(run_fw):
    r = run_fw("""
        for name in ("subprocess", "socket", "shutil", "pathlib"):
            try:
                __import__(name)
                print(name, "imported")
            except ImportError as e:
                print(e)
        import os
        print(hasattr(os, "system"), hasattr(os, "popen"))
        try:
            open("/etc/passwd")
        except OSError:
            print("no open")
    """)
    assert lines(r) == ["no module named 'subprocess'", "no module named 'socket'", "no module named 'shutil'",
                        "no module named 'pathlib'", "False False", "no open"]


def test_same_inputs_give_identical_logs(run_fw):
    src = """
        from machine import Pin
        import time
        n = 0
        def h(p):
            global n
            n += 1
        Pin(15, Pin.IN).irq(h)
        while True:
            s = "x%d" % n
    """
    kw = dict(duration_ns=50_000_000, parts=[("src", "pulse", {"freq": "3kHz", "jitter": "50us"})] and
              [("src", "pulse", {"freq": "400us", "jitter": "50us"})], wires={"src": {"out": 15}})
    a = list(run_fw(src, **kw).log.records())
    b = list(run_fw(src, **kw).log.records())
    assert a == b and len(a) > 100


def test_declared_c_cost_replaces_the_python_handler_cost(tmp_path):
    """c_handlers: 'what if I rewrote this handler in C?' — the body runs in zero time and
    costs exactly the declared cycles."""
    from irqsim.sim import Simulation
    from irqsim.spec.scenario import PartSpec, Scenario

    fw = tmp_path / "main.py"
    fw.write_text(
        "from machine import Pin\nimport time\nn = 0\n"
        "def h(p):\n    global n\n    for i in range(50):\n        n += 1\n"
        "Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)\ntime.sleep_ms(20)\nprint(n)\n")

    def run(c_handlers):
        sc = Scenario(path=None, firmware=fw, duration_ns=30_000_000, parts=[PartSpec("s", "pulse", {"freq": "1ms"}, None)],
                      wires={"s": {"out": 15}}, c_handlers=c_handlers)
        return Simulation(sc).run()

    py, c = run({}), run({"h": 150})
    assert [t for _, t in py.stdout] == [t for _, t in c.stdout]  # same behaviour
    enters = [r for r in c.log.records() if r[1] == Kind.ENTER]
    exits = [r for r in c.log.records() if r[1] == Kind.EXIT]
    durations = {x[0] - e[0] for e, x in zip(enters, exits)}
    assert durations == {1000}  # 150 cycles at 150 MHz
    assert py.stats()["handlers"]["h"]["duration_us"]["min"] > 20
