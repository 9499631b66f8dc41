"""Asynchronous serial frames on a wire: bit timing, a line transmitter and a line receiver.

Shared by the rp2 UART model (``hw/pl011.py``) and the ``uart_peer`` part, so both ends of a
link meet on an ordinary GPIO net: the waveform shows up in pin histories and VCD traces,
and a baud-rate mismatch produces the garbage it produces on a bench.

Frame: start bit (0), ``bits`` data bits LSB first, optional parity, ``stop`` stop bits (1);
the idle line is high. Edge times are ``t0 + floor(i * bit_ns)`` with an exact rational bit
period, so long streams do not drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class FrameFormat:
    bit_ns: Fraction           # one bit period in ns (exact)
    bits: int = 8
    parity: int | None = None  # None, 0 (even) or 1 (odd)
    stop: int = 1

    @property
    def frame_bits(self) -> int:
        return 1 + self.bits + (0 if self.parity is None else 1) + self.stop

    def offset_ns(self, nbits) -> int:
        """Whole ns from a frame start to ``nbits`` bit periods later (floor)."""
        return int(self.bit_ns * nbits)

    def levels(self, value: int) -> list[int]:
        """Line level of each bit of one frame."""
        data = [(value >> i) & 1 for i in range(self.bits)]
        out = [0] + data
        if self.parity is not None:
            out.append((sum(data) + self.parity) & 1)
        return out + [1] * self.stop


def ideal_bit_ns(baud: int) -> Fraction:
    """Bit period of an ideal clock (a PC adapter or a test instrument)."""
    return Fraction(1_000_000_000, baud)


def pl011_bit_ns(baud: int, clk_peri_hz: int) -> Fraction:
    """Bit period the RP2040/RP2350 PL011 really produces for a requested baud rate.

    pico-sdk hardware_uart/uart.c uart_set_baudrate: div = 8*clk/baud + 1, IBRD = div >> 7,
    FBRD = (div & 0x7f) >> 1; actual baud = 4*clk / (64*IBRD + FBRD). At 150 MHz, 115200
    baud becomes 115207 baud (8.680 us per bit). clk_peri = clk_sys on MicroPython rp2
    (ports/rp2/clocks_extra.c).
    """
    div = 8 * clk_peri_hz // baud + 1
    ibrd = div >> 7
    if ibrd == 0:
        ibrd, fbrd = 1, 0
    elif ibrd >= 65535:
        ibrd, fbrd = 65535, 0
    else:
        fbrd = (div & 0x7F) >> 1
    return Fraction((64 * ibrd + fbrd) * 1_000_000_000, 4 * clk_peri_hz)


class LineTx:
    """Drives one wire with frames. ``drive(level)`` sets the wire; ``at(t, fn, *a)`` schedules."""

    def __init__(self, fmt: FrameFormat, drive: Callable[[int], None], at, now: Callable[[], int]) -> None:
        self.fmt = fmt
        self.drive = drive
        self.at = at
        self.now = now
        self.busy_until = 0

    def send(self, value: int, t0: int | None = None) -> int:
        """Schedule one frame starting at ``t0`` (default: now, or when the last one ends); returns its end."""
        start = max(self.now() if t0 is None else t0, self.busy_until)
        prev = 1
        for i, level in enumerate(self.fmt.levels(value)):
            if level != prev:
                self.at(start + self.fmt.offset_ns(i), self.drive, level)
                prev = level
        end = start + self.fmt.offset_ns(self.fmt.frame_bits)
        self.busy_until = end
        return end

    def send_break(self, duration_ns: int, t0: int | None = None) -> int:
        start = max(self.now() if t0 is None else t0, self.busy_until)
        self.at(start, self.drive, 0)
        self.at(start + duration_ns, self.drive, 1)
        self.busy_until = start + duration_ns
        return self.busy_until


class LineRx:
    """Receives frames from one wire, sampling each bit at its middle (as a UART does).

    Edges are recorded as they happen and one event at the stop bit's middle decodes the
    frame from that history, so a frame costs one scheduled event rather than one per bit.
    ``on_frame(value, framing_error, is_break, t_ns)`` gets each frame. A break (the line
    low through the whole frame, stop bit included) is reported once; the receiver then
    waits for the line to go idle (high) before it hunts for the next start bit.
    """

    def __init__(self, fmt: FrameFormat, on_frame, at, now: Callable[[], int], level: Callable[[], int]) -> None:
        self.fmt = fmt
        self.on_frame = on_frame
        self.at = at
        self.now = now
        self.level = level
        self.state = "idle"            # idle | frame | wait_high
        self._t0 = 0
        self._edges: list[tuple[int, int]] = []

    def edge(self, level: int) -> None:
        """Call on every level change of the wire."""
        if self.state == "frame":
            self._edges.append((self.now(), level))
        elif self.state == "wait_high":
            if level:
                self.state = "idle"
        elif level == 0:
            self.state = "frame"
            self._t0 = self.now()
            self._edges = [(self._t0, 0)]
            last = self.fmt.frame_bits - self.fmt.stop  # index of the first stop bit
            self.at(self._t0 + self.fmt.offset_ns(Fraction(2 * last + 1, 2)), self._decode)

    def _level_at(self, t: int) -> int:
        level = 1
        for te, lv in self._edges:
            if te > t:
                break
            level = lv
        return level

    def _decode(self) -> None:
        fmt = self.fmt
        samples = [self._level_at(self._t0 + fmt.offset_ns(Fraction(2 * i + 1, 2)))
                   for i in range(fmt.frame_bits - fmt.stop + 1)]
        if samples[0] != 0:   # glitch: the start bit did not last to its middle
            self.state = "idle" if self.level() else "wait_high"
            return
        data = samples[1:1 + fmt.bits]
        value = sum(b << i for i, b in enumerate(data))
        stop_ok = samples[-1] == 1
        parity_ok = True
        if fmt.parity is not None:
            parity_ok = ((sum(data) + fmt.parity) & 1) == samples[1 + fmt.bits]
        is_break = not stop_ok and not any(samples)
        self.state = "idle" if self.level() else "wait_high"
        self._edges = []
        self.on_frame(value, not (stop_ok and parity_ok), is_break, self.now())
