"""How each ``framebuf`` pixel format maps pixels onto the bytes of the caller's buffer.

One codec per format, following extmod/modframebuf.c (MicroPython v1.29 preview): ``set``,
``get`` and ``fill_rect`` with the C functions' exact bit layout and colour truncation. The
C ``fill_rect`` of every format writes exactly the pixels of the rectangle (the GS4 one with
memset, the others pixel by pixel), so the codecs here may take faster routes to the same
bytes: whole-byte runs become slice assignments and partial bytes one masked write, a page of
MONO_VLSB bits one ``bytes.translate``. Codecs work on a flat writable ``memoryview`` of the
caller's buffer, so drawing lands in the very object the firmware later sends over the bus.

Colours are truncated as the C stores them: mono formats keep ``col != 0``, GS2 ``col & 3``,
GS4 ``col & 0xf``, GS8 ``col & 0xff``, RGB565 the low 16 bits stored little-endian (the RP2040
and RP2350 are little-endian Arm cores).
"""

from __future__ import annotations

# constants for formats (modframebuf.c FRAMEBUF_*)
MVLSB = 0
RGB565 = 1
GS4_HMSB = 2
MHLSB = 3
MHMSB = 4
GS2_HMSB = 5
GS8 = 6

_TRANSLATE: dict[tuple[int, bool], bytes] = {}


def _table(mask: int, on: bool) -> bytes:
    """A bytes.translate table that sets (on) or clears the bits of ``mask`` in every byte."""
    key = (mask, on)
    table = _TRANSLATE.get(key)
    if table is None:
        table = bytes((b | mask) if on else (b & ~mask & 0xFF) for b in range(256))
        _TRANSLATE[key] = table
    return table


class Mvlsb:
    """MONO_VLSB: a byte is 8 vertical pixels, LSB on top; pages of 8 rows, ``stride`` bytes each."""

    __slots__ = ("buf", "stride")

    def __init__(self, buf: memoryview, stride: int) -> None:
        self.buf, self.stride = buf, stride

    def set(self, x: int, y: int, col: int) -> None:
        i = (y >> 3) * self.stride + x
        bit = 1 << (y & 7)
        buf = self.buf
        buf[i] = (buf[i] | bit) if col else (buf[i] & ~bit & 0xFF)

    def get(self, x: int, y: int) -> int:
        return (self.buf[(y >> 3) * self.stride + x] >> (y & 7)) & 1

    def fill_rect(self, x: int, y: int, w: int, h: int, col: int) -> None:
        buf, stride, on = self.buf, self.stride, col != 0
        y_end = y + h
        while y < y_end:
            page_end = (y | 7) + 1
            rows_end = min(y_end, page_end)
            mask = ((1 << (rows_end - y)) - 1) << (y & 7)
            start = (y >> 3) * stride + x
            if mask == 0xFF:
                buf[start:start + w] = (b"\xff" if on else b"\x00") * w
            else:
                buf[start:start + w] = bytes(buf[start:start + w]).translate(_table(mask, on))
            y = rows_end

    def scroll(self, xs: range, ys: range, xstep: int, ystep: int) -> None:
        """Copy pixel (x - xstep, y - ystep) to every (x, y) of xs x ys, as from a snapshot.

        Each column of the buffer is one integer (bit y = pixel y), so a vertical move is a
        shift and a horizontal one a change of column index.
        """
        buf, stride = self.buf, self.stride
        pages = range(((ys.stop - 1 - ystep) >> 3) + 1)   # up to the last source row's page
        columns = {}
        for sx in range(xs.start - xstep, xs.stop - xstep):
            value = 0
            for p in pages:
                value |= buf[p * stride + sx] << (p << 3)
            columns[sx] = value
        mask = ((1 << len(ys)) - 1) << ys.start
        for x in xs:
            src = columns[x - xstep]
            moved = (src << ystep) if ystep >= 0 else (src >> -ystep)
            for p in range(ys.start >> 3, ((ys.stop - 1) >> 3) + 1):
                m = (mask >> (p << 3)) & 0xFF
                i = p * stride + x
                buf[i] = (buf[i] & ~m & 0xFF) | ((moved >> (p << 3)) & m)


class Packed:
    """Horizontal formats with several pixels per byte: MONO_HLSB/HMSB, GS2_HMSB, GS4_HMSB.

    ``stride`` is in pixels and was rounded up by the constructor so that every row starts on
    a byte, so a pixel's byte is ``(x + y*stride) * bpp / 8`` and only its shift differs:
    MONO_HLSB puts x=0 in bit 7, MONO_HMSB in bit 0, GS2_HMSB x=0 in bits 1..0, GS4_HMSB x=0
    in the high nibble (gs4_hmsb_setpixel writes even x as ``col << 4``).
    """

    __slots__ = ("buf", "stride", "bpp", "ppb", "pix_mask", "shifts", "log2_ppb")

    def __init__(self, buf: memoryview, stride: int, fmt: int) -> None:
        self.buf, self.stride = buf, stride
        if fmt == MHLSB:
            self.bpp, self.shifts = 1, (7, 6, 5, 4, 3, 2, 1, 0)
        elif fmt == MHMSB:
            self.bpp, self.shifts = 1, (0, 1, 2, 3, 4, 5, 6, 7)
        elif fmt == GS2_HMSB:
            self.bpp, self.shifts = 2, (0, 2, 4, 6)
        else:  # GS4_HMSB
            self.bpp, self.shifts = 4, (4, 0)
        self.ppb = 8 // self.bpp
        self.log2_ppb = {1: 3, 2: 2, 4: 1}[self.bpp]
        self.pix_mask = (1 << self.bpp) - 1

    def colour(self, col: int) -> int:
        # mono: (col != 0); GS2: col & 0x3; GS4: (uint8_t)col & 0x0f (modframebuf.c setpixels)
        return (1 if col else 0) if self.bpp == 1 else col & self.pix_mask

    def set(self, x: int, y: int, col: int) -> None:
        i = (x + y * self.stride) >> self.log2_ppb
        shift = self.shifts[x & (self.ppb - 1)]
        pm = self.pix_mask << shift
        c = ((1 if col else 0) if self.bpp == 1 else col & self.pix_mask) << shift
        buf = self.buf
        buf[i] = c | (buf[i] & ~pm & 0xFF)

    def get(self, x: int, y: int) -> int:
        i = (x + y * self.stride) >> self.log2_ppb
        return (self.buf[i] >> self.shifts[x & (self.ppb - 1)]) & self.pix_mask

    def fill_rect(self, x: int, y: int, w: int, h: int, col: int) -> None:
        c = self.colour(col)
        ppb, shifts, pm = self.ppb, self.shifts, self.pix_mask
        full = 0
        for s in shifts:
            full |= c << s
        x_end = x + w
        first_byte, last_byte = x >> self.log2_ppb, (x_end - 1) >> self.log2_ppb
        # (byte offset in the row, mask of the rectangle's bits in that byte) for partial bytes
        partial: list[tuple[int, int]] = []
        lo_mask = 0
        for px in range(x, min(x_end, (first_byte + 1) * ppb)):
            lo_mask |= pm << shifts[px & (ppb - 1)]
        if lo_mask != 0xFF:
            partial.append((first_byte, lo_mask))
            run_start = first_byte + 1
        else:
            run_start = first_byte
        run_end = last_byte + 1
        if last_byte > first_byte:
            hi_mask = 0
            for px in range(last_byte * ppb, x_end):
                hi_mask |= pm << shifts[px & (ppb - 1)]
            if hi_mask != 0xFF:
                partial.append((last_byte, hi_mask))
                run_end = last_byte
        elif lo_mask != 0xFF:
            run_end = run_start  # the whole run sits inside one partial byte
        run = bytes((full,)) * max(0, run_end - run_start)
        buf = self.buf
        row_bytes = self.stride >> self.log2_ppb
        for yy in range(y, y + h):
            base = yy * row_bytes
            if run:
                buf[base + run_start:base + run_end] = run
            for off, mask in partial:
                i = base + off
                buf[i] = (full & mask) | (buf[i] & ~mask & 0xFF)

    def scroll(self, xs: range, ys: range, xstep: int, ystep: int) -> None:
        big = self.shifts[0] > self.shifts[-1]   # MONO_HLSB, GS4_HMSB: x=0 in the high bits
        scroll_rows(self, self.stride >> self.log2_ppb, self.bpp, big, xs, ys, xstep, ystep)


class Rgb565:
    """RGB565: one little-endian 16-bit word per pixel, ``stride`` pixels per row."""

    __slots__ = ("buf", "stride")

    def __init__(self, buf: memoryview, stride: int) -> None:
        self.buf, self.stride = buf, stride

    def set(self, x: int, y: int, col: int) -> None:
        i = (x + y * self.stride) << 1
        self.buf[i] = col & 0xFF
        self.buf[i + 1] = (col >> 8) & 0xFF

    def get(self, x: int, y: int) -> int:
        i = (x + y * self.stride) << 1
        return self.buf[i] | (self.buf[i + 1] << 8)

    def fill_rect(self, x: int, y: int, w: int, h: int, col: int) -> None:
        run = (col & 0xFFFF).to_bytes(2, "little") * w
        buf, stride = self.buf, self.stride
        for yy in range(y, y + h):
            i = (x + yy * stride) << 1
            buf[i:i + 2 * w] = run

    def scroll(self, xs: range, ys: range, xstep: int, ystep: int) -> None:
        scroll_rows(self, self.stride * 2, 16, False, xs, ys, xstep, ystep)


class Gs8:
    """GS8: one byte per pixel, ``stride`` bytes per row."""

    __slots__ = ("buf", "stride")

    def __init__(self, buf: memoryview, stride: int) -> None:
        self.buf, self.stride = buf, stride

    def set(self, x: int, y: int, col: int) -> None:
        self.buf[x + y * self.stride] = col & 0xFF

    def get(self, x: int, y: int) -> int:
        return self.buf[x + y * self.stride]

    def fill_rect(self, x: int, y: int, w: int, h: int, col: int) -> None:
        run = bytes((col & 0xFF,)) * w
        buf, stride = self.buf, self.stride
        for yy in range(y, y + h):
            i = x + yy * stride
            buf[i:i + w] = run

    def scroll(self, xs: range, ys: range, xstep: int, ystep: int) -> None:
        scroll_rows(self, self.stride, 8, False, xs, ys, xstep, ystep)


def scroll_rows(codec, row_bytes: int, bpp: int, big: bool, xs: range, ys: range, xstep: int, ystep: int) -> None:
    """Scroll for the row-major formats: each row is one integer of ``row_bytes`` bytes.

    Pixel x sits at bit x*bpp of the little-endian integer (MONO_HMSB, GS2_HMSB, GS8, RGB565)
    or at the mirrored place of the big-endian one (MONO_HLSB: x=0 in bit 7 of byte 0;
    GS4_HMSB: x=0 in the high nibble), so a horizontal move is a shift by xstep*bpp bits.
    """
    buf = codec.buf
    order = "big" if big else "little"
    nbits = row_bytes * 8
    lo, hi = xs.start * bpp, xs.stop * bpp
    mask = ((1 << (hi - lo)) - 1) << (nbits - hi if big else lo)
    shift = xstep * bpp
    if big:
        shift = -shift
    keep = ~mask
    sources = [int.from_bytes(buf[(y - ystep) * row_bytes:(y - ystep + 1) * row_bytes], order) for y in ys]
    for y, src in zip(ys, sources, strict=True):
        moved = (src << shift) if shift >= 0 else (src >> -shift)
        start = y * row_bytes
        dest = int.from_bytes(buf[start:start + row_bytes], order)
        buf[start:start + row_bytes] = ((dest & keep) | (moved & mask)).to_bytes(row_bytes, order)


def codec(fmt: int, buf: memoryview, stride: int):
    if fmt == MVLSB:
        return Mvlsb(buf, stride)
    if fmt == RGB565:
        return Rgb565(buf, stride)
    if fmt == GS8:
        return Gs8(buf, stride)
    return Packed(buf, stride, fmt)
