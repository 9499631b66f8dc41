"""``machine.Pin`` for the rp2 port: modes, pulls, alternate functions, value/toggle, irq().

Split from machine.py so that the pin object (ports/rp2/machine_pin.c) reads on its own; the
GPIO interrupt that calls its handlers is machine_gpio_irq.py, the module assembly machine.py.
"""

from __future__ import annotations

from ..hw.gpio import EDGE_FALL, EDGE_RISE, FUNC_SIO
from .irq import MpIrq
from .machine_args import as_int as _int
from .machine_args import check_args as _check_args
from .machine_args import handler_name as _handler_name

# machine_pin_print names a pin's function by its af (ports/rp2/boards/rp2350_af.csv through
# make-pins.py: "PWM0_A" -> PWM, PIO keeps its unit, AF11 is UART_AUX)
_AF_NAMES = {1: "SPI", 2: "UART", 3: "I2C", 4: "PWM", 6: "PIO0", 7: "PIO1", 8: "PIO2", 11: "UART_AUX"}
LED_GPIO = 25


def make_pin(port) -> type:
    """The ``Pin`` class bound to this run's CPU and GPIO bank."""
    cpu = port.cpu
    system = port.system
    gpio = system.gpio
    ns = port.call_ns
    n_gpio = system.board.gpio_count
    n_funcsel = 12 if "2350" in str(system.board.chip) else 10

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
    return Pin
