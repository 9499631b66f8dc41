"""One PWM slice of the RP2040/RP2350 as a counter that puts its edges on GPIO nets.

A slice counts 0..TOP at clk_sys / (DIV/16) (DIV is 8.4 fixed point: ``div16``); channel A/B
is high while ``counter < CC`` (RP2350 datasheet 12.5.2, "Pulse width modulation"). So a
period lasts ``(TOP + 1) * div16 / 16`` system clocks and a channel's high time is
``CC * div16 / 16`` clocks: CC = 0 is always low, CC > TOP always high. TOP and CC are
double-buffered: a write takes effect at the next counter wrap (datasheet 12.5.2.4); irqsim
latches DIV with them. Output polarity (CSR A_INV/B_INV) applies at once.

Edges are made lazily, from the kernel: at each wrap one event starts the period (drives
both channels' start levels, latches pending writes) and posts one event per falling edge,
then the next wrap. A slice whose outputs do not toggle (duty 0 % or 100 %) posts nothing
until a register write; ``next_wrap_ns`` is kept so that write still lands on a wrap. Edge
times come from the absolute clock count since the settings were latched, floored to ns, so
they never drift. Stopping a slice (``pwm_set_enabled(false)``) freezes its outputs at their
current level; enabling starts a period at once (counter from 0).
"""

from __future__ import annotations

from ..hw.gpio import FUNC_PWM

NS_PER_S = 1_000_000_000


class PwmSlice:
    def __init__(self, index: int, clock_hz: int, kernel, gpio) -> None:
        self.index = index
        self.k = kernel
        self.gpio = gpio
        self.scale = 16 * clock_hz          # div16 units per second
        # Registers as written (reset values: DIV = 1.0, TOP = 0xffff, CC = 0).
        self.div16 = 16
        self.top = 0xFFFF
        self.cc = [0, 0]
        self.invert = [0, 0]
        self.enabled = False
        # Working copies, latched at a wrap.
        self.w_div16 = 16
        self.w_top = 0xFFFF
        self.w_cc = (0, 0)
        self.dirty = False
        self.raw = [0, 0]                   # comparator output per channel, before inversion
        self.pins: tuple[list[int], list[int]] = ([], [])
        self.origin_ns = 0                  # time of the wrap the working copies were latched at
        self.n = 0                          # index of the next period since origin_ns
        self.next_wrap_ns = 0
        self.chained = False                # a wrap event is posted
        self.gen = 0                        # bumped to drop posted events (stop, restart)

    # -- register writes from the firmware ------------------------------------------------
    def write(self, *, div16=None, top=None, channel=None, cc=None) -> None:
        if div16 is not None:
            self.div16 = div16
        if top is not None:
            self.top = top & 0xFFFF
        if channel is not None:
            self.cc[channel] = cc & 0xFFFF
        self.dirty = True
        if self.enabled and not self.chained:
            self._post_next_wrap()

    def set_invert(self, a: int, b: int) -> None:
        self.invert = [a, b]
        for ch in (0, 1):
            self._drive(ch)

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        self.gen += 1
        self.chained = False
        if on:
            self.dirty = True
            self._period(self.k.now_ns)

    def attach(self, channel: int, num: int) -> None:
        """A pad gets FUNCSEL = PWM: it shows this channel's output from now on."""
        for pins in self.pins:
            if num in pins:
                pins.remove(num)
        self.pins[channel].append(num)
        # gpio_set_function(gpio, GPIO_FUNC_PWM): the pad follows this channel from now on
        self.gpio.set_function(num, FUNC_PWM, "pwm", True, self.raw[channel] ^ self.invert[channel])

    # -- the counter ----------------------------------------------------------------------
    def _t(self, units: int) -> int:
        return self.origin_ns + units * NS_PER_S // self.scale

    def _post_next_wrap(self) -> None:
        now = self.k.now_ns
        if self.next_wrap_ns < now:
            # Periods went by without edges: find the first wrap at or after now.
            period = (self.w_top + 1) * self.w_div16
            n = max(self.n, ((now - self.origin_ns) * self.scale) // (period * NS_PER_S))
            while self._t(n * period) < now:
                n += 1
            self.n = n
            self.next_wrap_ns = self._t(n * period)
        self.chained = True
        self.k.post(self.next_wrap_ns, self._wrap, self.gen)

    def _wrap(self, gen: int) -> None:
        if gen == self.gen:
            self._period(self.k.now_ns)

    def _period(self, t_ns: int) -> None:
        """The counter wraps to 0 at ``t_ns``: latch, drive the start levels, post the edges."""
        if self.dirty:
            self.dirty = False
            self.w_div16, self.w_top, self.w_cc = self.div16, self.top, tuple(self.cc)
            self.origin_ns = t_ns
            self.n = 0
        div16, top, cc = self.w_div16, self.w_top, self.w_cc
        period = (top + 1) * div16
        base = self.n * period
        toggles = False
        for ch in (0, 1):
            level = 1 if cc[ch] > 0 else 0
            if level != self.raw[ch]:
                self.raw[ch] = level
                self._drive(ch)
            if 0 < cc[ch] <= top:
                toggles = True
                self.k.post(self._t(base + cc[ch] * div16), self._fall, ch, self.gen)
        self.n += 1
        self.next_wrap_ns = self._t(self.n * period)
        self.chained = toggles or self.dirty
        if self.chained:
            self.k.post(self.next_wrap_ns, self._wrap, self.gen)

    def _fall(self, ch: int, gen: int) -> None:
        if gen == self.gen and self.raw[ch]:
            self.raw[ch] = 0
            self._drive(ch)

    # -- the pads -------------------------------------------------------------------------
    def _drive(self, ch: int) -> None:
        level = self.raw[ch] ^ self.invert[ch]
        for num in self.pins[ch]:
            self._drive_pin(num, level)

    def _drive_pin(self, num: int, level: int) -> None:
        # reaches the pad only while its FUNCSEL is still PWM (not taken back by machine.Pin)
        self.gpio.func_output(num, FUNC_PWM, True, level, "pwm")
