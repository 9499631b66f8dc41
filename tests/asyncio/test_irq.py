"""A Pin IRQ (hard or soft) sets a ThreadSafeFlag; the waiting task wakes, with a latency
read from the event log; runs are deterministic; a UART stream wakes a reading task."""

from __future__ import annotations

import pytest

from .conftest import lines

FIRMWARE = """
    import asyncio, time
    from machine import Pin

    flag = asyncio.ThreadSafeFlag()

    def on_edge(pin):
        flag.set()

    btn = Pin(16, Pin.IN, Pin.PULL_UP)
    btn.irq(trigger=Pin.IRQ_FALLING, handler=on_edge, hard=HARD)

    async def waiter():
        n = 0
        while True:
            await flag.wait()
            n += 1
            print("woke", n)

    async def busy():
        # another task keeps the loop running between its sleeps
        while True:
            await asyncio.sleep_ms(7)

    async def main():
        asyncio.create_task(waiter())
        await busy()

    asyncio.run(main())
    """

BUTTON = """
    wires = [["btn:pin", "GP16"]]

    [[parts]]
    id = "btn"
    type = "button"
    PRESSES
    """


def presses(*at_ms) -> str:
    return "".join(f'\n[[stimuli]]\nat = "{t}ms"\npart = "btn"\naction = "press"\nhold = "20ms"\n'
                   for t in at_ms)


def wake_latencies(result) -> list[int]:
    """ns from each handler's edge (ENTER cause_t) to the task's next print."""
    out, pending = [], None
    for rec in result.log.records():
        if rec[1] == "enter" and rec[2] == "on_edge":
            pending = rec[5]
        elif rec[1] == "print" and rec[2].startswith("woke") and pending is not None:
            out.append(rec[0] - pending)
            pending = None
    return out


@pytest.mark.parametrize("hard", [True, False])
def test_pin_irq_sets_flag_and_wakes_task(run_fw, hard):
    r = run_fw(FIRMWARE.replace("HARD", str(hard)), duration="400ms",
               extra=BUTTON.replace("PRESSES", presses(100, 203, 305)))
    assert r.firmware_error is None
    assert lines(r) == ["woke 1", "woke 2", "woke 3"]
    assert not [v for v in r.violations if v.severity == "error"]   # set() does not allocate
    kinds = {rec[3] for rec in r.log.records() if rec[1] == "enter" and rec[2] == "on_edge"}
    assert kinds == {"hard" if hard else "soft"}
    lat = wake_latencies(r)
    assert len(lat) == 3
    # handler + WFE wake + the scheduler's poll, queue and resume: tens of us, well under a
    # ms tick (the task is not woken by the next timer tick but by the flag)
    assert all(20_000 < ns < 400_000 for ns in lat), lat


def test_hard_handler_runs_at_the_edge_soft_one_later(run_fw):
    enter = {}
    for hard in (True, False):
        r = run_fw(FIRMWARE.replace("HARD", str(hard)), duration="150ms",
                   extra=BUTTON.replace("PRESSES", presses(100)))
        rec = next(rec for rec in r.log.records() if rec[1] == "enter" and rec[2] == "on_edge")
        enter[hard] = rec[0] - rec[5]
    assert 0 < enter[True] < enter[False]


def test_flag_set_many_times_wakes_once(run_fw):
    r = run_fw("""
        import asyncio, time
        from machine import Timer
        flag = asyncio.ThreadSafeFlag()
        hits = 0
        def tick(t):
            global hits
            hits += 1
            flag.set()
        async def main():
            Timer(period=1, callback=tick)     # 1 kHz: sets the flag while the task computes
            n = 0
            while n < 3:
                await flag.wait()
                n += 1
                time.sleep_ms(5)                 # blocks the loop: 5 sets, one pending flag
            print("wakes", n, "sets", hits)
        asyncio.run(main())
        """, duration="100ms")
    out = lines(r)
    assert out and out[0].startswith("wakes 3 sets ")
    assert int(out[0].split()[-1]) >= 12


def test_deterministic(run_fw):
    logs = []
    for _ in range(2):
        r = run_fw(FIRMWARE.replace("HARD", "True"), duration="300ms",
                   extra=BUTTON.replace("PRESSES", presses(50, 120, 250)))
        logs.append(list(r.log.records()))
    assert logs[0] == logs[1]
    assert len(logs[0]) > 50


def test_stream_reader_over_uart(run_fw):
    r = run_fw("""
        import asyncio, time
        from machine import UART
        uart = UART(0, 115200)
        async def reader():
            sr = asyncio.StreamReader(uart)
            sw = asyncio.StreamWriter(uart, {})
            while True:
                line = await sr.readline()
                print("line", line, time.ticks_ms())
                sw.write(b"ack " + line)
                await sw.drain()
        async def blink():
            while True:
                await asyncio.sleep_ms(3)
        async def main():
            asyncio.create_task(reader())
            await blink()
        asyncio.run(main())
        """, duration="60ms", extra="""
        wires = [["pc:tx", "GP1"], ["pc:rx", "GP0"]]

        [[parts]]
        id = "pc"
        type = "uart_peer"
        baud = 115200

        [[stimuli]]
        at = "10ms"
        part = "pc"
        action = "send_line"
        text = "hello"

        [[stimuli]]
        at = "30ms"
        part = "pc"
        action = "send_line"
        text = "again"
        """)
    assert r.firmware_error is None, r.firmware_error
    out = lines(r)
    assert [line.rsplit(" ", 1)[0] for line in out] == ["line b'hello\\n'", "line b'again\\n'"]
    # 6 characters at 115200 baud take ~0.52 ms: the line is complete before 11 ms
    assert int(out[0].rsplit(" ", 1)[1]) in (10, 11)
    assert r.parts["pc"]  # the peer's summary exists


def test_example_button_blink():
    from pathlib import Path

    from irqsim.sim import build

    root = Path(__file__).resolve().parents[2]
    r = build(root / "examples" / "asyncio" / "button_blink.toml").run()
    assert r.exit_code == 0
    assert r.expectations and all(e["passed"] for e in r.expectations)
    assert [line.split()[0] for line in lines(r)] == ["press", "release", "press", "release"]
    press_ms = int(lines(r)[0].split()[2])
    assert 120 <= press_ms <= 124   # 100 ms + bounce (<= 3 ms) + 20 ms quiet
