"""``ssd1306``: a 128x64 (or smaller) OLED controller decoding its command/data stream.

``controller = "sh1106"`` models the SH1106 found on most 1.3" modules instead: 132-column
RAM (a 128-wide panel shows columns 2..129), page addressing only; SSD1306-only commands
are ignored.

Wired over I2C (``scl``/``sda``, ``address`` 0x3C or 0x3D) or 4-wire SPI (``sck``/``mosi``
plus the ``dc`` data/command GPIO and an optional active-low ``cs``; ``res`` low resets).
Follows the Solomon Systech SSD1306 datasheet (rev 1.1): on I2C every transfer starts with
a control byte whose bit 6 (D/C#) says data or commands and bit 7 (Co) says whether only
one byte follows before the next control byte (section 8.1.5.2); commands with parameters
take them as further command bytes, even across transfers (micropython-lib's driver sends
each one in its own ``writeto``). Data goes to the 128 x 8-page GDDRAM at the pointer the
addressing mode moves (0x20: horizontal, vertical, page; 0x21/0x22 windows; 0xB0-0xB7 and
0x00-0x1F in page mode; section 10.1.3).

The visible screen applies display on/off (0xAE/0xAF), inverse (0xA6/0xA7), entire display
on (0xA5), start line (0x40-0x7F), display offset (0xD3), multiplex ratio (0xA8) and the
segment/COM remaps. Modules are mounted so that the drivers' usual 0xA1 + 0xC8 shows the
image upright; without them it appears mirrored or upside down, as on the bench. Not
modelled: the COM pin configuration (0xDA) wiring variants, hardware scrolling (0x26-0x2F
are parsed and ignored), fade/zoom, contrast as brightness except in the PNG, reads.

Results: ``parts.<id>.screen`` is the final screen as rows of ``#``/``.``; ``updates``
counts data transfers. ``png = "oled.png"`` also writes the screen as a PNG (path relative
to the scenario's directory) when the run ends; ``screen_png()`` gives the bytes.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ...errors import ScenarioError
from .base import Param, Part, register
from .bus import table

COLUMNS, PAGES = 128, 8
SH1106_COLUMNS = 132   # SH1106: 132 x 64 RAM, page addressing only (Sino Wealth SH1106 datasheet)
# Parameter bytes that follow each command (datasheet section 9, command table).
ARGS = {0x81: 1, 0x20: 1, 0x21: 2, 0x22: 2, 0xA8: 1, 0xD3: 1, 0xDA: 1, 0xD5: 1, 0xD9: 1, 0xDB: 1,
        0x8D: 1, 0xA3: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5, 0xAD: 1, 0xD6: 1}
HORIZONTAL, VERTICAL, PAGE = 0, 1, 2
# SSD1306 commands the SH1106 lacks: addressing modes and windows, charge pump, scrolling.
SSD1306_ONLY = frozenset({0x20, 0x21, 0x22, 0x8D, 0x26, 0x27, 0x29, 0x2A, 0x2E, 0x2F, 0xA3, 0xD6})


@register("ssd1306")
class Ssd1306(Part):
    pins = ("scl", "sda", "sck", "mosi", "dc", "cs", "res")
    outputs = ()   # SDA is shared with other I2C targets; spec/check.py must not flag it
    params = {
        "address": Param("int", 0x3C, "7-bit I2C address: 0x3C, or 0x3D with SA0 high"),
        "controller": Param("str", "ssd1306", "ssd1306 | sh1106 (132-column RAM, page addressing only)"),
        "width": Param("int", 128, "panel columns (128, 96, 72, 64 ...)"),
        "height": Param("int", 64, "panel rows (64, 48, 40, 32, 16)"),
        "col_offset": Param("int", None, "first RAM column the panel shows; default (RAM columns - width) // 2"),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
        "png": Param("str", None, "write the final screen to this PNG file (relative to the scenario)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "controller" and value not in ("ssd1306", "sh1106"):
            raise ScenarioError(f"ssd1306.controller must be ssd1306 or sh1106, got {value!r}")
        if key == "width" and not 1 <= value <= COLUMNS:
            raise ScenarioError(f"ssd1306.width must be 1..{COLUMNS}, got {value}")
        if key == "height" and not 1 <= value <= 8 * PAGES:
            raise ScenarioError(f"ssd1306.height must be 1..{8 * PAGES}, got {value}")
        if key == "address" and value not in (0x3C, 0x3D):
            raise ScenarioError(f"ssd1306.address must be 0x3C or 0x3D, got {value:#x}",
                                hint="the SSD1306 answers on 0b011110 + SA0 (datasheet 8.1.5.1)")
        if key == "col_offset" and not 0 <= value < SH1106_COLUMNS:
            raise ScenarioError(f"ssd1306.col_offset must be 0..{SH1106_COLUMNS - 1}, got {value}")
        return value

    def begin(self) -> None:
        self.columns = SH1106_COLUMNS if self.controller == "sh1106" else COLUMNS
        if self.col_offset is None:
            self.col_offset = (self.columns - self.width) // 2
        if self.col_offset + self.width > self.columns:
            raise ScenarioError(f"part '{self.id}': col_offset {self.col_offset} + width {self.width} is past "
                                f"column {self.columns - 1}")
        self.ram = bytearray(self.columns * PAGES)
        self.reset()
        self.updates = 0
        self.data_bytes = 0
        self.commands = 0
        self.nacks = 0
        self.last_update_ns: int | None = None
        scl, sda = self.gpio_of("scl"), self.gpio_of("sda")
        if scl is not None and sda is not None:
            table(self.gpio).i2c.append((scl, sda, self))
        sck = self.gpio_of("sck")
        if sck is not None:
            table(self.gpio).spi.append((sck, self.gpio_of("mosi"), None, self))
        self._cs = self.gpio_of("cs")
        self._dc = self.gpio_of("dc")
        self.watch("res", self._res_edge)

    def reset(self) -> None:
        """Power-on / RES# state (datasheet section 8.9): display off, page addressing."""
        self.on = False
        self.inverse = False
        self.entire_on = False
        self.contrast = 0x7F
        self.start_line = 0
        self.offset = 0
        self.mux = 63
        self.seg_remap = False
        self.com_remap = False
        self.mode = PAGE
        self.col = self.page = self.page_col_start = 0
        self.col_start, self.col_end = 0, self.columns - 1
        self.page_start, self.page_end = 0, PAGES - 1
        self._cmd: list[int] = []      # a command waiting for its parameter bytes
        self._control: str | None = None

    def _res_edge(self, level: int) -> None:
        if level == 0:
            self.reset()

    # -- the I2C target protocol (hw/parts/bus.py) -----------------------------------------
    def i2c_start(self, read: bool, t_ns: int) -> bool:
        if not self.present:
            self.nacks += 1
            return False
        self._control = "control"
        self._wrote_data = False
        return True

    def i2c_write(self, byte: int, t_ns: int) -> bool:
        if self._control == "control":
            # Co (bit 7): one byte, then another control byte; D/C# (bit 6): data or command
            kind = "data" if byte & 0x40 else "command"
            self._control = kind + ("-once" if byte & 0x80 else "")
            return True
        kind = self._control
        if kind.endswith("-once"):
            self._control = "control"
            kind = kind[:-5]
        if kind == "data":
            self._data(byte, t_ns)
        else:
            self._command(byte)
        return True

    def i2c_read(self, t_ns: int) -> int:
        return 0x00   # status read (D/C# low): not modelled; display on/off bit reads 0

    def i2c_stop(self, t_ns: int) -> None:
        self._control = None
        if self._wrote_data:
            self.updates += 1
            self.last_update_ns = t_ns

    # -- the SPI device protocol -------------------------------------------------------------
    def spi_selected(self) -> bool:
        return self._cs is None or self.gpio.pin(self._cs).level == 0

    def spi_exchange(self, byte: int, t_ns: int) -> None:
        if self._dc is not None and self.gpio.pin(self._dc).level:
            if not self._wrote_data:
                self.updates += 1
            self._wrote_data = True
            self._data(byte, t_ns)
            self.last_update_ns = t_ns
        else:
            self._command(byte)
        return None   # the SSD1306 has no MISO

    def spi_call_end(self, t_ns: int) -> None:
        self._wrote_data = False

    _wrote_data = False

    # -- commands and GDDRAM -----------------------------------------------------------------
    def _command(self, byte: int) -> None:
        cmd = self._cmd
        if cmd:
            cmd.append(byte)
            if len(cmd) <= ARGS[cmd[0]]:
                return
            self._cmd = []
            self._apply(cmd[0], cmd[1:])
            return
        self.commands += 1
        if self.columns == SH1106_COLUMNS and byte in SSD1306_ONLY:
            return   # not an SH1106 command: ignored, its parameters then read as commands
        if byte in ARGS:
            self._cmd = [byte]
        else:
            self._apply(byte, [])

    def _apply(self, op: int, args: list[int]) -> None:
        if op == 0x81:
            self.contrast = args[0]
        elif op == 0x20:
            self.mode = args[0] & 3 if args[0] & 3 != 3 else self.mode   # 3 is invalid
        elif op == 0x21:
            self.col_start, self.col_end = args[0] & 0x7F, args[1] & 0x7F
            self.col = self.col_start
        elif op == 0x22:
            self.page_start, self.page_end = args[0] & 7, args[1] & 7
            self.page = self.page_start
        elif op == 0xA8:
            if (args[0] & 0x3F) >= 15:     # values 0..14 are invalid
                self.mux = args[0] & 0x3F
        elif op == 0xD3:
            self.offset = args[0] & 0x3F
        elif op in (0xAE, 0xAF):
            self.on = op == 0xAF
        elif op in (0xA6, 0xA7):
            self.inverse = op == 0xA7
        elif op in (0xA4, 0xA5):
            self.entire_on = op == 0xA5
        elif op in (0xA0, 0xA1):
            self.seg_remap = op == 0xA1
        elif op in (0xC0, 0xC8):
            self.com_remap = op == 0xC8
        elif 0x40 <= op <= 0x7F:
            self.start_line = op & 0x3F
        elif 0xB0 <= op <= 0xB7:
            self.page = op & 7          # page addressing mode
        elif op <= 0x0F:
            self.col = self.page_col_start = (self.page_col_start & 0xF0) | op
        elif op <= 0x1F:
            self.col = self.page_col_start = (self.page_col_start & 0x0F) | ((op & 0x07) << 4)
        # everything else (clock, precharge, VCOMH, charge pump, scrolling, NOP 0xE3) keeps
        # the GDDRAM and the mapping as they are

    def _data(self, byte: int, t_ns: int) -> None:
        self.ram[self.page * self.columns + self.col] = byte
        self.data_bytes += 1
        self._wrote_data = True
        if self.mode == PAGE:
            # the column pointer returns to the 0x00-0x1F start at the page end (datasheet 10.1.3)
            self.col = self.col + 1 if self.col < self.columns - 1 else self.page_col_start
        elif self.mode == HORIZONTAL:
            if self.col < self.col_end:
                self.col += 1
            else:
                self.col = self.col_start
                self.page = self.page + 1 if self.page < self.page_end else self.page_start
        else:  # VERTICAL
            if self.page < self.page_end:
                self.page += 1
            else:
                self.page = self.page_start
                self.col = self.col + 1 if self.col < self.col_end else self.col_start

    # -- what the panel shows ----------------------------------------------------------------
    def pixels(self) -> list[list[int]]:
        """The panel's rows, 1 = lit: GDDRAM through the start line, offset, mux and remaps."""
        rows = []
        for y in range(self.height):
            if not self.on:
                rows.append([0] * self.width)
                continue
            com = y if self.com_remap else self.height - 1 - y
            if com > self.mux:
                rows.append([0] * self.width)
                continue
            ram_row = (com + self.start_line + self.offset) % 64
            base = (ram_row >> 3) * self.columns
            bit = ram_row & 7
            row = []
            for x in range(self.width):
                col = self.col_offset + x if self.seg_remap else self.columns - 1 - (self.col_offset + x)
                lit = 1 if self.entire_on else (self.ram[base + col] >> bit) & 1
                row.append(lit ^ 1 if self.inverse else lit)
            rows.append(row)
        return rows

    def screen(self) -> list[str]:
        return ["".join("#" if p else "." for p in row) for row in self.pixels()]

    def png_bytes(self, scale: int = 4) -> bytes:
        return screen_png(self.pixels(), scale=scale, level=64 + self.contrast * 191 // 255)

    def summary(self) -> dict:
        if self.png:
            base = Path(self.ctx.files_dir) if self.ctx.files_dir is not None else Path.cwd()
            (base / self.png).write_bytes(self.png_bytes())
        return {"on": self.on, "inverse": self.inverse, "contrast": self.contrast, "updates": self.updates,
                "data_bytes": self.data_bytes, "commands": self.commands, "nacks": self.nacks,
                "last_update_ns": self.last_update_ns, "screen": self.screen()}


def screen_png(rows: list[list[int]], *, scale: int = 4, level: int = 255) -> bytes:
    """An 8-bit greyscale PNG of lit/unlit pixels (stdlib only: zlib + the PNG chunk layout)."""
    height = len(rows) * scale
    width = (len(rows[0]) if rows else 0) * scale
    raw = bytearray()
    for row in rows:
        line = b"\x00" + bytes(level if p else 0 for p in row for _ in range(scale))
        raw += line * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) \
        + chunk(b"IEND", b"")
