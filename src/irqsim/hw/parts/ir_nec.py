"""IR receiver module (TSOP38238-style) decoding a remote that speaks NEC.

The part outputs what the receiver's OUT pin shows: the 38 kHz carrier already removed, low
during a mark (burst) and high during a space (``active_low``, as every TSOP module is).
NEC timing (NEC uPD6121 / SB Projects "NEC protocol"): a unit of 562.5 us; frame = 9 ms
leader mark, 4.5 ms space, 32 bits LSB first (address, ~address, command, ~command), each a
562.5 us mark followed by a 562.5 us space (0) or 1687.5 us space (1), then a 562.5 us stop
mark: 67.5 ms from the leader to the end of the last bit. Holding the key sends repeat
codes (9 ms mark, 2.25 ms space, 562.5 us mark) every 108 ms, counted from frame start.
Extended NEC: an address above 255 is sent as 16 bits (no inverse byte).
``mark_extra`` lengthens each mark as a real receiver's AGC does (Vishay TSOP382 datasheet:
output pulse width tpi - 5/f0 .. tpi + 6/f0, i.e. -132..+158 us at 38 kHz); ``jitter``
moves every edge by a uniform seeded amount.
"""

from __future__ import annotations

from ...errors import ScenarioError
from .base import Param, Part, register

UNIT_NS = 562_500
LEADER_MARK_NS = 16 * UNIT_NS        # 9 ms
LEADER_SPACE_NS = 8 * UNIT_NS        # 4.5 ms
REPEAT_SPACE_NS = 4 * UNIT_NS        # 2.25 ms
ONE_SPACE_NS = 3 * UNIT_NS           # 1.6875 ms
REPEAT_PERIOD_NS = 108_000_000       # frame start to frame start


def nec_bits(address: int, command: int) -> list[int]:
    if not 0 <= command <= 0xFF:
        raise ScenarioError(f"NEC command must be 0..255, got {command!r}")
    if not 0 <= address <= 0xFFFF:
        raise ScenarioError(f"NEC address must be 0..65535, got {address!r}")
    words = [address & 0xFF, (address >> 8) if address > 0xFF else (~address & 0xFF), command, ~command & 0xFF]
    return [(w >> i) & 1 for w in words for i in range(8)]


def nec_frame(address: int, command: int) -> list[tuple[int, int]]:
    """(duration_ns, is_mark) segments of one frame, leader to stop mark."""
    segs = [(LEADER_MARK_NS, 1), (LEADER_SPACE_NS, 0)]
    for bit in nec_bits(address, command):
        segs += [(UNIT_NS, 1), (ONE_SPACE_NS if bit else UNIT_NS, 0)]
    segs.append((UNIT_NS, 1))
    return segs


def nec_repeat() -> list[tuple[int, int]]:
    return [(LEADER_MARK_NS, 1), (REPEAT_SPACE_NS, 0), (UNIT_NS, 1)]


@register("ir_nec")
class IrNec(Part):
    pins = ("out",)
    params = {
        "active_low": Param("bool", True, "OUT is low during a mark (TSOP modules)"),
        "jitter": Param("duration", "0ns", "uniform random displacement of each edge, +/-"),
        "mark_extra": Param("duration", "0ns", "added to every mark (receiver AGC stretch)"),
    }
    actions = ("press", "set")

    def begin(self) -> None:
        self.rng = self.ctx.rng.stream(f"part.{self.id}")
        self.frames = 0
        self.repeats_sent = 0
        self._busy_until = 0
        self.drive("out", self._level(False))

    def _level(self, mark: bool) -> int:
        return int(mark) ^ int(self.active_low)

    def _schedule(self, t0: int, segs) -> None:
        """Drive the segments from ``t0``; each edge moves by up to +/- jitter, order kept."""
        t, prev = t0, -1
        levels = [self._level(bool(mark)) for _, mark in segs] + [self._level(False)]
        times = []
        for dur, _ in segs:
            times.append(t)
            t += dur
        times.append(t)
        for t_edge, level in zip(times, levels, strict=False):
            if self.jitter:
                t_edge += self.rng.randint(-self.jitter, self.jitter)
            t_edge = max(t_edge, prev + 1, self.k.now_ns)
            self.at(t_edge, self.drive, "out", level)
            prev = t_edge

    def press(self, address=0, command=0, repeats=0) -> None:
        """Timeline action: one key press; ``repeats`` repeat codes follow while held."""
        for name, v in (("address", address), ("command", command), ("repeats", repeats)):
            if isinstance(v, bool) or not isinstance(v, int):
                raise ScenarioError(f"ir_nec press: {name} must be a whole number, got {v!r}")
        t0 = max(self.now(), self._busy_until)
        segs = nec_frame(address, command)
        self._schedule(t0, _stretch(segs, self.mark_extra))
        self.frames += 1
        end = t0 + sum(d for d, _ in segs)
        for r in range(repeats):
            start = t0 + REPEAT_PERIOD_NS * (r + 1)
            self._schedule(start, _stretch(nec_repeat(), self.mark_extra))
            end = start + sum(d for d, _ in nec_repeat())
            self.repeats_sent += 1
        self._busy_until = t0 + REPEAT_PERIOD_NS * (repeats + 1) if repeats else end + 40_000_000

    def summary(self) -> dict:
        return {"frames": self.frames, "repeats": self.repeats_sent}


def _stretch(segs, extra_ns: int):
    """Lengthen each mark by ``extra_ns`` and shorten the following space to keep the bit period."""
    if not extra_ns:
        return segs
    out = []
    carry = 0
    for dur, mark in segs:
        if mark:
            out.append((dur + extra_ns, 1))
            carry = extra_ns
        else:
            out.append((max(1, dur - carry), 0))
            carry = 0
    return out
