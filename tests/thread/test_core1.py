"""Core 1 (``_thread.start_new_thread``): interleaving with core 0, locks, sleeps, IRQs, the end.

rp2 facts under test: ports/rp2/mpthreadport.c (one thread on core 1, "core1 in use",
get_ident = core + 1), py/scheduler.c (callbacks run on the main thread only).
"""

from __future__ import annotations

import textwrap

from irqsim.sim import build

RMW = """
    import _thread, time
    count = 0
    lock = _thread.allocate_lock()
    done = []

    def bump(n, work):
        global count
        for i in range(n):
            {acquire}
            v = count
            count = v + 1
            {release}
            if work:
                w = i * 3   # core 1 does a little more per pass: the cores drift in phase

    def core1():
        bump(500, True)
        done.append(1)

    _thread.start_new_thread(core1, ())
    bump(500, False)
    while not done:
        time.sleep_ms(1)
    print("count", count)
"""


def _run(tmp_path, source: str, duration: str = "200ms", toml: str | None = None):
    fw = tmp_path / "main.py"
    fw.write_text(textwrap.dedent(source))
    target = fw
    if toml is not None:
        target = tmp_path / "s.toml"
        target.write_text(textwrap.dedent(toml))
    sim = build(target, overrides={"duration": duration})
    return sim, sim.run()


def _lines(result) -> list[str]:
    return [line for _, line in result.stdout]


def test_lock_prevents_lost_updates(tmp_path):
    _, r = _run(tmp_path, RMW.format(acquire="lock.acquire()", release="lock.release()"))
    assert r.firmware_error is None
    assert _lines(r) == ["count 1000"]


def test_unlocked_read_modify_write_loses_updates_deterministically(tmp_path):
    src = RMW.format(acquire="pass", release="pass")
    _, r1 = _run(tmp_path, src)
    _, r2 = _run(tmp_path, src)
    (line,) = _lines(r1)
    assert _lines(r2) == [line]                    # same inputs -> same interleaving
    lost = 1000 - int(line.split()[1])
    assert lost > 0                                # both cores run at once: updates are lost


def test_core1_sleeps_while_core0_prints(tmp_path):
    sim, r = _run(tmp_path, """
        import _thread, time
        def core1():
            for i in range(3):
                print("c1", _thread.get_ident())
                time.sleep_ms(30)
        _thread.start_new_thread(core1, ())
        for i in range(5):
            print("c0", _thread.get_ident(), time.ticks_ms())
            time.sleep_ms(20)
    """)
    out = [(t // 1_000_000, line) for t, line in r.stdout]
    assert [line for _, line in out if line.startswith("c1")] == ["c1 2"] * 3
    assert [line for _, line in out if line.startswith("c0")] == [f"c0 1 {ms}" for ms in (0, 20, 40, 60, 80)]
    assert [t for t, line in out if line.startswith("c1")] == [0, 30, 60]   # core 1 keeps its own clock
    assert r.end_reason == "duration"


def test_second_start_is_core1_in_use_and_free_again_after_return(tmp_path):
    _, r = _run(tmp_path, """
        import _thread, time
        def short():
            pass
        def long():
            time.sleep_ms(50)
        _thread.start_new_thread(long, ())
        try:
            _thread.start_new_thread(long, ())
        except OSError as e:
            print("OSError", e)
        time.sleep_ms(60)
        print(_thread.start_new_thread(short, ()))
    """)
    assert _lines(r) == ["OSError core1 in use", "2"]


def test_soft_irq_runs_on_core0_while_core1_busy_loops(tmp_path):
    _, r = _run(tmp_path, """
        import _thread, time
        from machine import Pin
        edges = 0
        who = set()
        spins = 0
        def cb(pin):
            global edges
            edges += 1
            who.add(_thread.get_ident())
        def core1():
            global spins
            while True:
                spins += 1
        Pin(12, Pin.IN).irq(cb, Pin.IRQ_RISING)
        _thread.start_new_thread(core1, ())
        time.sleep_ms(95)
        print(edges, sorted(who), spins > 1000)
    """, duration="100ms", toml="""
        schema = 1
        board = "pico2"
        firmware = "main.py"
        duration = "100ms"
        wires = [["clk:out", "GP12"]]
        [[parts]]
        id = "clk"
        type = "pulse"
        freq = "1kHz"
        duty = "50%"
    """)
    assert r.firmware_error is None
    (line,) = _lines(r)
    edges, rest = line.split(" ", 1)
    assert 90 <= int(edges) <= 96 and rest == "[1] True"


def test_run_ends_at_duration_with_core1_in_while_true(tmp_path):
    sim, r = _run(tmp_path, """
        import _thread
        n = 0
        def core1():
            global n
            try:
                while True:
                    n += 1
            finally:
                pass
        _thread.start_new_thread(core1, ())
        print("main returns")
    """, duration="20ms")
    assert r.end_reason == "duration" and r.end_ns == 20_000_000
    assert _lines(r) == ["main returns"]
    assert sim.port.core1.g.dead                   # core 1's frames were unwound at the end
    assert sim.port.core1.t_ns <= 20_000_000 + 10_000


def test_unhandled_exception_in_thread_is_printed_and_core0_continues(tmp_path):
    _, r = _run(tmp_path, """
        import _thread, time
        def core1():
            raise ValueError("boom")
        _thread.start_new_thread(core1, ())
        time.sleep_ms(5)
        print("alive")
    """)
    text = _lines(r)
    assert text[0] == "Unhandled exception in thread started by <function core1 at 0x2000a0c0>"
    assert text[-2:] == ["ValueError: boom", "alive"]
    assert r.firmware_error is None
