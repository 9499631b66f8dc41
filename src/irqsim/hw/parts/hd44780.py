"""The HD44780 character-LCD controller, fed the levels of its RS/RW/E/D4..D7 lines.

Follows the Hitachi HD44780U datasheet (ADE-207-272(Z) '99.9 rev 0.0):

- Data is latched on the falling edge of E (bus timing, figure 25). After power-on the
  interface is 8 bits wide; with only D4..D7 wired every strobe is a whole instruction with
  DB3..DB0 = 0, until a function set with DL = 0 switches to 4 bits, after which an
  instruction or data byte takes two strobes, high nibble first (figure 24, "4-bit interface").
- Instructions (table 6): clear display (DDRAM all 0x20, AC = 0, I/D = 1), return home,
  entry mode set (I/D, S), display on/off control (D, C, B), cursor or display shift,
  function set (DL, N, F), set CGRAM address, set DDRAM address. Data goes to DDRAM or CGRAM,
  whichever address was set last; AC moves by I/D; S shifts the display on DDRAM writes.
- Execution times at fosc = 270 kHz (table 6): 1.52 ms for clear and return home, 37 us for
  the others, 37 + 4 us for a data write. An instruction arriving while the previous one still
  runs (busy flag 1) is not accepted ("the next instruction will not be accepted", section
  "Busy Flag"): it is dropped and counted in ``lost``, so a driver that does not wait after a
  clear loses characters as on the bench.
- Reads (RW = 1): RS = 0 gives the busy flag and AC, RS = 1 the DDRAM/CGRAM byte at AC.
- DDRAM addresses (section "Display Data RAM"): 2-line mode lines at 0x00..0x27 and
  0x40..0x67; 20x4 modules show rows 0..3 from 0x00, 0x40, 0x14, 0x54; 1-line mode 0x00..0x4F.

The visible text maps character codes of the A00 ROM (table 4) to text: 0x20..0x7D as ASCII
except 0x5C = yen, 0x7E/0x7F arrows; CGRAM codes 0x00..0x0F show as a block; other codes '?'.
"""

from __future__ import annotations

CLEAR_NS = 1_520_000
CMD_NS = 37_000
DATA_NS = 41_000
ROW_BASE = (0x00, 0x40, 0x14, 0x54)
CUSTOM_GLYPH = "\u2588"


def glyph(code: int) -> str:
    if code < 0x10:
        return CUSTOM_GLYPH
    if code == 0x5C:
        return "\u00a5"
    if code == 0x7E:
        return "\u2192"
    if code == 0x7F:
        return "\u2190"
    return chr(code) if 0x20 <= code < 0x7E else "?"


class Hd44780:
    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.ddram = bytearray(b" " * 0x80)
        self.cgram = bytearray(64)
        self.four_bit = False
        self.pending: int | None = None     # high nibble of a 4-bit transfer
        self.read_low = False               # next read strobe gives the low nibble
        self.two_lines = rows > 1
        self.ac = 0
        self.to_cgram = False
        self.increment, self.shift_on_write = True, False
        self.display_on, self.cursor_on, self.blink_on = False, False, False
        self.shift = 0
        self.busy_until = 0
        self.instructions = self.characters = self.lost = 0

    # -- the lines ------------------------------------------------------------------------
    def strobe(self, rs: int, rw: int, nibble: int, t_ns: int) -> None:
        """E fell with RS/RW/D7..D4 at these levels (a write strobe; reads use ``read``)."""
        if rw:
            return
        if not self.four_bit:
            self._execute(rs, nibble << 4, t_ns)
            return
        if self.pending is None:
            self.pending = nibble
            return
        byte, self.pending = (self.pending << 4) | nibble, None
        self._execute(rs, byte, t_ns)

    def read(self, rs: int, t_ns: int) -> int:
        """D7..D4 while E is high with RW = 1 (busy flag + AC, or RAM data)."""
        if rs:
            byte = (self.cgram[self.ac & 0x3F] if self.to_cgram else self.ddram[self._addr(self.ac)])
        else:
            byte = (0x80 if t_ns < self.busy_until else 0) | (self.ac & 0x7F)
        if not self.four_bit:
            return byte >> 4
        low, self.read_low = self.read_low, not self.read_low
        if low and rs:
            self._move()
        return byte & 0x0F if low else byte >> 4

    # -- instructions -----------------------------------------------------------------------
    def _execute(self, rs: int, byte: int, t_ns: int) -> None:
        if t_ns < self.busy_until:
            self.lost += 1
            return
        self.read_low = False
        if rs:
            self.characters += 1
            if self.to_cgram:
                self.cgram[self.ac & 0x3F] = byte
            else:
                self.ddram[self._addr(self.ac)] = byte
                if self.shift_on_write:
                    self.shift += 1 if self.increment else -1
            self._move()
            self.busy_until = t_ns + DATA_NS
            return
        self.instructions += 1
        busy = CMD_NS
        if byte & 0x80:                                   # set DDRAM address
            self.ac, self.to_cgram = byte & 0x7F, False
        elif byte & 0x40:                                 # set CGRAM address
            self.ac, self.to_cgram = byte & 0x3F, True
        elif byte & 0x20:                                 # function set
            self.four_bit = not byte & 0x10
            self.two_lines = bool(byte & 0x08)
        elif byte & 0x10:                                 # cursor or display shift
            step = 1 if byte & 0x04 else -1               # R/L: 1 = right
            if byte & 0x08:
                self.shift -= step                        # text moves right: window moves left
            else:
                self.ac = (self.ac + step) & 0x7F
        elif byte & 0x08:                                 # display on/off control
            self.display_on, self.cursor_on, self.blink_on = bool(byte & 4), bool(byte & 2), bool(byte & 1)
        elif byte & 0x04:                                 # entry mode set
            self.increment, self.shift_on_write = bool(byte & 2), bool(byte & 1)
        elif byte & 0x02:                                 # return home
            self.ac, self.to_cgram, self.shift, busy = 0, False, 0, CLEAR_NS
        elif byte & 0x01:                                 # clear display
            self.ddram[:] = b" " * 0x80
            self.ac, self.to_cgram, self.shift, self.increment, busy = 0, False, 0, True, CLEAR_NS
        self.busy_until = t_ns + busy

    def _move(self) -> None:
        step = 1 if self.increment else -1
        if self.to_cgram:
            self.ac = (self.ac + step) & 0x3F
        elif self.two_lines:
            line, col = self.ac & 0x40, ((self.ac & 0x3F) + step) % 40    # 40 per line, wraps to the other
            if (self.ac & 0x3F) + step in (40, -1):
                line ^= 0x40
            self.ac = line | col
        else:
            self.ac = ((self.ac & 0x7F) + step) % 80

    def _addr(self, ac: int) -> int:
        return ac & 0x7F

    # -- what the glass shows ------------------------------------------------------------------
    def screen(self) -> list[str]:
        rows = []
        for r in range(self.rows):
            if not self.display_on:
                rows.append(" " * self.columns)
                continue
            text = []
            for c in range(self.columns):
                if self.two_lines:
                    base = ROW_BASE[r] & 0x3F if r < 4 else 0
                    addr = (ROW_BASE[r] & 0x40) | ((base + c + self.shift) % 40)
                else:
                    addr = (ROW_BASE[r] + c + self.shift) % 80 if r < 4 else 0
                text.append(glyph(self.ddram[addr]))
            rows.append("".join(text))
        return rows
