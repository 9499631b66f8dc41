"""GPIO nets, pulls, and the per-pin edge latches of the RP2350's IO_BANK0.

Each GPIO has one latched status bit per edge type (rising, falling). An edge whose bit
is already set merges into it: the hardware cannot count, so that edge is lost
(RP2350 datasheet, IO_BANK0 INTR registers; ports/rp2/machine_pin.c gpio_irq reads and
acknowledges them). Level resolution: a pin the firmware drives as an output shows the
firmware's value; otherwise an external driver (a part) wins; otherwise the pull.
"""

from __future__ import annotations

from collections.abc import Callable

from ..trace.log import Kind

EDGE_FALL = 4  # Pin.IRQ_FALLING on rp2
EDGE_RISE = 8  # Pin.IRQ_RISING on rp2
_PIN, _EDGE, _LOST = Kind.PIN, Kind.EDGE, Kind.LOST

Listener = Callable[[int, int], None]  # (gpio, level)


class GpioPin:
    __slots__ = ("num", "level", "is_output", "out_value", "pull", "ext", "trigger", "latch",
                 "listeners", "edges", "lost", "edge_t", "open_drain", "pull_bits")

    def __init__(self, num: int) -> None:
        self.num = num
        self.level = 0
        self.is_output = False
        self.open_drain = False
        self.out_value = 0
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
        p = self.pins[num]
        p.out_value = 1 if value else 0
        self.update(num, "fw")

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
