"""Tasks interleave in virtual time: sleep ordering, gather, wait_for, cancel, locks, events."""

from __future__ import annotations

import gc

from .conftest import lines


def test_sleep_ms_interleaves_on_the_ms_tick(run_fw):
    r = run_fw("""
        import asyncio, time

        async def worker(name, period_ms, n):
            for i in range(n):
                await asyncio.sleep_ms(period_ms)
                print(name, i, time.ticks_ms())

        async def main():
            asyncio.create_task(worker("a", 10, 3))
            await worker("b", 15, 2)
            await asyncio.sleep_ms(20)

        asyncio.run(main())
        print("done")
        """)
    assert r.firmware_error is None
    out = lines(r)
    # a wakes 10, 20, 30 ms after the start tick, b 15 and 30 ms after it; at 30 both are due
    # and b runs first: it queued its wake-up (at 15) before a did (at 20)
    names = [line.split()[0] for line in out[:-1]]
    assert names == ["a", "b", "a", "b", "a"]
    ticks = [int(line.split()[2]) for line in out[:-1]]
    assert [t - ticks[0] + 10 for t in ticks] == [10, 15, 20, 30, 30]
    assert out[-1] == "done"
    # a wake-up follows its ms boundary by the scheduler's own work only (tens of us)
    t_first = r.stdout[0][0]
    assert 0 < t_first % 1_000_000 < 200_000


def test_sleep_in_seconds_and_zero(run_fw):
    r = run_fw("""
        import asyncio, time
        order = []
        async def a():
            order.append("a1"); await asyncio.sleep(0); order.append("a2")
        async def b():
            order.append("b1"); await asyncio.sleep(0); order.append("b2")
        async def main():
            t0 = time.ticks_ms()
            await asyncio.gather(a(), b())
            await asyncio.sleep(0.25)
            print(order, time.ticks_diff(time.ticks_ms(), t0))
        asyncio.run(main())
        """)
    out = lines(r)
    assert out[0].startswith("['a1', 'b1', 'a2', 'b2'] ")
    assert 250 <= int(out[0].split()[-1]) <= 251


def test_gather_results_and_exceptions(run_fw):
    r = run_fw("""
        import asyncio

        async def value(v, ms):
            await asyncio.sleep_ms(ms)
            return v

        async def boom(ms):
            await asyncio.sleep_ms(ms)
            raise ValueError("boom")

        async def main():
            print(await asyncio.gather(value(1, 30), value(2, 10), value(3, 20)))
            res = await asyncio.gather(value(1, 5), boom(1), return_exceptions=True)
            print(res[0], type(res[1]).__name__, res[1])
            try:
                await asyncio.gather(value(1, 50), boom(3))
            except ValueError as e:
                print("raised", e)
            print(await asyncio.gather())

        asyncio.run(main())
        """)
    assert r.firmware_error is None, r.firmware_error
    assert lines(r) == ["[1, 2, 3]", "1 ValueError boom", "raised boom", "[]"]


def test_wait_for_timeout_and_result(run_fw):
    r = run_fw("""
        import asyncio, time

        async def slow(ms, v):
            try:
                await asyncio.sleep_ms(ms)
            except asyncio.CancelledError:
                print("slow cancelled", time.ticks_ms())
                raise
            return v

        async def main():
            t0 = time.ticks_ms()
            try:
                await asyncio.wait_for_ms(slow(100, "x"), 30)
            except asyncio.TimeoutError:
                print("timeout after", time.ticks_diff(time.ticks_ms(), t0))
            print("got", await asyncio.wait_for(slow(10, "y"), 1))
            print("none", await asyncio.wait_for(slow(5, "z"), None))
            await asyncio.sleep_ms(200)   # the cancelled timer must not fire later

        asyncio.run(main())
        """)
    out = lines(r)
    assert out[0].startswith("slow cancelled ")
    assert out[1].startswith("timeout after ")
    assert 30 <= int(out[1].split()[-1]) <= 31
    assert out[2:] == ["got y", "none z"]


def test_cancel_runs_finally_and_reports(run_fw):
    r = run_fw("""
        import asyncio, time

        async def forever():
            try:
                while True:
                    await asyncio.sleep_ms(5)
            finally:
                print("cleanup", time.ticks_ms())

        async def main():
            t = asyncio.create_task(forever())
            await asyncio.sleep_ms(12)
            print("cancel", t.cancel(), t.done())
            try:
                await t
            except asyncio.CancelledError:
                print("cancelled", t.done(), t.cancel())
            try:
                asyncio.current_task().cancel()
            except RuntimeError as e:
                print("self", e)

        asyncio.run(main())
        """)
    out = lines(r)
    assert out[0] == "cancel True False"
    assert out[1].startswith("cleanup ")
    # cancelling a sleeping task wakes it at once, not at its next 5 ms tick
    assert int(out[1].split()[1]) in (12, 13)
    assert out[2:] == ["cancelled True False", "self can't cancel self"]


def test_bare_except_catches_cancelled_error(run_fw):
    r = run_fw("""
        import asyncio
        async def stubborn():
            try:
                await asyncio.sleep(10)
            except:
                print("caught")
            return 7
        async def main():
            t = asyncio.create_task(stubborn())
            await asyncio.sleep_ms(1)
            t.cancel()
            print(await t)
        asyncio.run(main())
        """)
    assert lines(r) == ["caught", "7"]


def test_lock_and_event(run_fw):
    r = run_fw("""
        import asyncio
        lock = asyncio.Lock()
        ev = asyncio.Event()
        log = []

        async def user(name):
            await ev.wait()
            async with lock:
                log.append(name + "+")
                await asyncio.sleep_ms(10)
                log.append(name + "-")

        async def main():
            ts = [asyncio.create_task(user(n)) for n in "abc"]
            await asyncio.sleep_ms(5)
            print("set", ev.is_set(), lock.locked())
            ev.set()
            await asyncio.gather(*ts)
            print(log, lock.locked())
            try:
                lock.release()
            except RuntimeError as e:
                print(e)

        asyncio.run(main())
        """)
    assert lines(r) == ["set False False", "['a+', 'a-', 'b+', 'b-', 'c+', 'c-'] False",
                        "Lock not acquired"]


def test_uncaught_task_exception_is_reported_with_library_frames(run_fw):
    r = run_fw("""
        import asyncio
        async def bad():
            raise ValueError("oops")
        async def main():
            asyncio.create_task(bad())
            await asyncio.sleep_ms(10)
            print("main goes on")
            await bad()
        asyncio.run(main())
        """)
    out = lines(r)
    assert out[0] == "Task exception wasn't retrieved"
    assert out[1] == "future: <Task> coro= <generator object 'bad'>"
    assert "main goes on" in out
    assert r.firmware_error is not None
    tb = r.firmware_error.traceback_text
    assert 'File "asyncio/core.py"' in tb and 'File "main.py", line 4, in bad' in tb
    assert "/irqsim/" not in tb   # library frames have short names


def test_loop_api(run_fw):
    r = run_fw("""
        import uasyncio as asyncio
        import asyncio as same

        async def tick(loop):
            for i in range(3):
                await asyncio.sleep_ms(10)
                print("tick", i, asyncio.current_task() is not None)
            loop.stop()

        async def answer():
            await asyncio.sleep_ms(1)
            return 42

        print(asyncio is same)
        loop = asyncio.get_event_loop()
        loop.create_task(tick(loop))
        loop.run_forever()
        print("stopped")
        print(loop.run_until_complete(answer()))
        loop = asyncio.new_event_loop()
        print(loop.run_until_complete(loop.create_task(answer())))
        loop.close()
        try:
            asyncio.current_task()
        except RuntimeError as e:
            print(e)
        """)
    assert lines(r) == ["True", "tick 0 True", "tick 1 True", "tick 2 True", "stopped", "42", "42",
                        "no running event loop"]


def test_run_ends_at_scenario_duration_without_warnings(run_fw):
    r = run_fw("""
        import asyncio, time
        async def later():
            print("never")
        async def main():
            await asyncio.sleep_ms(45)
            asyncio.create_task(later())   # queued just before the end: never started
            time.sleep_ms(20)              # blocks the loop past the end of the run
        asyncio.run(main())
        """, duration="50ms")
    assert r.end_reason == "duration"
    assert r.end_ns == 50_000_000
    assert r.firmware_error is None
    assert "never" not in lines(r)
    del r
    gc.collect()   # a never-started coroutine would warn here (filterwarnings=error)


def test_firmware_local_asyncio_wins(run_fw):
    r = run_fw("""
        import asyncio
        print(asyncio.MINE)
        """, files={"asyncio.py": "MINE = 'local'\n"})
    assert lines(r) == ["local"]


def test_asyncio_allowed_under_grading_confinement(run_fw, monkeypatch):
    from irqsim.mpy import confine

    monkeypatch.setattr(confine, "STRICT", True)
    r = run_fw("""
        import asyncio
        async def main():
            await asyncio.sleep_ms(1)
            return "ok"
        print(asyncio.run(main()))
        """)
    assert lines(r) == ["ok"]
