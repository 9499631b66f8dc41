"""``time``/``utime`` for rp2: ticks with MicroPython's 2**30 wrap, sleeps that run callbacks.

extmod/modtime.c (ticks_*), ports/rp2/mphalport.c (mp_hal_delay_ms / mp_hal_delay_us).
"""

from __future__ import annotations

from types import ModuleType

from .machine_args import as_int as _int

TICKS_PERIOD = 1 << 30
TICKS_MAX = TICKS_PERIOD - 1
TICKS_HALFPERIOD = TICKS_PERIOD >> 1
# rp2: MICROPY_EPOCH_IS_1970 (ports/rp2/mpconfigport.h), and the RTC starts at 2021-01-01
# 00:00:00 on boot (ports/rp2/main.c: timeutils_seconds_since_epoch(2021, 1, 1, 0, 0, 0)).
RTC_START_S = 1_609_459_200


def build(port) -> ModuleType:
    cpu = port.cpu
    ns = port.call_ns
    ticks_ns = ns["ticks"]
    math_ns = ns["ticks_math"]
    sleep_ns = ns["sleep_call"]
    mod = ModuleType("time")
    if not hasattr(port, "rtc_base_s"):
        port.rtc_base_s = RTC_START_S   # machine.RTC().datetime(...) moves it (machine_extra.py)
    B = cpu.B

    # ticks_ms/us and ticks_diff/add run every main-loop pass: cpu.charge() is inlined
    # (``B.n = b = B.n - ns; if b < 0``: no re-read, as instrumented function lines do)
    # unless a declared-C-cost handler runs (cpu.free: charges go nowhere).
    def _ticks(divisor):
        # One body for ticks_ms and ticks_us, made twice so the hot path pays no extra call.
        def read():
            if cpu.free:
                cpu.charge(ticks_ns)
            else:
                B.n = b = B.n - ticks_ns
                if b < 0:
                    cpu.catch_up()
            t = cpu.t_next - B.n
            if cpu.depth:
                port.note_handler_stamp(t)
            elif port.pending_stamp is not None:
                port.note_reaction(t)
            return (t // divisor) & TICKS_MAX
        return read

    ticks_ms = _ticks(1_000_000)
    ticks_us = _ticks(1_000)
    ticks_ms.__name__ = ticks_ms.__qualname__ = "ticks_ms"
    ticks_us.__name__ = ticks_us.__qualname__ = "ticks_us"

    def ticks_cpu():
        # On Arm rp2, ticks_cpu counts microseconds (ports/rp2/mphalport.h).
        cpu.charge(ticks_ns)
        return (cpu.now() // 1_000) & TICKS_MAX

    def ticks_diff(end, start):
        if cpu.free:
            cpu.charge(math_ns)
        else:
            B.n = b = B.n - math_ns
            if b < 0:
                cpu.catch_up()
        if type(end) is not int or type(start) is not int:
            end, start = _int(end), _int(start)
        return ((end - start + TICKS_HALFPERIOD) & TICKS_MAX) - TICKS_HALFPERIOD

    def ticks_add(ticks, delta):
        if cpu.free:
            cpu.charge(math_ns)
        else:
            B.n = b = B.n - math_ns
            if b < 0:
                cpu.catch_up()
        if type(ticks) is not int or type(delta) is not int:
            ticks, delta = _int(ticks), _int(delta)
        if not -TICKS_HALFPERIOD < delta < TICKS_HALFPERIOD:
            raise OverflowError("ticks interval overflow")
        return (ticks + delta) & TICKS_MAX

    def in_handler(what):
        if cpu.depth:
            if cpu.hard_depth:
                port.violation("IRQ202", f"{what} in a hard interrupt handler blocks the CPU and every "
                               "interrupt of equal or lower priority", severity="error")
            else:
                port.violation("IRQ202", f"{what} in a scheduled handler stalls the main loop and every "
                               "other scheduled callback", severity="warning")

    def sleep_ms(n):
        in_handler("time.sleep_ms()")
        cpu.charge(sleep_ns)
        n = _int(n)
        if n <= 0:
            cpu.wait_until(cpu.now(), run_callbacks=True, idle=False)
            return
        _delay_ms(n)

    def _delay_ms(n):
        # mp_hal_delay_ms: returns once the ms tick has advanced n times, so the real
        # duration is in (n-1, n] ms; each wake-up runs at most one scheduled callback.
        start_tick = cpu.now() // 1_000_000
        cpu.wait_until((start_tick + n) * 1_000_000, run_callbacks=True, idle=True)

    def sleep_us(n):
        if n > 50:
            in_handler("time.sleep_us()")
        cpu.charge(sleep_ns)
        n = _int(n)
        if n <= 0:
            return
        end = (cpu.now() // 1000 + n) * 1000
        if n > 1000:
            _delay_ms(n // 1000)
        # busy-wait: only hard interrupts run here
        cpu.wait_until(end, run_callbacks=False, idle=False)

    def sleep(seconds):
        in_handler("time.sleep()")
        cpu.charge(sleep_ns)
        if isinstance(seconds, float):
            ms = int(seconds * 1000)
        else:
            ms = _int(seconds) * 1000
        if ms > 0:
            _delay_ms(ms)

    def time_():
        cpu.charge(ticks_ns)
        return port.rtc_base_s + cpu.now() // 1_000_000_000

    def time_ns():
        cpu.charge(ticks_ns)
        return (port.rtc_base_s * 1_000_000_000) + cpu.now()

    def gmtime(secs=None):
        import time as host_time

        if secs is None:
            secs = port.rtc_base_s + cpu.now() // 1_000_000_000
        t = host_time.gmtime(_int(secs))
        # extmod/modtime.c: (year, month, mday, hour, minute, second, weekday 0=Mon, yearday 1..366)
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday)

    def mktime(tup):
        import calendar

        if len(tup) not in (8, 9):
            raise TypeError("mktime needs a tuple of length 8 or 9 (%d given)" % len(tup))
        return calendar.timegm((*tup[:6], 0, 0, 0))

    mod.ticks_ms = ticks_ms
    mod.ticks_us = ticks_us
    mod.ticks_cpu = ticks_cpu
    mod.ticks_diff = ticks_diff
    mod.ticks_add = ticks_add
    mod.sleep = sleep
    mod.sleep_ms = sleep_ms
    mod.sleep_us = sleep_us
    mod.time = time_
    mod.time_ns = time_ns
    mod.gmtime = gmtime
    mod.localtime = gmtime
    mod.mktime = mktime
    return mod
