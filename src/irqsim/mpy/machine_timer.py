"""``machine.Timer`` for the rp2 port: one-shot and periodic software timers.

ports/rp2/machine_timer.c runs them from the pico-sdk alarm pool, re-arming each expiry at
target + period (no drift from handler latency). Split from machine.py: the timer's kernel
events, its interrupt vector and the class are one concept of their own.
"""

from __future__ import annotations

from ..trace.log import Kind
from .machine_args import TIMER_ARGS as _TIMER_ARGS
from .machine_args import as_int as _int
from .machine_args import check_args as _check_args
from .machine_args import handler_name as _handler_name

TIMER_VECTOR = "TIMER0_IRQ_3"  # pico-sdk default alarm pool uses hardware alarm 3


def make_timer(port) -> type:
    """Register the timer vector and return the ``Timer`` class bound to this run."""
    cpu = port.cpu
    system = port.system
    kernel = system.kernel
    log = port.log
    timing = system.timing
    ns = port.call_ns
    due_timers: list = []

    def timer_fire(timer, gen):
        if timer._gen != gen:
            return
        due_timers.append((timer, gen))
        if timer._callback is not None:
            # an expiry is this source's "edge": edges = handled + lost holds for timers too
            log.append((kernel.now_ns, Kind.EDGE, "Timer", 0))
        system.nvic.pend(TIMER_VECTOR)

    def timer_isr():
        while due_timers:
            timer, gen = due_timers.pop(0)
            if timer._gen != gen:
                continue
            cpu._busy(timing.timer_isr_ns)
            target = timer._target
            callback = timer._callback
            keep = True
            if callback is not None:
                name = _handler_name(callback, "Timer")
                if timer._hard:
                    cpu._busy(timing.hard_dispatch_ns)
                    keep = cpu.run_hard(callback, timer, name, "Timer", target)
                    cpu._busy(timing.hard_return_ns)
                else:
                    if not cpu.schedule(callback, timer, kind="soft", name=name, source="Timer", cause_t=target):
                        log.append((cpu.now(), Kind.LOST, "Timer", "queue"))
            if timer._gen != gen:
                continue  # the callback re-initialised or stopped the timer
            if keep and timer._mode == Timer.PERIODIC:
                timer._target = target + timer._delta_ns
                timer._event = kernel.schedule_at(max(timer._target, kernel.now_ns), timer_fire, timer, gen)
            else:
                timer._event = None

    system.nvic.add(TIMER_VECTOR, timer_isr)

    class Timer:
        ONE_SHOT = 0
        PERIODIC = 1

        def __init__(self, id=-1, *args, **kwargs):
            cpu.charge(ns["timer_init"])
            if isinstance(id, bool) or not isinstance(id, int):
                raise TypeError("can't convert %s to int" % type(id).__name__)
            if id != -1:
                raise ValueError("Timer doesn't exist")
            self._gen = 0
            self._event = None
            self._mode = Timer.PERIODIC
            self._delta_ns = 0
            self._callback = None
            self._hard = False
            self._target = 0
            if args or kwargs:
                _check_args(args, kwargs, 0, _TIMER_ARGS)
                self._init(**kwargs)

        def init(self, *args, **kwargs):
            _check_args(args, kwargs, 0, _TIMER_ARGS)
            cpu.charge(ns["timer_init"])
            self._init(**kwargs)

        def _init(self, mode=1, callback=None, period=0xFFFFFFFF, tick_hz=1000, freq=None, hard=False):
            self.deinit()
            self._mode = _int(mode)
            if freq is not None:
                delta_us = int(1_000_000.0 / float(freq))
            else:
                delta_us = _int(period) * 1_000_000 // _int(tick_hz)
            delta_us = max(delta_us, 1)
            self._delta_ns = delta_us * 1000
            self._callback = callback
            self._hard = bool(hard)
            now = cpu.sync()
            self._target = now + self._delta_ns
            self._gen += 1
            self._event = kernel.schedule_at(self._target, timer_fire, self, self._gen)
            if callback is not None:
                port.irq_objects.append(("timer", "Timer", callback, self._hard))

        def deinit(self):
            self._gen += 1
            if self._event is not None:
                self._event.cancel()
                self._event = None

        def __repr__(self):
            mode = "ONE_SHOT" if self._mode == Timer.ONE_SHOT else "PERIODIC"
            return f"Timer(mode={mode}, tick_hz=1000000, period={self._delta_ns // 1000})"
    return Timer
