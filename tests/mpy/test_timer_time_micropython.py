"""machine.Timer, time, micropython.schedule and heap rules (rp2 semantics)."""

from irqsim.trace.log import Kind
from tests.conftest import lines


def test_periodic_timer_rearms_without_drift(run_fw):
    r = run_fw("""
        from machine import Timer
        import time
        def cb(t):
            x = 0
            for i in range(50):
                x += i
        t = Timer(-1)
        t.init(period=3, callback=cb)
        time.sleep_ms(100)
        t.deinit()
    """, duration_ns=200_000_000)
    causes = [rec[5] for rec in r.log.of_kind(Kind.ENTER)]
    assert len(causes) == 33
    start = causes[0] - 3_000_000
    assert causes == [start + 3_000_000 * (i + 1) for i in range(33)]


def test_timer_errors_and_repr(run_fw):
    r = run_fw("""
        from machine import Timer
        try:
            Timer(0)
        except ValueError as e:
            print(e)
        t = Timer(-1)
        t.init(freq=50, mode=Timer.ONE_SHOT)
        print(t)
        t.deinit(); t.deinit()
        try:
            t.init(5)
        except TypeError:
            print("keyword-only")
    """)
    assert lines(r) == ["Timer doesn't exist", "Timer(mode=ONE_SHOT, tick_hz=1000000, period=20000)", "keyword-only"]


def test_ticks_functions(run_fw):
    r = run_fw("""
        import time
        print(time.ticks_add(0, -1), time.ticks_diff(0, 2**30 - 1), time.ticks_diff(5, 10))
        try:
            time.ticks_add(0, 2**29)
        except OverflowError as e:
            print(e)
        print(time.ticks_add(2**30 - 1, 2))
    """)
    assert lines(r) == [f"{2**30 - 1} 1 -5", "ticks interval overflow", "1"]


def test_schedule_queue_holds_eight_and_raises_when_full(run_fw):
    r = run_fw("""
        import micropython
        done = False
        def cb(arg):
            global done
            try:
                for i in range(100):
                    micropython.schedule(lambda x: x, None)
            except RuntimeError as e:
                print(e, i)
            done = True
        micropython.schedule(cb, None)
        while not done:
            pass
    """)
    assert lines(r) == ["schedule queue full", "schedule queue full 8"][1:]


def test_lesson_variant_queue_depth_one_is_selectable(run_fw):
    r = run_fw("""
        import micropython
        def cb(arg):
            try:
                micropython.schedule(print, 1)
                micropython.schedule(print, 2)
            except RuntimeError:
                print("second dropped")
        micropython.schedule(cb, None)
        for i in range(10):
            pass
    """, scheduler_depth=1)
    assert lines(r) == ["second dropped", "1"]


def test_scheduled_callbacks_run_only_at_branch_points_and_in_long_sleeps(run_fw):
    r = run_fw("""
        import micropython, time
        log = []
        micropython.schedule(log.append, "cb")
        log.append("straight")
        time.sleep_us(500)
        log.append("after busy sleep_us")
        if True:
            log.append("after branch")
        print(log)
    """)
    assert lines(r) == ["['straight', 'after busy sleep_us', 'cb', 'after branch']"]


def test_allocation_in_hard_handler_raises_and_disables_irq(run_fw):
    r = run_fw("""
        from machine import Pin
        import time
        d = 0
        def h(p):
            global d
            d = 100 / 58
        Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)
        time.sleep_ms(10)
        print("d", d)
    """, parts=[("src", "pulse", {"freq": "1ms", "start": "1ms"})], wires={"src": {"out": 15}},
        duration_ns=20_000_000)
    assert lines(r) == ["Uncaught exception in IRQ callback handler", "MemoryError: ", "d 0"]
    assert r.stats()["handlers"]["h"]["count"] == 1
    assert r.violations[0].code == "IRQ101" and r.violations[0].line == 7


def test_emergency_buffer_gives_the_full_message(run_fw):
    r = run_fw("""
        import micropython
        from machine import Pin
        import time
        micropython.alloc_emergency_exception_buf(100)
        def h(p):
            x = [1, 2]
        Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)
        time.sleep_ms(3)
    """, parts=[("src", "pulse", {"freq": "1ms", "start": "1ms"})], wires={"src": {"out": 15}},
        duration_ns=5_000_000)
    out = lines(r)
    assert out[0] == "Uncaught exception in IRQ callback handler"
    assert out[-1] == "MemoryError: memory allocation failed, heap is locked"
    assert '  File "main.py", line 7, in h' in out


def test_heap_lock_and_unlock(run_fw):
    r = run_fw("""
        import micropython
        micropython.heap_lock()
        micropython.heap_lock()
        try:
            x = [1]
        except MemoryError:
            print("MemoryError")
        print(micropython.heap_unlock())
        micropython.heap_unlock()
        print([2])
    """)
    assert lines(r) == ["MemoryError", "1", "[2]"]


def test_soft_irqs_are_dropped_silently_when_the_queue_is_full(run_fw):
    r = run_fw("""
        from machine import Pin
        import machine
        n = 0
        def h(p):
            global n
            n += 1
        Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING)
        t = 0
        while t < 3000:
            t += 1
        print(n)
    """, parts=[("src", "pulse", {"freq": "1us", "duty": "50%"})], wires={"src": {"out": 15}},
        duration_ns=2_000_000)
    st = r.stats()["sources"]["GP15"]
    assert st["lost"].get("queue", 0) > 0 and st["lost"].get("latch", 0) > 0
    assert r.sched_high_water == 8
    assert st["edges"] == st["handled"] + st["lost_total"] + st["pending_at_end"]


def test_time_pulse_us_measures_and_times_out(run_fw):
    r = run_fw("""
        from machine import Pin, time_pulse_us
        p = Pin(15, Pin.IN)
        print(time_pulse_us(p, 1, 50000))
        print(time_pulse_us(Pin(16, Pin.IN), 1, 100))
        print(time_pulse_us(Pin(17, Pin.IN, Pin.PULL_UP), 1, 100))
    """, parts=[("src", "pulse", {"freq": "10ms", "duty": "20%", "start": "1ms"})], wires={"src": {"out": 15}})
    assert lines(r) == ["2000", "-2", "-1"]


def test_budgets_report_measured_figures(run_fw):
    r = run_fw("""
        import machine, time
        from machine import Pin
        def slow(p):
            x = 0
            for i in range(400):
                x += i
        Pin(15, Pin.IN).irq(slow, Pin.IRQ_RISING, hard=True)
        s = machine.disable_irq()
        time.sleep_us(300)
        machine.enable_irq(s)
        time.sleep_ms(5)
    """, parts=[("src", "pulse", {"freq": "2ms", "start": "1ms"})], wires={"src": {"out": 15}},
        duration_ns=6_000_000)
    codes = {v.code: v for v in r.violations}
    assert codes["IRQ702"].severity == "warning" and "30" in codes["IRQ702"].message
    assert codes["IRQ701"].line == 4  # the handler's def line
    assert r.exit_code == 0 and r.strict_exit_code() == 1


def test_sleep_in_hard_handler_is_an_error(run_fw):
    r = run_fw("""
        import time
        from machine import Pin
        def h(p):
            time.sleep_ms(1)
        Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)
        time.sleep_ms(5)
    """, parts=[("src", "pulse", {"freq": "2ms", "start": "1ms"})], wires={"src": {"out": 15}},
        duration_ns=6_000_000)
    assert [(v.code, v.severity, v.line) for v in r.violations][0] == ("IRQ202", "error", 5)
    assert r.exit_code == 1
