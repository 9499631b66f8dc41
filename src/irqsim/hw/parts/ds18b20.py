"""``ds18b20``: a 1-Wire digital thermometer (Maxim DS18B20 datasheet), externally powered.

Several may share one data net: the net is a wired-AND (any device pulling low wins) with
the bus pull-up (4.7 kOhm) releasing it high, so ROM search (``OneWire.scan``) separates
them as on a bench. The device follows the host's time slots:

- reset: the host holds the line low >= 480 us; 30 us after it releases (15-60 us), the
  device pulls low 120 us (presence pulse, 60-240 us);
- write slot: a falling edge; the device samples the line 30 us later (15-60 us window);
- read slot: a falling edge; to send a 0 the device holds the line low 30 us (the host
  samples at 15 us), for a 1 it leaves it alone.

ROM commands READ ROM 0x33, MATCH ROM 0x55, SKIP ROM 0xCC, SEARCH ROM 0xF0; function
commands CONVERT T 0x44 (93.75/187.5/375/750 ms for 9-12 bits; read slots return 0 until
done, the scratchpad gets the temperature sampled at the end), READ SCRATCHPAD 0xBE (9
bytes, CRC8 last), WRITE SCRATCHPAD 0x4E (TH, TL, config), READ POWER SUPPLY 0xB4 (1:
external). Power-up scratchpad: 85 degC (0x0550), TH 0x4B, TL 0x46, 12 bits (0x7F). The ROM
is family 0x28, a 48-bit serial (``serial``, or derived from the part id), and its CRC8.
``temperature`` is a signal (hw/parts/signal.py); ``fault = "crc"`` corrupts the scratchpad
CRC byte.
"""

from __future__ import annotations

import weakref
import zlib

from ...errors import ScenarioError
from . import signal as sig
from .base import Param, Part, register

RESET_MIN_NS = 480_000
PRESENCE_WAIT_NS = 30_000
PRESENCE_NS = 120_000
SAMPLE_NS = 30_000
HOLD0_NS = 30_000
CONVERT_NS = {0: 93_750_000, 1: 187_500_000, 2: 375_000_000, 3: 750_000_000}
_BUSES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        for _ in range(8):
            fb = (crc ^ byte) & 1
            crc >>= 1
            if fb:
                crc ^= 0x8C
            byte >>= 1
    return crc


class _WiredAnd:
    """The devices on one net: the line is low while any of them pulls it low."""

    def __init__(self, gpio, num: int) -> None:
        self.gpio = gpio
        self.num = num
        self.pulling: set[str] = set()

    def pull(self, who: str, low: bool) -> None:
        if low:
            self.pulling.add(who)
        else:
            self.pulling.discard(who)
        self.gpio.drive(self.num, 0 if self.pulling else 1, who)


def _bus(gpio, num: int) -> _WiredAnd:
    buses = _BUSES.setdefault(gpio, {})
    if num not in buses:
        buses[num] = _WiredAnd(gpio, num)
    return buses[num]


@register("ds18b20")
class Ds18b20(Part):
    pins = ("dq",)
    outputs = ("dq",)
    actions = ("set",)
    params = {
        "temperature": Param("signal", 25.0, "degC: a number or a signal table (points, file, expr, sine, noise)"),
        "serial": Param("str", "", "48-bit serial number as 12 hex digits (default: derived from the part id)"),
        "fault": Param("str", "none", "none | crc (corrupt the scratchpad CRC)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        if key == "temperature":
            sig.check(raw, f"{cls.type_name}.{key}")
            return raw
        value = super().parse_param(key, raw)
        if key == "serial":
            try:
                ok = len(value) == 12 and int(value, 16) >= 0
            except ValueError:
                ok = False
            if not ok:
                raise ScenarioError(f"ds18b20.serial must be 12 hex digits, got {value!r}")
        if key == "fault" and value not in ("none", "crc"):
            raise ScenarioError(f"ds18b20.fault must be none or crc, got {value!r}")
        return value

    def begin(self) -> None:
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self._temp = sig.build(self.temperature, f"{self.id}.temperature", rng=rng, base_dir=self.ctx.files_dir)
        serial = bytes.fromhex(self.serial) if self.serial else \
            zlib.crc32(self.id.encode()).to_bytes(4, "little") + b"\x00\x00"
        body = b"\x28" + serial[::-1] if self.serial else b"\x28" + serial
        self.rom = body + bytes([crc8(body)])
        self.scratch = bytearray([0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10])
        self.conversions = 0
        self.resets = 0
        self._state = "idle"
        self._bits: list[int] = []
        self._tx: list[int] = []
        self._search_i = 0
        self._fall_t = None
        self._mute_until = 0
        self._done_t = 0
        self._seq = 0
        num = self.gpio_of("dq")
        self._line = _bus(self.gpio, num) if num is not None else None
        if self._line is not None:
            self._line.pull(self.id, False)
        self.watch("dq", self._edge)

    def changed(self) -> None:
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self._temp = sig.build(self.temperature, f"{self.id}.temperature", rng=rng, base_dir=self.ctx.files_dir)

    # -- the line ---------------------------------------------------------------------------
    def _pull(self, low: bool) -> None:
        if self._line is not None:
            self._line.pull(self.id, low)

    def _edge(self, level: int) -> None:
        t = self.now()
        if t < self._mute_until:
            return                                   # our own presence pulse (or a peer's)
        if level:
            if self._fall_t is not None and t - self._fall_t >= RESET_MIN_NS:
                self._reset(t)
            self._fall_t = None
            return
        self._fall_t = t
        self._slot(t)

    def _reset(self, t: int) -> None:
        self.resets += 1
        self._seq += 1
        self._state = "rom"
        self._bits = []
        self._tx = []
        self._mute_until = t + PRESENCE_WAIT_NS + PRESENCE_NS + 1
        self.at(t + PRESENCE_WAIT_NS, self._pull, True)
        self.at(t + PRESENCE_WAIT_NS + PRESENCE_NS, self._pull, False)

    def _slot(self, t: int) -> None:
        state = self._state
        if state in ("rom", "match", "func", "write"):
            self.at(t + SAMPLE_NS, self._sample, self._seq)
        elif state == "busy":
            self._send(0 if t < self._done_t else 1)
        elif state == "tx":
            self._send(self._tx.pop(0) if self._tx else 1)
        elif state == "search":
            self._search_slot(t)

    def _send(self, bit: int) -> None:
        if bit == 0:
            self._pull(True)
            self.at(self.now() + HOLD0_NS, self._pull, False)

    def _sample(self, seq: int) -> None:
        if seq != self._seq:
            return
        num = self.gpio_of("dq")
        self._bits.append(self.gpio.pin(num).level)
        self._received()

    # -- protocol ---------------------------------------------------------------------------
    def _byte(self) -> int | None:
        if len(self._bits) < 8:
            return None
        value = sum(b << i for i, b in enumerate(self._bits[:8]))
        self._bits = self._bits[8:]
        return value

    def _received(self) -> None:
        state = self._state
        if state == "match":
            if len(self._bits) == 64:
                got = bytes(sum(b << i for i, b in enumerate(self._bits[k * 8:k * 8 + 8])) for k in range(8))
                self._bits = []
                self._state = "func" if got == self.rom else "idle"
            return
        if state == "write":
            if len(self._bits) == 24:
                data = [sum(b << i for i, b in enumerate(self._bits[k * 8:k * 8 + 8])) for k in range(3)]
                self.scratch[2], self.scratch[3] = data[0], data[1]
                self.scratch[4] = (data[2] & 0x60) | 0x1F
                self._state = "idle"
            return
        if state == "search":
            self._search_bit(self._bits.pop())
            return
        cmd = self._byte()
        if cmd is None:
            return
        if state == "rom":
            self._rom_command(cmd)
        elif state == "func":
            self._function(cmd)

    def _rom_command(self, cmd: int) -> None:
        if cmd == 0x33:
            self._start_tx(self.rom)
        elif cmd == 0x55:
            self._state = "match"
        elif cmd == 0xCC:
            self._state = "func"
        elif cmd == 0xF0:
            self._state = "search"
            self._search_i = 0
            self._search_phase = 0
        else:
            self._state = "idle"

    def _function(self, cmd: int) -> None:
        if cmd == 0x44:
            res = (self.scratch[4] >> 5) & 3
            self._done_t = self.now() + CONVERT_NS[res]
            self._state = "busy"
            self.conversions += 1
            self.at(self._done_t, self._convert_done, res)
        elif cmd == 0xBE:
            data = bytes(self.scratch)
            crc = crc8(data) ^ (0x01 if self.fault == "crc" else 0)
            self._start_tx(data + bytes([crc]))
        elif cmd == 0x4E:
            self._state = "write"
        elif cmd == 0xB4:
            self._tx = [1] * 8
            self._state = "tx"
        else:
            self._state = "idle"

    def _convert_done(self, res: int) -> None:
        raw = round(self._temp(self.now()) * 16)
        raw = min(max(raw, -55 * 16), 125 * 16)
        raw &= ~((1 << (3 - res)) - 1)             # lower resolutions leave low bits 0
        word = raw & 0xFFFF
        self.scratch[0], self.scratch[1] = word & 0xFF, word >> 8

    def _start_tx(self, data: bytes) -> None:
        self._tx = [(byte >> i) & 1 for byte in data for i in range(8)]
        self._state = "tx"

    # ROM search: per ROM bit the host reads the bit, reads its complement, writes its choice.
    def _search_slot(self, t: int) -> None:
        bit = (self.rom[self._search_i // 8] >> (self._search_i % 8)) & 1
        if self._search_phase == 0:
            self._send(bit)
            self._search_phase = 1
        elif self._search_phase == 1:
            self._send(bit ^ 1)
            self._search_phase = 2
        else:
            self.at(t + SAMPLE_NS, self._sample, self._seq)

    def _search_bit(self, chosen: int) -> None:
        bit = (self.rom[self._search_i // 8] >> (self._search_i % 8)) & 1
        if chosen != bit:
            self._state = "idle"                      # deselected until the next reset
            return
        self._search_i += 1
        self._search_phase = 0
        if self._search_i == 64:
            self._state = "func"

    def summary(self) -> dict:
        t = (self.scratch[1] << 8 | self.scratch[0])
        t = t - 0x10000 if t & 0x8000 else t
        return {"rom": self.rom.hex(), "resets": self.resets, "conversions": self.conversions,
                "celsius": t / 16}
