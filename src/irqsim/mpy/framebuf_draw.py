"""The drawing algorithms of extmod/modframebuf.c, step for step, on a FrameBuffer's codec.

Which pixels a line, ellipse or filled polygon touches is decided by integer arithmetic in
the C (Bresenham with its ``while (e >= 0)`` inner loop, the two-region midpoint ellipse, the
scan-line polygon fill rounding with ``(32*... + 16) / 32`` and C's truncating division), so
only the same steps give the same bytes. Each function returns the work it did, in the units
FrameBuffer charges: pixel operations (setpixel/getpixel calls) and pixels filled by a
format's fill_rect.
"""

from __future__ import annotations

from .framebuf_font import FIRST_CODE, FONT_PETME128_8X8, GLYPH_BYTES, LAST_CODE
from .framebuf_formats import Mvlsb

# Q2 Q1
# Q3 Q4   (modframebuf.c ELLIPSE_MASK_*)
ELLIPSE_MASK_FILL = 0x10
ELLIPSE_MASK_ALL = 0x0F
ELLIPSE_MASK_Q1 = 0x01
ELLIPSE_MASK_Q2 = 0x02
ELLIPSE_MASK_Q3 = 0x04
ELLIPSE_MASK_Q4 = 0x08


def cdiv(a: int, b: int) -> int:
    """C integer division (truncates towards zero; Python's // floors)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def fill_rect(fb, x: int, y: int, w: int, h: int, col: int) -> int:
    """The clipping fill_rect; returns the number of pixels the format's loop writes."""
    width, height = fb._fb_w, fb._fb_h
    if h < 1 or w < 1 or x + w <= 0 or y + h <= 0 or y >= height or x >= width:
        return 0
    xend = min(width, x + w)
    yend = min(height, y + h)
    x = max(x, 0)
    y = max(y, 0)
    fb._fb_codec.fill_rect(x, y, xend - x, yend - y, col)
    return (xend - x) * (yend - y)


def line(fb, x1: int, y1: int, x2: int, y2: int, col: int) -> int:
    """Bresenham as modframebuf.c line(): the last point is drawn separately."""
    width, height = fb._fb_w, fb._fb_h
    setpixel = fb._fb_codec.set
    dx = x2 - x1
    if dx > 0:
        sx = 1
    else:
        dx, sx = -dx, -1
    dy = y2 - y1
    if dy > 0:
        sy = 1
    else:
        dy, sy = -dy, -1
    steep = dy > dx
    if steep:
        x1, y1 = y1, x1
        dx, dy = dy, dx
        sx, sy = sy, sx
    e = 2 * dy - dx
    # The C tests ``steep`` inside the loop; two loops give the same points with less work.
    if steep:
        for _ in range(dx):
            if 0 <= y1 < width and 0 <= x1 < height:
                setpixel(y1, x1, col)
            while e >= 0:
                y1 += sy
                e -= 2 * dx
            x1 += sx
            e += 2 * dy
    else:
        for _ in range(dx):
            if 0 <= x1 < width and 0 <= y1 < height:
                setpixel(x1, y1, col)
            while e >= 0:
                y1 += sy
                e -= 2 * dx
            x1 += sx
            e += 2 * dy
    if 0 <= x2 < width and 0 <= y2 < height:
        setpixel(x2, y2, col)
    return dx + 1


def _ellipse_points(fb, cx: int, cy: int, x: int, y: int, col: int, mask: int, spans) -> int:
    if spans is not None:
        # draw_ellipse_points with ELLIPSE_MASK_FILL: one fill_rect per quadrant, Q1/Q4 from cx
        # rightwards and Q2/Q3 leftwards. Here each is counted as fill_rect clips it, and the
        # row's union (all contain cx) is drawn once after the walk: same pixels, same colour.
        width, height = fb._fb_w, fb._fb_h
        filled = 0
        left_x = cx - x
        right_end = cx + x + 1
        right = (right_end if right_end < width else width) - (cx if cx > 0 else 0)
        left = (cx + 1 if cx + 1 < width else width) - (left_x if left_x > 0 else 0)
        for row, q_right, q_left in ((cy - y, mask & ELLIPSE_MASK_Q1, mask & ELLIPSE_MASK_Q2),
                                     (cy + y, mask & ELLIPSE_MASK_Q4, mask & ELLIPSE_MASK_Q3)):
            if row < 0 or row >= height:
                continue
            if q_right and right > 0:
                filled += right
            if q_left and left > 0:
                filled += left
            if q_right or q_left:
                lo = left_x if q_left else cx
                hi = cx + x if q_right else cx
                span = spans.get(row)
                if span is None:
                    spans[row] = [lo, hi]
                else:
                    if lo < span[0]:
                        span[0] = lo
                    if hi > span[1]:
                        span[1] = hi
        return filled
    width, height = fb._fb_w, fb._fb_h
    setpixel = fb._fb_codec.set
    for qmask, px, py in ((ELLIPSE_MASK_Q1, cx + x, cy - y), (ELLIPSE_MASK_Q2, cx - x, cy - y),
                          (ELLIPSE_MASK_Q3, cx - x, cy + y), (ELLIPSE_MASK_Q4, cx + x, cy + y)):
        if mask & qmask and 0 <= px < width and 0 <= py < height:
            setpixel(px, py, col)
    return 0


def ellipse(fb, cx: int, cy: int, xr: int, yr: int, col: int, mask: int) -> tuple[int, int]:
    """framebuf_ellipse: two point sets (slope above and below -1); returns (pixel ops, filled)."""
    if xr == 0 and yr == 0:
        if mask & ELLIPSE_MASK_ALL and 0 <= cx < fb._fb_w and 0 <= cy < fb._fb_h:
            fb._fb_codec.set(cx, cy, col)
        return 1, 0
    ops = filled = 0
    spans: dict[int, list[int]] | None = {} if mask & ELLIPSE_MASK_FILL else None
    two_asquare = 2 * xr * xr
    two_bsquare = 2 * yr * yr
    x, y = xr, 0
    xchange = yr * yr * (1 - 2 * xr)
    ychange = xr * xr
    error = 0
    stoppingx = two_bsquare * xr
    stoppingy = 0
    while stoppingx >= stoppingy:   # 1st set of points, y' > -1
        filled += _ellipse_points(fb, cx, cy, x, y, col, mask, spans)
        ops += 4
        y += 1
        stoppingy += two_asquare
        error += ychange
        ychange += two_asquare
        if 2 * error + xchange > 0:
            x -= 1
            stoppingx -= two_bsquare
            error += xchange
            xchange += two_bsquare
    x, y = 0, yr
    xchange = yr * yr
    ychange = xr * xr * (1 - 2 * yr)
    error = 0
    stoppingx = 0
    stoppingy = two_asquare * yr
    while stoppingx <= stoppingy:   # 2nd set of points, y' < -1
        filled += _ellipse_points(fb, cx, cy, x, y, col, mask, spans)
        ops += 4
        x += 1
        stoppingx += two_bsquare
        error += xchange
        xchange += two_bsquare
        if 2 * error + ychange > 0:
            y -= 1
            stoppingy -= two_asquare
            error += ychange
            ychange += two_asquare
    if spans:
        # Every span of a row contains cx, so the union the C draws span by span is one run.
        for row, (lo, hi) in spans.items():
            fill_rect(fb, lo, row, hi - lo + 1, 1, col)
    return ops, filled


def poly_coords(obj) -> list[int]:
    """The vertex array (any buffer: array('h'), bytes ...), rounded down to whole (x, y) pairs."""
    from .framebuf import buffer_of, mp_int

    obj = buffer_of(obj)
    try:
        view = memoryview(obj.encode() if isinstance(obj, str) else obj)
    except TypeError:
        raise TypeError("object with buffer protocol required") from None
    values = view.tolist() if view.ndim == 1 else view.cast("B").tolist()
    n_poly = view.nbytes // (view.itemsize * 2)
    return [mp_int(v) for v in values[:n_poly * 2]]


def poly(fb, x: int, y: int, v: list[int], col: int, fill: bool) -> tuple[int, int]:
    """framebuf_poly: outline with line(), or the integer scan-line fill."""
    n_poly = len(v) // 2
    ops = filled = 0
    if not fill:
        px1, py1 = v[0], v[1]
        i = n_poly * 2 - 1
        while True:
            py2, px2 = v[i], v[i - 1]
            i -= 2
            ops += line(fb, x + px1, y + py1, x + px2, y + py2, col)
            px1, py1 = px2, py2
            if i < 0:
                return ops, filled
    ys = v[1::2]
    width, height = fb._fb_w, fb._fb_h
    setpixel = fb._fb_codec.set
    for row in range(min(ys), max(ys) + 1):
        nodes = []
        px1, py1 = v[0], v[1]
        i = n_poly * 2 - 1
        while True:
            py2, px2 = v[i], v[i - 1]
            i -= 2
            ops += 1
            # The bottom pixel of an edge is left out so that it is not counted twice with
            # the start of the next edge; local minima are drawn explicitly below.
            if py1 != py2 and ((py1 > row >= py2) or (py1 <= row < py2)):
                nodes.append(cdiv(32 * px1 + cdiv(32 * (px2 - px1) * (row - py1), py2 - py1) + 16, 32))
            elif row == max(py1, py2):
                if py1 < py2:
                    if 0 <= x + px2 < width and 0 <= y + py2 < height:
                        setpixel(x + px2, y + py2, col)
                elif py2 < py1:
                    if 0 <= x + px1 < width and 0 <= y + py1 < height:
                        setpixel(x + px1, y + py1, col)
                else:
                    ops += line(fb, x + px1, y + py1, x + px2, y + py2, col)
            px1, py1 = px2, py2
            if i < 0:
                break
        if not nodes:
            continue
        nodes.sort()   # the C bubble-sorts; the order of equal ints cannot differ
        for k in range(0, len(nodes) - 1, 2):
            filled += fill_rect(fb, x + nodes[k], y + row, nodes[k + 1] - nodes[k] + 1, 1, col)
    return ops, filled


def _palette_get(palette, col: int) -> int:
    """getpixel(&palette, col, 0): the C does not bound-check; past the buffer we read 0."""
    try:
        return palette._fb_codec.get(col, 0)
    except IndexError:
        return 0


def blit(fb, source, x: int, y: int, key: int, palette) -> int:
    """framebuf_blit: copy with clipping, optional palette lookup and transparent key."""
    sw, sh = source._fb_w, source._fb_h
    if x >= fb._fb_w or y >= fb._fb_h or -x >= sw or -y >= sh:
        return 0
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = max(0, -x), max(0, -y)
    x0end, y0end = min(fb._fb_w, x + sw), min(fb._fb_h, y + sh)
    ukey = key & 0xFFFFFFFF   # compared as uint32_t
    get, setpixel = source._fb_codec.get, fb._fb_codec.set
    ops = 0
    for yy in range(y0, y0end):
        cx1 = x1
        for cx0 in range(x0, x0end):
            col = get(cx1, y1)
            if palette is not None:
                col = _palette_get(palette, col)
            if col != ukey:
                setpixel(cx0, yy, col)
            cx1 += 1
        y1 += 1
        ops += (x0end - x0) * (3 if palette is not None else 2)
    return ops


def scroll(fb, xstep: int, ystep: int) -> int:
    """framebuf_scroll: move the image by (xstep, ystep); uncovered pixels keep their value.

    The C walks the rectangle in the direction that never reads a pixel it already wrote, so
    the result equals copying from a snapshot of the buffer, which is what happens here.
    """
    width, height = fb._fb_w, fb._fb_h
    if (-xstep if xstep < 0 else xstep) >= width or (-ystep if ystep < 0 else ystep) >= height:
        return 0
    xs = range(0, width + xstep) if xstep < 0 else range(xstep, width)
    ys = range(0, height + ystep) if ystep < 0 else range(ystep, height)
    fb._fb_codec.scroll(xs, ys, xstep, ystep)
    return 2 * len(xs) * len(ys)


def scroll_by_pixels(fb, xstep: int, ystep: int) -> None:
    """scroll() pixel by pixel from a snapshot: the reference the codecs' fast paths are tested against."""
    width, height = fb._fb_w, fb._fb_h
    if (-xstep if xstep < 0 else xstep) >= width or (-ystep if ystep < 0 else ystep) >= height:
        return
    xs = range(0, width + xstep) if xstep < 0 else range(xstep, width)
    ys = range(0, height + ystep) if ystep < 0 else range(ystep, height)
    from .framebuf_formats import codec as make_codec

    codec = fb._fb_codec
    snapshot = make_codec(fb._fb_format, memoryview(bytes(codec.buf)), fb._fb_stride)
    for yy in ys:
        for xx in xs:
            codec.set(xx, yy, snapshot.get(xx - xstep, yy - ystep))


def text(fb, data: bytes, x0: int, y0: int, col: int) -> int:
    """framebuf_text: glyph columns left to right, LSB at the top; returns pixel operations
    (one per column walked and one per pixel set, as the C loop does them)."""
    width, height = fb._fb_w, fb._fb_h
    codec = fb._fb_codec
    ops = 0
    if isinstance(codec, Mvlsb):
        # A glyph column is 8 vertical pixels, a MONO_VLSB byte too: OR (or clear) it into
        # the one or two bytes it straddles, keeping rows past the bottom edge out.
        buf, stride = codec.buf, codec.stride
        pages = (height + 7) >> 3
        last_mask = (1 << (height - ((pages - 1) << 3))) - 1
        page0, shift = y0 >> 3, y0 & 7
        for code in data:
            if code < FIRST_CODE or code > LAST_CODE:
                code = LAST_CODE
            base = (code - FIRST_CODE) * GLYPH_BYTES
            for column in FONT_PETME128_8X8[base:base + GLYPH_BYTES]:
                ops += 1
                if column and 0 <= x0 < width:
                    v = column << shift
                    for p in (page0, page0 + 1):
                        bits = v & 0xFF
                        v >>= 8
                        if bits and 0 <= p < pages:
                            if p == pages - 1:
                                bits &= last_mask
                            i = p * stride + x0
                            buf[i] = (buf[i] | bits) if col else (buf[i] & ~bits & 0xFF)
                            ops += bits.bit_count()
                x0 += 1
        return ops
    setpixel = codec.set
    for code in data:
        if code < FIRST_CODE or code > LAST_CODE:
            code = LAST_CODE
        ops += GLYPH_BYTES   # the column loop's own work, about one pixel's worth a column
        for dx, dy in _GLYPH_PIXELS[code - FIRST_CODE]:
            x, y = x0 + dx, y0 + dy
            if 0 <= x < width and 0 <= y < height:
                setpixel(x, y, col)
                ops += 1
        x0 += GLYPH_BYTES
    return ops


# The lit pixels of each glyph as (column, row) offsets, for formats drawn pixel by pixel.
_GLYPH_PIXELS = [tuple((j, k) for j in range(GLYPH_BYTES) for k in range(8)
                       if FONT_PETME128_8X8[g * GLYPH_BYTES + j] >> k & 1)
                 for g in range(LAST_CODE - FIRST_CODE + 1)]
