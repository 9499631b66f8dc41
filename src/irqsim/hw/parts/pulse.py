"""Pulse train / square wave / PWM source: frequency, duty, phase, burst count, seeded jitter.

An ideal push-pull source (a function generator or an encoder channel). ``count`` pulses
are produced from ``start`` (all of them when 0); ``jitter`` displaces each edge by a
uniform random amount up to +/- jitter, drawn from the part's own seeded stream.
"""

from __future__ import annotations

from heapq import heappush

from ...kernel.core import NEVER
from ...trace.log import Kind
from ..gpio import EDGE_FALL, EDGE_RISE
from .base import Param, Part, register

_PIN = Kind.PIN


@register("pulse")
class PulseTrain(Part):
    pins = ("out",)
    params = {
        "freq": Param("period", "1kHz", "pulse rate (a frequency, or a period as a duration)"),
        "duty": Param("fraction", 0.5, "high fraction of each period"),
        "start": Param("duration", "0s", "time of the first rising edge (phase)"),
        "stop": Param("duration", None, "no edges after this time"),
        "count": Param("int", 0, "number of pulses; 0 = unlimited"),
        "jitter": Param("duration", "0ns", "uniform random edge displacement, +/-"),
        "idle": Param("level", 0, "level between bursts"),
    }
    actions = ("set", "burst")

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self.pulses = 0
        self._gen = 0
        # wires are fixed once the simulation is built: the edge handlers keep the pin
        self._num = num = self.ctx.wires.get("out")
        self._pin = self.gpio.pins[num] if num is not None else None
        # Bound methods and the fall's argument tuple made once, not per edge: fewer objects
        # for Python's cyclic GC to track (its young-generation passes are a few % of a run).
        self._rise_fn = self._rise
        self._fall_fn = self._fall
        # Quiet falling edges (kernel post_quiet) need a CPU to fire them and the event log's
        # list to put their record in place.
        log = self.gpio.log
        quiet_ok = self.gpio.cpu is not None and getattr(log, "enabled", False) and hasattr(log, "_tail")
        self._quiet_pin = self._pin if quiet_ok else None
        self.drive("out", self.idle)
        self._plan(self.__dict__["start"])

    def _plan(self, t_first: int) -> None:
        self._gen += 1
        self._fall_args = (self._gen,)
        self._quiet_args = (self._gen, True)
        self._fall_edge = EDGE_RISE if self.idle else EDGE_FALL   # the edge event back to idle
        self._left = self.count if self.count else -1
        if self._left:
            self.at(t_first, self._rise, self._gen, t_first)

    def _edge_time(self, t: int) -> int:
        if self.jitter:
            t += self.rng.randint(-self.jitter, self.jitter)
        now = self.k.now_ns
        return t if t > now else now

    # The edge handlers run once per edge (benchmarks/bench_runtime.py): they push their
    # successors straight onto the kernel heap (Kernel.post inlined; no cancellable handle: a
    # re-plan bumps _gen instead) and drive the GPIO directly (Gpio.drive inlined for an input).
    def _rise(self, gen: int, t_nominal: int) -> None:
        if gen != self._gen or (self.stop is not None and t_nominal >= self.stop):
            return
        p = self._pin
        if p is not None:
            level = 1 - self.idle
            if p.is_output:
                self.gpio.drive(self._num, level, self.id)
            else:
                p.ext = level
                if level != p.level:
                    self.gpio._level(p, self._num, level, self.id)
        self.pulses += 1
        k = self.k
        now = k.now_ns
        jitter = self.jitter
        high = round(self.freq * self.duty)   # max(1, ...) without max(): ~80 ns less per pulse
        if high < 1:
            high = 1
        t = t_nominal + high                  # _edge_time(), inlined
        if jitter:
            t += self.rng.randint(-jitter, jitter)
        if t < now:
            t = now
        heap = k._heap
        k._seq = seq = k._seq + 1
        qp = self._quiet_pin
        if (qp is not None and not qp.is_output and not qp.listeners and not qp.trigger & self._fall_edge
                and k.after_event is None):
            # A falling edge no latch or listener will see: k.post_quiet (inlined), the CPU does
            # not stop for it; it fires late at the next stop, or goes back to the heap as soon
            # as anything may look at the pin (runtime/cpu.py _settle_quiet).
            heappush(k.quiet, [t, 0, seq, self._fall_fn, self._quiet_args])
        else:
            head = heap[0][0] if heap else NEVER   # k.post(t, self._fall, gen), inlined (t >= now)
            heappush(heap, [t, 0, seq, self._fall_fn, self._fall_args])   # gen == self._gen here
            if t < head and k.on_head_change is not None:
                k.on_head_change(t)
        left = self._left
        if left > 0:
            self._left = left = left - 1
        if left:
            t_next = t_nominal + self.freq
            t = t_next
            if jitter:
                t += self.rng.randint(-jitter, jitter)
            if t < now:
                t = now
            head = heap[0][0] if heap else NEVER   # k.post(t, self._rise, gen, t_next), inlined
            k._seq = seq = seq + 1
            heappush(heap, [t, 0, seq, self._rise_fn, (gen, t_next)])
            if t < head and k.on_head_change is not None:
                k.on_head_change(t)

    def _fall(self, gen: int, quiet: bool = False) -> None:
        if gen != self._gen:
            return
        p = self._pin
        if p is not None:  # as in _rise
            level = self.idle
            gpio = self.gpio
            if quiet and not p.is_output and not p.listeners and not p.trigger & self._fall_edge:
                # A quiet edge (kernel/core.py post_quiet), maybe fired late: the CPU may have
                # logged past its time meanwhile, so its record goes to its own time's place
                # in the log, after everything up to that time.
                p.ext = level
                if level != p.level:
                    p.level = level
                    t = self.k.now_ns               # the edge's own time
                    tail = gpio.log._tail
                    i = len(tail)
                    while i and tail[i - 1][0] > t:
                        i -= 1
                    tail.insert(i, (t, _PIN, self._num, level, self.id))
                return
            if p.is_output:
                gpio.drive(self._num, level, self.id)
            else:
                p.ext = level
                if level != p.level:
                    if p.listeners or p.trigger & (EDGE_RISE if level else EDGE_FALL):
                        gpio._level(p, self._num, level, self.id)
                    else:
                        # Gpio._level for an edge that no latch and no listener sees (a
                        # rising-only IRQ's falling edge): the level and its PIN record only.
                        p.level = level
                        cpu = gpio.cpu
                        if cpu is None:
                            t = gpio.clock()
                        else:  # cpu.sync(), inlined
                            t = cpu.t_next - cpu.B.n
                            k = cpu.k
                            if t > k.now_ns:
                                k.now_ns = t
                        gpio.log.append((t, _PIN, self._num, level, self.id))

    def changed(self) -> None:
        self._plan(self.now())

    def burst(self, count: int = 1) -> None:
        """Timeline action: emit ``count`` pulses from now."""
        self.count = int(count)
        self._plan(self.now())

    def summary(self) -> dict:
        return {"pulses": self.pulses}
