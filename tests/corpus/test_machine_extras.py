"""Gaps the corpus found outside the filesystem: _thread, WDT, RTC, time.time, mem32,
bootloader, select/stdin, gc.threshold, boot.py. Behaviour cited per test."""

from __future__ import annotations

from tests.corpus.conftest import texts


def test_thread_locks_work_single_core(run_json, write_fw):
    # extmod/modthread.c: locks usable without threads; release() unlocked -> RuntimeError()
    fw = write_fw("""
        import _thread
        lock = _thread.allocate_lock()
        with lock:
            print(lock.locked(), lock.acquire(0))
        print(lock.locked(), _thread.get_ident() > 0)
        try:
            lock.release()
        except RuntimeError as e:
            print("RuntimeError", e.args)
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["True False", "False True", "RuntimeError ()"]


def test_watchdog_not_fed_ends_the_run(run_json, write_fw):
    fw = write_fw("""
        from machine import WDT
        import time
        w = WDT(timeout=500)
        for i in range(3):
            w.feed()
            time.sleep_ms(300)
        print("stopped feeding")
        time.sleep_ms(2000)
        print("never")
    """)
    code, doc, _ = run_json(fw, "--duration", "3s")
    assert code == 1 and doc["end_reason"] == "watchdog"
    assert texts(doc) == ["stopped feeding"]
    assert 1_100_000_000 <= doc["end_ns"] < 1_100_100_000   # last feed at 0.6 s (+ call costs) + 500 ms
    assert [v["code"] for v in doc["violations"]] == ["WDT001"]


def test_watchdog_limits(run_json, write_fw):
    # ports/rp2/machine_wdt.c: WDT_TIMEOUT_MAX 16777 ms on RP2350; only WDT(0) exists
    fw = write_fw("""
        from machine import WDT
        for kw in ({"timeout": 20000}, {"id": 1}):
            try:
                WDT(**kw)
            except ValueError as e:
                print(e)
    """)
    assert texts(run_json(fw)[1]) == ["timeout exceeds 16777", "WDT(1) doesn't exist"]


def test_rtc_and_time_share_the_2021_clock(run_json, write_fw):
    # ports/rp2/main.c starts the AON timer at 2021-01-01; MICROPY_EPOCH_IS_1970 on rp2
    fw = write_fw("""
        import time
        from machine import RTC
        rtc = RTC()
        print(time.time(), rtc.datetime(), time.localtime())
        time.sleep(2)
        rtc.datetime((2024, 2, 29, 3, 23, 59, 58, 0))
        time.sleep(3)
        print(rtc.datetime(), time.gmtime()[:6], time.mktime(time.localtime()) - time.time())
    """)
    code, doc, _ = run_json(fw, "--duration", "6s")
    assert texts(doc) == ["1609459200 (2021, 1, 1, 4, 0, 0, 0, 0) (2021, 1, 1, 0, 0, 0, 4, 1)",
                          "(2024, 3, 1, 4, 0, 0, 1, 0) (2024, 3, 1, 0, 0, 1) 0"]


def test_register_access_is_a_named_error(run_json, write_fw):
    fw = write_fw("import machine\nx = 1\nv = machine.mem32[0x40014000]\n")
    code, doc, err = run_json(fw)
    assert code == 2
    assert err.splitlines()[0] == ("main.py:3: machine.mem32[0x40014000]: peripheral registers are not "
                                   "simulated by irqsim")


def test_bootloader_ends_the_run(run_json, write_fw):
    code, doc, _ = run_json(write_fw("import machine\nprint('bye')\nmachine.bootloader()\nprint('no')\n"))
    assert code == 0 and doc["end_reason"] == "bootloader"
    assert texts(doc) == ["bye", "machine.bootloader()"]


def test_select_poll_stdin_never_ready_and_uart(run_json, write_fw, tmp_path):
    write_fw("""
        import sys, select, time
        from machine import UART, Pin
        u = UART(0, 115200, tx=Pin(0), rx=Pin(1))
        p = select.poll()
        p.register(sys.stdin, select.POLLIN)
        p.register(u, select.POLLIN)
        print(p.poll(0))
        t0 = time.ticks_ms()
        ev = p.poll(100)
        print(time.ticks_ms() - t0, [e for o, e in ev], ev[0][0] is u, u.read())
        print(p.poll(5), time.ticks_ms() - t0)
        sys.stdin.read(1)
        print("unreachable")
    """, name="poller.py")
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema = 1\nfirmware = "poller.py"\nduration = "300ms"\n'
                        'wires = [["pc:tx", "GP1"], ["pc:rx", "GP0"]]\n'
                        '[[parts]]\nid = "pc"\ntype = "uart_peer"\n'
                        '[[stimuli]]\nat = "20ms"\npart = "pc"\naction = "send"\ndata = "k"\n')
    code, doc, _ = run_json(scenario)
    assert code == 0 and doc["end_reason"] == "duration"
    # read() waits timeout_char after the byte (mpy/uart.py), then poll(5) times out
    assert texts(doc) == ["[]", "20 [1] True b'k'", "[] 28"]


def test_gc_threshold_collects_early(run_json, write_fw):
    # py/modgc.c + py/gc.c: collect once `threshold` bytes were allocated since the last one
    fw = write_fw("""
        import gc
        print(gc.threshold())
        gc.threshold(4000)
        print(gc.threshold())
        junk = None
        for i in range(200):
            junk = [i, i, i, i, i, i, i, i]
        gc.threshold(-1)
        print(gc.threshold())
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["-1", "4000", "-1"]
    assert doc["stats"]["gc"]["collections"] >= 2


def test_boot_py_runs_before_main_py_in_the_same_globals(run_json, write_fw):
    # ports/rp2/main.c: pyexec_file_if_exists("boot.py") then "main.py", one __main__ namespace
    fw = write_fw("print('main', LED_PIN)\n", boot__py="LED_PIN = 25\nprint('boot')\n")
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["boot", "main 25"]
    assert [f["path"] for f in doc["fs"]["files"]] == ["/boot.py", "/main.py"]


def test_unstarted_coroutines_do_not_warn_after_the_run(run_json, write_fw):
    # asyncio.sleep() is not a coroutine on MicroPython: run_until_complete(sleep(...)) raises
    # TypeError("coroutine expected") after main() was made into a task that never started.
    import gc
    import warnings

    fw = write_fw("""
        import asyncio
        async def main():
            pass
        loop = asyncio.get_event_loop()
        loop.create_task(main())
        loop.run_until_complete(asyncio.sleep(0.2))
    """)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, doc, _ = run_json(fw)
        gc.collect()
    assert doc["firmware_error"]["message"] == "TypeError: coroutine expected"
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_viper_pointer_casts_and_asm_thumb(run_json, write_fw):
    fw = write_fw("""
        import micropython, array
        @micropython.viper
        def fill(buf, n: int):
            p = ptr32(buf)
            for i in range(n):
                p[i] = uint(i * 3)
        @micropython.viper
        def xor8(buf) -> int:
            p = ptr8(buf)
            x = 0
            for i in range(len(buf)):
                x ^= p[i]
            return x
        a = array.array("I", [0] * 4)
        fill(a, 4)
        print(list(a), xor8(bytearray(b"\\x01\\x02\\x04")))
    """)
    code, doc, err = run_json(fw)
    assert texts(doc) == ["[0, 3, 6, 9] 7"]
    fw = write_fw("""
        import micropython
        @micropython.asm_thumb
        def add1(r0):
            add(r0, r0, 1)
        print(add1(3))
    """)
    code, doc, err = run_json(fw)
    assert code == 2
    assert err.splitlines()[0] == ("main.py:6: @micropython.asm_thumb function add1(): inline assembler "
                                   "is not simulated by irqsim")


def test_input_prints_the_prompt_and_waits(run_json, write_fw):
    # py/modbuiltins.c input(); nobody types into a simulation: the run ends by duration
    fw = write_fw("""
        from machine import Timer
        n = 0
        def tick(t):
            global n
            n += 1
            if n == 3:
                print("ticks run while input() waits")
        Timer(period=10, callback=tick)
        name = input("name? ")
        print("never", name)
    """)
    code, doc, _ = run_json(fw, "--duration", "100ms")
    assert code == 0 and doc["end_reason"] == "duration"
    assert texts(doc) == ["name? ticks run while input() waits"]
