"""GPIO nets, pulls, and the per-pin edge latches of the RP2350's IO_BANK0.

Each GPIO has one latched status bit per edge type (rising, falling). An edge whose bit
is already set merges into it: the hardware cannot count, so that edge is lost
(RP2350 datasheet, IO_BANK0 INTR registers; ports/rp2/machine_pin.c gpio_irq reads and
acknowledges them). Level resolution: a pad whose selected function drives it shows that
function's output; otherwise an external driver (a part) wins; otherwise the pull. A part
driving a pad the chip also drives (contention) loses silently: the chip's level shows, and
the part's level applies again once the chip releases the pad.

Function select (IO_BANK0 GPIOx_CTRL.FUNCSEL, RP2350 datasheet "GPIO" chapter): exactly one
peripheral (SIO, PWM, PIO0..2, UART, I2C, SPI ...) supplies the pad's output and output
enable; inputs are readable whatever the function. ``GpioPin.func`` is that owner, and
``is_output``/``out_value``/``open_drain`` are the *pad's* output, copied from the owner (so
the per-edge paths read one set of fields, as before). SIO's own registers (``sio_oe``,
``sio_out``, ``sio_od``) live on while another function owns the pad: ``gpio_put`` on a PWM
pin only changes SIO's latch, and selecting SIO again restores SIO's level.
"""

from __future__ import annotations

from collections.abc import Callable

from ..trace.log import Kind

EDGE_FALL = 4  # Pin.IRQ_FALLING on rp2
EDGE_RISE = 8  # Pin.IRQ_RISING on rp2
_PIN, _EDGE, _LOST = Kind.PIN, Kind.EDGE, Kind.LOST

Listener = Callable[[int, int], None]  # (gpio, level)

# FUNCSEL values on the RP2350 (datasheet "Function select" table; pico-sdk
# src/rp2350/hardware_regs gpio_function_rp2350 enum). FUNC_NULL is the reset value.
FUNC_SPI, FUNC_UART, FUNC_I2C, FUNC_PWM, FUNC_SIO = 1, 2, 3, 4, 5
FUNC_PIO0, FUNC_PIO1, FUNC_PIO2 = 6, 7, 8
FUNC_UART_AUX = 11
FUNC_NULL = 0x1F


class GpioPin:
    __slots__ = ("num", "level", "is_output", "out_value", "pull", "ext", "trigger", "latch",
                 "listeners", "edges", "lost", "edge_t", "open_drain", "pull_bits",
                 "func", "sio_oe", "sio_out", "sio_od")

    def __init__(self, num: int) -> None:
        self.num = num
        self.level = 0
        self.func = FUNC_NULL         # FUNCSEL: which peripheral drives the pad
        self.is_output = False        # the pad's output enable, from the selected function
        self.open_drain = False
        self.out_value = 0            # the pad's output level, from the selected function
        self.sio_oe = False           # SIO's registers (GPIO_OE, GPIO_OUT), kept under any
        self.sio_out = 0              # function; sio_od: machine.Pin's OPEN_DRAIN emulation
        self.sio_od = False
        self.pull: int | None = None  # 1 pull-up, 0 pull-down
        self.pull_bits = 0            # as configured: Pin.PULL_UP=1 | Pin.PULL_DOWN=2
        self.ext: int | None = None   # level an external part drives, or None (high impedance)
        self.trigger = 0              # enabled edge events (EDGE_FALL | EDGE_RISE)
        self.latch = 0                # latched, unacknowledged events
        self.edge_t = {EDGE_FALL: -1, EDGE_RISE: -1}  # time of the first edge in each latch
        self.listeners: list[Listener] = []
        self.edges = 0
        self.lost = 0


class Gpio:
    """The GPIO bank. ``clock()`` gives the current virtual time in ns."""

    VECTOR = "IO_IRQ_BANK0"

    def __init__(self, count: int, clock: Callable[[], int], log, nvic) -> None:
        self.pins = [GpioPin(n) for n in range(count)]
        self.names = [f"GP{n}" for n in range(count)]
        self.latched_pins: set[int] = set()
        self.clock = clock
        self.log = log
        self.nvic = nvic
        # In a System the clock is the CPU model's sync() (runtime/system.py); the per-edge
        # paths inline it then (one Python call less per edge). Duck-typed: hw sits below runtime.
        owner = getattr(clock, "__self__", None)
        self.cpu = owner if (getattr(clock, "__name__", "") == "sync" and hasattr(owner, "B")
                             and hasattr(owner, "t_next") and hasattr(owner, "k")) else None

    def pin(self, num: int) -> GpioPin:
        cpu = self.cpu
        if cpu is not None and cpu.k.quiet:
            cpu._settle_quiet()   # a quiet edge (kernel post_quiet) may be due on this pin
        return self.pins[num]

    # -- who drives the net ---------------------------------------------------------------
    def _resolve(self, p: GpioPin) -> int:
        if p.is_output and not (p.open_drain and p.out_value):
            return p.out_value
        if p.ext is not None:
            return p.ext
        if p.pull is not None:
            return p.pull
        return p.level  # floating: keeps its last level (bus keeper-like, deterministic)

    def update(self, num: int, driver: str) -> None:
        p = self.pins[num]
        if p.is_output and not (p.open_drain and p.out_value):
            new = p.out_value
        elif p.ext is not None:
            new = p.ext
        elif p.pull is not None:
            new = p.pull
        else:
            return  # floating: keeps its last level
        if new != p.level:
            self._level(p, num, new, driver)

    def _level(self, p: GpioPin, num: int, new: int, driver: str) -> None:
        """The net changes level: record it, latch an enabled edge, tell the listeners."""
        p.level = new
        cpu = self.cpu
        if cpu is None:
            t = self.clock()
        else:  # cpu.sync(), inlined
            t = cpu.t_next - cpu.B.n
            k = cpu.k
            if t > k.now_ns:
                k.now_ns = t
        self.log.append((t, _PIN, num, new, driver))
        event = EDGE_RISE if new else EDGE_FALL
        if p.trigger & event:
            p.edges += 1
            source = self.names[num]
            append = self.log.append
            append((t, _EDGE, source, event))
            if p.latch & event:
                p.lost += 1
                append((t, _LOST, source, "latch"))
            else:
                p.latch |= event
                p.edge_t[event] = t
                self.latched_pins.add(num)
                nvic = self.nvic            # nvic.pend(self.VECTOR), inlined: once per edge
                vec = nvic.vectors[self.VECTOR]
                if vec not in nvic.pending:
                    nvic.pending.append(vec)
                    nvic.on_pend()
        if p.listeners:
            for listener in p.listeners:
                listener(num, new)

    def drive(self, num: int, level: int | None, driver: str) -> None:
        """An external part drives the net (None releases it)."""
        p = self.pins[num]
        p.ext = level
        if level is not None and not p.is_output:
            # an input pin: the part's level wins over the pull (as update() resolves it)
            if level != p.level:
                self._level(p, num, level, driver)
            return
        self.update(num, driver)

    def set_output(self, num: int, value: int) -> None:
        """gpio_put: SIO's output latch; it reaches the pad only while SIO is the function."""
        p = self.pins[num]
        p.sio_out = value = 1 if value else 0
        if p.func == FUNC_SIO:
            p.out_value = value
            if p.is_output and not (p.open_drain and value):   # update(), inlined: per write
                if value != p.level:
                    self._level(p, num, value, "fw")
            else:
                self.update(num, "fw")

    # -- function select ------------------------------------------------------------------
    def select_sio(self, num: int, oe: bool, open_drain: bool = False) -> None:
        """gpio_set_dir + gpio_set_function(SIO) (mp_hal_pin_input/output/open_drain): set
        SIO's direction and make SIO the pad's driver. The caller calls update() (after pulls)."""
        p = self.pins[num]
        p.sio_oe = p.is_output = bool(oe)
        p.sio_od = p.open_drain = bool(open_drain)
        p.func = FUNC_SIO
        p.out_value = p.sio_out

    def set_function(self, num: int, func: int, driver: str, oe: bool = False, out: int = 0) -> None:
        """gpio_set_function(num, func): ``func`` now drives the pad with its current output
        (``oe``, ``out``; a function irqsim does not model at the wire leaves the pad undriven).
        A resulting level change is recorded as a PIN record by ``driver``."""
        p = self.pins[num]
        p.func = func
        if func == FUNC_SIO:
            p.is_output, p.out_value, p.open_drain = p.sio_oe, p.sio_out, p.sio_od
        else:
            p.is_output, p.out_value, p.open_drain = bool(oe), 1 if out else 0, False
        self.update(num, driver)

    def func_output(self, num: int, func: int, oe: bool, out: int, driver: str) -> None:
        """A peripheral's output for this pin changes; the pad follows only if ``func`` owns it."""
        p = self.pins[num]
        if p.func != func:
            return
        p.is_output = oe
        p.out_value = out
        self.update(num, driver)

    def acknowledge(self, num: int) -> tuple[int, int]:
        """Read and clear a pin's latched events (as gpio_irq does); returns (events, first edge time)."""
        p = self.pins[num]
        events = p.latch
        if events == EDGE_RISE:
            t = p.edge_t[EDGE_RISE]
        elif events == EDGE_FALL:
            t = p.edge_t[EDGE_FALL]
        elif events:
            t = min(p.edge_t[EDGE_RISE], p.edge_t[EDGE_FALL])
        else:
            t = -1
        p.latch = 0
        self.latched_pins.discard(num)
        return events, t

    def latched(self) -> list[int]:
        """Pins with latched events, in GPIO order (the order gpio_irq scans them)."""
        return sorted(self.latched_pins)
