"""``machine`` for the rp2 port: Pin, Timer, disable_irq/enable_irq, time_pulse_us, freq.

Behaviour and messages follow ports/rp2/machine_pin.c, machine_timer.c, modmachine.c and
extmod/machine_pulse.c (MicroPython v1.29 preview); see design/MICROPYTHON.md.
"""

from __future__ import annotations

from types import ModuleType

from ..hw.gpio import EDGE_FALL, EDGE_RISE, FUNC_SIO
from ..trace.log import Kind
from .gpio_fast import install as install_gpio_fast
from .irq import MpIrq

# machine_pin_print names a pin's function by its af (ports/rp2/boards/rp2350_af.csv through
# make-pins.py: "PWM0_A" -> PWM, PIO keeps its unit, AF11 is UART_AUX)
_AF_NAMES = {1: "SPI", 2: "UART", 3: "I2C", 4: "PWM", 6: "PIO0", 7: "PIO1", 8: "PIO2", 11: "UART_AUX"}
TIMER_VECTOR = "TIMER0_IRQ_3"  # pico-sdk default alarm pool uses hardware alarm 3
LED_GPIO = 25


def build(port) -> ModuleType:
    cpu = port.cpu
    system = port.system
    gpio = system.gpio
    kernel = system.kernel
    log = port.log
    timing = system.timing
    ns = port.call_ns
    n_gpio = system.board.gpio_count
    n_funcsel = 12 if "2350" in str(system.board.chip) else 10
    mod = ModuleType("machine")

    class Pin:
        IN = 0
        OUT = 1
        OPEN_DRAIN = 2
        ALT = 3
        PULL_UP = 1
        PULL_DOWN = 2
        IRQ_FALLING = EDGE_FALL
        IRQ_RISING = EDGE_RISE
        ALT_SPI = 1
        ALT_UART = 2
        ALT_I2C = 3
        ALT_PWM = 4
        ALT_SIO = 5
        ALT_PIO0 = 6
        ALT_PIO1 = 7
        ALT_GPCK = 8
        ALT_USB = 9

        _table: dict = {}

        def __new__(cls, id, *args, **kwargs):
            num = _pin_number(id)
            self = cls._table.get(num)
            if self is None:
                self = object.__new__(cls)
                self._num = num
                self._irq = None
                cls._table[num] = self
            return self

        def __init__(self, id, *args, **kwargs):
            cpu.charge(ns["pin_init"])
            if args or kwargs:
                _check_args(args, kwargs, 2, ("mode", "pull", "value", "alt"))
                self._init(*args, **kwargs)

        def _init(self, mode=None, pull=None, *, value=None, alt=None):
            p = gpio.pin(self._num)
            cpu.sync()
            if pull is not None and not isinstance(pull, int):
                raise TypeError("can't convert %s to int" % type(pull).__name__)
            if mode is not None:
                mode = _int(mode)
                # the mp_hal_pin_* helpers end in gpio_set_function(SIO) (ports/rp2/mphalport.h)
                if mode == Pin.IN:
                    gpio.select_sio(self._num, False)
                elif mode == Pin.OUT:
                    if value is not None:
                        p.sio_out = 1 if value else 0   # gpio_put before mp_hal_pin_output
                    gpio.select_sio(self._num, True)
                elif mode == Pin.OPEN_DRAIN:
                    p.sio_out = 1 if value is None else (1 if value else 0)
                    gpio.select_sio(self._num, True, open_drain=True)
                else:
                    if alt is None or alt not in range(0, n_funcsel):
                        raise ValueError("invalid pin af: %d" % (alt if alt is not None else 0))
                    # gpio_set_function(af) + GPIO_DISABLE_OPEN_DRAIN. irqsim attaches no
                    # peripheral here: the pad is undriven until one (PWM(), UART() ...) takes it
                    p.sio_od = False
                    if alt == FUNC_SIO:
                        gpio.select_sio(self._num, p.sio_oe)
                    else:
                        p.func = alt
                        p.is_output = p.open_drain = False
            pull = 0 if pull is None else pull
            p.pull = 1 if pull & Pin.PULL_UP else (0 if pull & Pin.PULL_DOWN else None)
            p.pull_bits = pull
            gpio.update(self._num, "fw")

        def init(self, *args, **kwargs):
            cpu.charge(ns["pin_init"])
            _check_args(args, kwargs, 2, ("mode", "pull", "value", "alt"))
            self._init(*args, **kwargs)

        def value(self, *args):
            if len(args) > 1:
                raise TypeError("function takes 1 positional arguments but %d were given" % (len(args) + 1))
            if not args:
                cpu.charge(ns["pin_read"])
                cpu.sync()
                return gpio.pin(self._num).level
            cpu.charge(ns["pin_write_pre"])
            cpu.sync()
            gpio.set_output(self._num, 1 if args[0] else 0)
            cpu.charge(ns["pin_write_post"])
            return None

        __call__ = value

        def _write(self, level):
            cpu.charge(ns["pin_write_pre"])
            cpu.sync()
            gpio.set_output(self._num, level)
            cpu.charge(ns["pin_write_post"])

        def on(self):
            self._write(1)

        def off(self):
            self._write(0)

        high = on
        low = off

        def toggle(self):
            cpu.charge(ns["pin_toggle_pre"])
            cpu.sync()
            p = gpio.pin(self._num)
            gpio.set_output(self._num, 0 if p.sio_out else 1)   # gpio_xor_mask64: SIO's latch
            cpu.charge(ns["pin_toggle_post"])

        def irq(self, *args, **kwargs):
            """pin.irq(handler=None, trigger=IRQ_FALLING|IRQ_RISING, hard=False)"""
            cpu.charge(ns["irq_config"])
            if self._irq is None:
                self._irq = MpIrq(self, lambda mask: self._set_irq(self._irq.handler, mask, self._irq.hard))
            if args or kwargs:
                extra = set(kwargs) - {"handler", "trigger", "hard"}
                if extra or len(args) > 3:
                    raise TypeError("extra keyword arguments given" if extra else
                                    "function takes 4 positional arguments but %d were given" % (len(args) + 1))
                names = ("handler", "trigger", "hard")
                values = dict(zip(names, args))
                for k, v in kwargs.items():
                    if k in values:
                        raise TypeError("argument '%s' given twice" % k)  # pragma: no cover - rare
                    values[k] = v
                handler = values.get("handler")
                trigger = _int(values.get("trigger", EDGE_FALL | EDGE_RISE))
                hard = bool(values.get("hard", False))
                if handler is not None and not callable(handler):
                    raise TypeError("'%s' object isn't callable" % type(handler).__name__)
                self._set_irq(handler, trigger, hard)
            return self._irq

        def _set_irq(self, handler, trigger, hard):
            irq = self._irq
            p = gpio.pin(self._num)
            p.trigger = 0
            p.latch = 0
            gpio.latched_pins.discard(self._num)
            irq.handler = handler
            irq.hard = hard
            irq._flags = 0
            irq.trigger_mask = trigger
            irq.name = _handler_name(handler, f"GP{self._num}")
            if handler is not None and trigger:
                p.trigger = trigger & (EDGE_FALL | EDGE_RISE)
                port.irq_objects.append(("pin", f"GP{self._num}", handler, hard))

        def __repr__(self):
            p = gpio.pin(self._num)
            sio = p.func == FUNC_SIO
            if sio:
                mode = "OPEN_DRAIN" if p.sio_od else ("OUT" if p.sio_oe else "IN")
            else:
                mode = "ALT"
            text = f"Pin(GPIO{self._num}, mode={mode}"
            bits = getattr(p, "pull_bits", 0) or 0
            if bits & 1:
                text += ", pull=PULL_UP"
                if bits & 2:
                    text += "|PULL_DOWN"
            elif bits & 2:
                text += ", pull=PULL_DOWN"
            if not sio:   # the af's name (boards/make-pins.py), else the number (NULL: 31)
                text += ", alt=" + _AF_NAMES.get(p.func, str(p.func))
            return text + ")"

        __str__ = __repr__

    def _pin_number(id):
        if isinstance(id, Pin):
            return id._num
        if isinstance(id, str):
            name = id.upper()
            if name == "LED":
                return LED_GPIO
            if name.startswith("GPIO") and name[4:].isdigit():
                num = int(name[4:])
            elif name.startswith("GP") and name[2:].isdigit():
                num = int(name[2:])
            else:
                raise ValueError('unknown named pin "%s"' % id)
            if num < n_gpio:
                return num
            raise ValueError('unknown named pin "%s"' % id)
        if isinstance(id, bool) or not isinstance(id, int):
            raise TypeError("can't convert %s to int" % type(id).__name__)
        if 0 <= id < n_gpio:
            return id
        raise ValueError("invalid pin")

    # FUNCSEL numbers differ by chip (pico-sdk hardware/regs/io_bank0.h; ports/rp2/machine_pin.c
    # exposes them as Pin.ALT_*): the RP2350 adds PIO2 at 8 and moves GPCK/USB up.
    if "2350" in str(system.board.chip):
        Pin.ALT_PIO2, Pin.ALT_GPCK, Pin.ALT_USB = 8, 9, 10
        Pin.ALT_HSTX, Pin.ALT_XIP_CS1, Pin.ALT_CORESIGHT_TRACE, Pin.ALT_UART_AUX = 0, 9, 9, 11

    from .machine_extra import add_pin_names

    add_pin_names(Pin, n_gpio, LED_GPIO)   # Pin.board.GP3, Pin.board.LED, Pin.cpu.GPIO3

    # -- the GPIO interrupt (ports/rp2/machine_pin.c gpio_irq) ------------------------------
    B = cpu.B
    pin_table = Pin._table
    latched_pins = gpio.latched_pins
    gpio_pins = gpio.pins
    gpio_names = gpio.names

    def gpio_isr():
        # Runs once per edge: locals instead of attribute chains, _busy and
        # gpio.acknowledge inlined, cpu.schedule called positionally.
        for num in (sorted(latched_pins) if len(latched_pins) > 1 else list(latched_pins)):  # gpio.latched()
            p = gpio_pins[num]  # events, edge_t = gpio.acknowledge(num), inlined
            events = p.latch
            if events == EDGE_RISE:
                edge_t = p.edge_t[EDGE_RISE]
            elif events == EDGE_FALL:
                edge_t = p.edge_t[EDGE_FALL]
            elif events:
                edge_t = min(p.edge_t[EDGE_RISE], p.edge_t[EDGE_FALL])
            else:
                edge_t = -1
            p.latch = 0
            latched_pins.discard(num)
            pin = pin_table.get(num)
            irq = pin._irq if pin is not None else None
            if irq is None or not (events & irq.trigger_mask) or irq.handler is None:
                continue
            irq._flags = events & irq.trigger_mask
            source = gpio_names[num]
            handler = irq.handler
            name = irq.name
            if irq._flags == EDGE_FALL | EDGE_RISE:
                # Both edge types latched: one handler call sees flags() == 12. Account the
                # second edge so that edges = handled + lost (+ pending) always holds.
                log.append((cpu.now(), Kind.LOST, source, "merged"))
            if irq.hard:
                cpu._busy(timing.hard_dispatch_ns)
                ok = cpu.run_hard(handler, pin, name, source, edge_t)
                cpu._busy(timing.hard_return_ns)
                if not ok:
                    pin._set_irq(None, 0, False)
            else:
                ns = timing.soft_isr_ns
                if ns:
                    B.n -= ns
                    if B.n < 0:
                        cpu.catch_up()
                if not cpu.schedule(handler, pin, "soft", name, source, edge_t):
                    log.append((cpu.now(), Kind.LOST, source, "queue"))

    gpio_vec = system.nvic.add(gpio.VECTOR, gpio_isr)
    if gpio_vec.isr is gpio_isr:  # its fused path for one edge queueing a soft handler
        install_gpio_fast(cpu, gpio, pin_table, log, timing, gpio_vec)

    # -- Timer (ports/rp2/machine_timer.c: alarm pool, re-armed at target + period) ----------
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

    # -- module functions ----------------------------------------------------------------
    def disable_irq():
        cpu.charge(ns["disable_irq"])
        return cpu.mask()

    def enable_irq(state):
        cpu.charge(ns["enable_irq"])
        cpu.unmask(1 if state else 0)

    def time_pulse_us(pin, pulse_level, timeout_us=1_000_000):
        """extmod/machine_pulse.c: a busy loop; scheduled callbacks never run inside it."""
        if not isinstance(pin, Pin):
            pin = Pin(pin)
        if cpu.depth:
            port.violation("IRQ202", "machine.time_pulse_us() in an interrupt handler busy-waits for the "
                           "whole pulse", severity="error" if cpu.hard_depth else "warning")
        cpu.charge(ns["ticks"] * 2)
        level = 1 if pulse_level else 0
        timeout_us = _int(timeout_us)
        p = gpio.pin(pin._num)
        start_us = cpu.now() // 1000
        deadline = (start_us + timeout_us) * 1000
        if cpu.wait_until(deadline, run_callbacks=False, idle=False, until=lambda: p.level == level) is False:
            return -2
        start_us = cpu.now() // 1000
        deadline = (start_us + timeout_us) * 1000
        if cpu.wait_until(deadline, run_callbacks=False, idle=False, until=lambda: p.level != level) is False:
            return -1
        cpu.charge(ns["ticks"])
        return cpu.now() // 1000 - start_us

    def freq(*args):
        if args:
            port.violation("SIM001", "machine.freq(hz) is accepted but the simulated clock stays at the "
                           "board profile's frequency", severity="note")
            return None
        return system.board.clock_hz

    def idle():
        cpu.charge(ns["sleep_call"])
        count = cpu.isr_count
        cpu.wait_until(cpu.now() + 1_000_000, run_callbacks=False, idle=True,
                       until=lambda: cpu.isr_count != count)

    def unique_id():
        return b"\xe6\x61\x41\x04\x03\x2b\x6c\x2a"

    def reset():
        from ..runtime.cpu import StopSimulation

        port.write("machine.reset()\n")
        raise StopSimulation("reset")

    def soft_reset():
        reset()

    def lightsleep(ms=None):
        t = cpu.now() + (_int(ms) * 1_000_000 if ms is not None else (1 << 60))
        cpu.wait_until(t, run_callbacks=False, idle=True)

    mod.Pin = Pin
    mod.Timer = Timer
    mod.disable_irq = disable_irq
    mod.enable_irq = enable_irq
    mod.time_pulse_us = time_pulse_us
    mod.freq = freq
    mod.idle = idle
    mod.unique_id = unique_id
    mod.reset = reset
    mod.soft_reset = soft_reset
    mod.lightsleep = lightsleep
    mod.deepsleep = lightsleep
    mod.PWRON_RESET = 1
    mod.WDT_RESET = 3
    mod.reset_cause = lambda: 1
    from .peripherals import add_peripherals

    add_peripherals(mod, port)
    from .machine_extra import add_extras

    add_extras(mod, port)   # WDT, RTC, bootloader, mem32 (replaces the inert WDT)
    return mod


_TIMER_ARGS = ("mode", "callback", "period", "tick_hz", "freq", "hard")   # all keyword-only


def _check_args(args, kwargs, n_pos: int, names) -> None:
    """py/argcheck.c mp_arg_parse_all's errors (rp2 builds with ERROR_REPORTING_NORMAL): a
    ``drive=`` or ``priority=`` copied from another port's docs must fail as on the chip, not with
    a CPython message naming irqsim's internals."""
    if len(args) > n_pos:
        raise TypeError("extra positional arguments given")
    # a keyword that repeats a positional one is never looked up, so it counts as extra too
    if any(k not in names[len(args):] for k in kwargs):
        raise TypeError("extra keyword arguments given")


def _int(value) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise TypeError("can't convert float to int")
    raise TypeError("can't convert %s to int" % type(value).__name__)


def _handler_name(handler, fallback: str) -> str:
    name = getattr(handler, "__qualname__", None) or getattr(handler, "__name__", None)
    return name or fallback
