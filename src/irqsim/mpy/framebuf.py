"""``framebuf``: MicroPython's frame buffer module (extmod/modframebuf.c, v1.29 preview).

Display drivers (SSD1306, SH1106, ST7735 ...) subclass ``FrameBuffer`` and send the buffer
they handed to it over I2C/SPI, so drawing writes into the caller's own bytearray/array/
memoryview. Every drawing method reproduces the C algorithm step for step (Bresenham line,
the midpoint ellipse, the integer scan-line polygon fill, blit/scroll iteration order), so the
bytes match real firmware; argument checks raise the same exceptions with the messages of
rp2's MICROPY_ERROR_REPORTING_NORMAL (rp2 builds at ROM level EXTRA_FEATURES, py/mpconfig.h).
Pixel layouts live in framebuf_formats.py, the draw algorithms in framebuf_draw.py, the 8x8
font in framebuf_font.py.

On the chip this is C code, so a call costs no bytecodes but C time: ``framebuf_call`` per
call plus ``framebuf_pixel`` per pixel read or written through setpixel/getpixel and
``framebuf_fill_pixel`` per pixel a format's fill_rect loop stores (board ``[calls]``).

CPython 3.11 has no Python-level buffer protocol (``__buffer__`` is 3.12, PEP 688); so that
``memoryview(fb)``/``bytes(fb)``/``bytearray(fb)`` in firmware see the underlying buffer as on
MicroPython, the first FrameBuffer a run builds swaps those three firmware builtins for
buffer-aware stand-ins (``_BufferAware``). Host code receiving a FrameBuffer where a buffer is
expected (a bus part) can call :func:`buffer_of`.
"""

from __future__ import annotations

import sys
from types import ModuleType

from . import framebuf_draw as draw
from .framebuf_formats import GS2_HMSB, GS4_HMSB, GS8, MHLSB, MHMSB, MVLSB, RGB565, codec

# C cycles on the RP2040 (board [calls] overrides; rp2350 scales them by cycle_scale).
# Estimates from the C: a method call parses its arguments with mp_obj_get_int (~20 cycles
# each) behind the VM's own call cost; setpixel is an indirect call plus index arithmetic and a
# read-modify-write; a mono fill_rect inner loop is a masked read-modify-write per pixel.
CALL_CYCLES = 250
PIXEL_CYCLES = 30
FILL_PIXEL_CYCLES = 7
# fill_rect inner loop per pixel relative to FILL_PIXEL_CYCLES (numerator, denominator): RGB565
# stores a halfword, GS4/GS8 memset rows, GS2 calls gs2_hmsb_setpixel per pixel.
FILL_WEIGHT = {MVLSB: (1, 1), MHLSB: (8, 7), MHMSB: (8, 7), RGB565: (1, 2), GS4_HMSB: (1, 4),
               GS8: (1, 4), GS2_HMSB: (30, 7)}
FRAMEBUFFER_ALLOC_BYTES = 32  # mp_obj_framebuf_t: 20 bytes -> two 16-byte GC blocks

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1   # mp_int_t on a 32-bit port
_BPP = {MVLSB: 1, MHLSB: 1, MHMSB: 1, GS2_HMSB: 2, GS4_HMSB: 4, GS8: 8, RGB565: 16}


def mp_int(value) -> int:
    """mp_obj_get_int: bools and ints only (no floats), within a machine word."""
    if value is True or value is False:
        return int(value)
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise OverflowError("overflow converting long int to machine word")
        return int(value)
    raise TypeError("can't convert %s to int" % type(value).__name__)


def check_args(args: tuple, kwargs: dict, lo: int, hi: int) -> None:
    """mp_arg_check_num_sig's messages; counts include ``self`` as the C does for methods."""
    if kwargs:
        raise TypeError("function doesn't take keyword arguments")
    n = len(args)
    if lo == hi:
        if n != lo:
            raise TypeError("function takes %d positional arguments but %d were given" % (lo, n))
    elif n < lo:
        raise TypeError("function missing %d required positional arguments" % (lo - n))
    elif n > hi:
        raise TypeError("function expected at most %d arguments, got %d" % (hi, n))


def _get_buffer(obj, writable: bool) -> memoryview:
    """mp_get_buffer_raise: a flat byte view of ``obj`` (writes reach the caller's object)."""
    obj = buffer_of(obj)
    if isinstance(obj, str) and not writable:
        obj = obj.encode()   # str has a read-only buffer on MicroPython (objstr.c)
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError("object with buffer protocol required") from None
    if writable and view.readonly:
        raise TypeError("object with buffer protocol required")
    return view if view.format == "B" and view.ndim == 1 else view.cast("B")


def buffer_of(obj):
    """The object whose buffer a FrameBuffer exposes (framebuf_get_buffer), else ``obj``."""
    while isinstance(obj, FrameBufferBase):
        obj = obj._fb_obj
    return obj


class _Geometry:
    """What make_new_helper checks and stores: shared by FrameBuffer and blit's read-only sources."""

    __slots__ = ("_fb_obj", "_fb_w", "_fb_h", "_fb_stride", "_fb_format", "_fb_codec")

    def _fb_setup(self, args: tuple, writable: bool) -> None:
        width, height, fmt = mp_int(args[1]), mp_int(args[2]), mp_int(args[3])
        stride = mp_int(args[4]) if len(args) >= 5 else width
        if width < 1 or height < 1 or width > 0xFFFF or height > 0xFFFF or stride > 0xFFFF or stride < width:
            raise ValueError()
        height_required, width_required, strides_required = height, width, height - 1
        if fmt == MVLSB:
            height_required = (height + 7) & ~7
            strides_required = height_required - 8
        elif fmt in (MHLSB, MHMSB):
            stride = (stride + 7) & ~7
            width_required = (width + 7) & ~7
        elif fmt == GS2_HMSB:
            stride = (stride + 3) & ~3
            width_required = (width + 3) & ~3
        elif fmt == GS4_HMSB:
            stride = (stride + 1) & ~1
            width_required = (width + 1) & ~1
        elif fmt not in (GS8, RGB565):
            raise ValueError("invalid format")
        view = _get_buffer(args[0], writable)
        needed = (strides_required * stride + (height_required - strides_required) * width_required) \
            * _BPP[fmt] // 8
        if needed > view.nbytes:
            raise ValueError()
        self._fb_obj = args[0]
        self._fb_w, self._fb_h, self._fb_stride, self._fb_format = width, height, stride, fmt
        self._fb_codec = codec(fmt, view, stride)


class _Source(_Geometry):
    """A read-only frame buffer described by a tuple ``(buffer, width, height, format[, stride])``."""

    __slots__ = ()


def _source(arg) -> _Geometry:
    """get_readonly_framebuffer: a FrameBuffer (or subclass), or a 4/5-tuple or list."""
    if isinstance(arg, FrameBufferBase):
        return arg
    if not isinstance(arg, (tuple, list)):
        raise TypeError("object '%s' isn't a tuple or list" % type(arg).__name__)
    if len(arg) < 4 or len(arg) > 5:
        raise ValueError()
    src = _Source()
    src._fb_setup(tuple(arg), writable=False)
    return src


class FrameBufferBase(_Geometry):
    """framebuf.FrameBuffer without a simulated CPU (charges nothing): the per-run class
    built by :func:`build` sets the cost attributes and hooks."""

    __slots__ = ()
    _fb_call_ns = 0
    _fb_pixel_ns = 0
    _fb_fill_ns = 0

    @staticmethod
    def _fb_charge(ns: int) -> None:
        """cpu.charge in a run."""

    @staticmethod
    def _fb_alloc(nbytes: int, what: str) -> None:
        """port.alloc in a run."""

    def __init__(self, *args, **kwargs) -> None:
        check_args(args, kwargs, 4, 5)
        self._fb_alloc(FRAMEBUFFER_ALLOC_BYTES, "framebuf.FrameBuffer()")
        self._fb_setup(args, writable=True)
        self._fb_charge(self._fb_call_ns)

    def __repr__(self) -> str:
        return "<FrameBuffer>"

    def __buffer__(self, flags: int) -> memoryview:   # Python >= 3.12 (PEP 688)
        return memoryview(self._fb_obj)

    def __bytes__(self) -> bytes:
        # Host code (the I2C/SPI shim) turning a FrameBuffer passed as a buffer into bytes,
        # on CPython versions without __buffer__.
        return bytes(buffer_of(self))

    # -- costs -----------------------------------------------------------------------------
    def _fb_cost(self, pixels: int = 0, filled: int = 0) -> None:
        num, den = FILL_WEIGHT[self._fb_format]
        self._fb_charge(self._fb_call_ns + pixels * self._fb_pixel_ns + filled * self._fb_fill_ns * num // den)

    # -- methods (modframebuf.c framebuf_locals_dict_table) ----------------------------------
    def fill(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 2, 2)
        col = mp_int(args[0])
        self._fb_codec.fill_rect(0, 0, self._fb_w, self._fb_h, col)
        self._fb_cost(filled=self._fb_w * self._fb_h)

    def fill_rect(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 6, 6)
        x, y, w, h, col = (mp_int(a) for a in args)
        self._fb_cost(filled=draw.fill_rect(self, x, y, w, h, col))

    def pixel(self, *args, **kwargs):
        check_args((self, *args), kwargs, 3, 4)
        x, y = mp_int(args[0]), mp_int(args[1])
        result = None
        if 0 <= x < self._fb_w and 0 <= y < self._fb_h:
            if len(args) == 2:
                result = self._fb_codec.get(x, y)
            else:
                self._fb_codec.set(x, y, mp_int(args[2]))
        self._fb_cost(pixels=1)
        return result

    def hline(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 5, 5)
        x, y, w, col = (mp_int(a) for a in args)
        self._fb_cost(filled=draw.fill_rect(self, x, y, w, 1, col))

    def vline(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 5, 5)
        x, y, h, col = (mp_int(a) for a in args)
        self._fb_cost(filled=draw.fill_rect(self, x, y, 1, h, col))

    def rect(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 6, 7)
        x, y, w, h, col = (mp_int(a) for a in args[:5])
        if len(args) > 5 and args[5]:
            filled = draw.fill_rect(self, x, y, w, h, col)
        else:
            filled = (draw.fill_rect(self, x, y, w, 1, col) + draw.fill_rect(self, x, y + h - 1, w, 1, col)
                      + draw.fill_rect(self, x, y, 1, h, col) + draw.fill_rect(self, x + w - 1, y, 1, h, col))
        self._fb_cost(pixels=4, filled=filled)

    def line(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 6, 6)
        x1, y1, x2, y2, col = (mp_int(a) for a in args)
        self._fb_cost(pixels=draw.line(self, x1, y1, x2, y2, col))

    def ellipse(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 6, 8)
        cx, cy, xr, yr, col = (mp_int(a) for a in args[:5])
        mask = draw.ELLIPSE_MASK_FILL if len(args) > 5 and args[5] else 0
        if len(args) > 6:
            mask |= mp_int(args[6]) & draw.ELLIPSE_MASK_ALL
        else:
            mask |= draw.ELLIPSE_MASK_ALL
        pixels, filled = draw.ellipse(self, cx, cy, xr, yr, col, mask)
        self._fb_cost(pixels=pixels, filled=filled)

    def poly(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 5, 6)
        x, y = mp_int(args[0]), mp_int(args[1])
        coords = draw.poly_coords(args[2])
        if not coords:
            self._fb_cost()
            return
        col = mp_int(args[3])
        fill = len(args) > 4 and bool(args[4])
        pixels, filled = draw.poly(self, x, y, coords, col, fill)
        self._fb_cost(pixels=pixels, filled=filled)

    def blit(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 4, 6)
        source = _source(args[0])
        x, y = mp_int(args[1]), mp_int(args[2])
        key = mp_int(args[3]) if len(args) > 3 else -1
        palette = _source(args[4]) if len(args) > 4 and args[4] is not None else None
        self._fb_cost(pixels=draw.blit(self, source, x, y, key, palette))

    def scroll(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 3, 3)
        xstep, ystep = mp_int(args[0]), mp_int(args[1])
        self._fb_cost(pixels=draw.scroll(self, xstep, ystep))

    def text(self, *args, **kwargs) -> None:
        check_args((self, *args), kwargs, 4, 5)
        s = args[0]
        if isinstance(s, str):
            data = s.encode()
        elif isinstance(s, bytes):
            data = s
        else:  # objstr.c bad_implicit_conversion
            raise TypeError("can't convert '%s' object to str implicitly" % type(s).__name__)
        nul = data.find(0)   # the C walks a NUL-terminated string
        if nul >= 0:
            data = data[:nul]
        x0, y0 = mp_int(args[1]), mp_int(args[2])
        col = mp_int(args[3]) if len(args) >= 4 else 1
        self._fb_cost(pixels=draw.text(self, data, x0, y0, col))


class _BufferAware:
    """A firmware builtin (memoryview, bytes, bytearray) that also takes a FrameBuffer.

    Calls with a FrameBuffer first argument use the buffer it wraps; everything else
    (isinstance, subclassing, class attributes such as ``bytes.fromhex``) is the real type's.
    """

    def __init__(self, real: type) -> None:
        self._real = real

    def __call__(self, *args, **kwargs):
        if args and isinstance(args[0], FrameBufferBase):
            args = (buffer_of(args[0]), *args[1:])
        return self._real(*args, **kwargs)

    def __instancecheck__(self, obj) -> bool:
        return isinstance(obj, self._real)

    def __subclasscheck__(self, cls) -> bool:
        return issubclass(cls, self._real)

    def __mro_entries__(self, bases):
        return (self._real,)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __eq__(self, other) -> bool:
        return other is self._real or other is self

    def __hash__(self) -> int:
        return hash(self._real)

    def __repr__(self) -> str:
        return repr(self._real)


def install_buffer_builtins(table: dict) -> None:
    """Make the firmware's memoryview/bytes/bytearray accept FrameBuffers (CPython < 3.12)."""
    if sys.version_info >= (3, 12):
        return  # FrameBuffer.__buffer__ does it natively
    for name in ("memoryview", "bytes", "bytearray"):
        if not isinstance(table.get(name), _BufferAware):
            table[name] = _BufferAware(table[name])


def build(port) -> ModuleType:
    """The ``framebuf`` module for one run: FrameBuffer charges this board's C costs."""
    cpu = port.cpu
    ns = port.system.board.cycles_to_ns
    call_ns = port.call_ns
    installed = []

    def alloc(nbytes: int, what: str) -> None:
        if not installed:
            install_buffer_builtins(port.builtins)
            installed.append(True)
        port.alloc(nbytes, what)

    FrameBuffer = type("FrameBuffer", (FrameBufferBase,), {
        "__slots__": (), "__module__": "framebuf", "__qualname__": "FrameBuffer",
        "_fb_call_ns": call_ns.get("framebuf_call", ns(CALL_CYCLES)),
        "_fb_pixel_ns": call_ns.get("framebuf_pixel", ns(PIXEL_CYCLES)),
        "_fb_fill_ns": call_ns.get("framebuf_fill_pixel", ns(FILL_PIXEL_CYCLES)),
        "_fb_charge": staticmethod(cpu.charge),
        "_fb_alloc": staticmethod(alloc),
    })
    return make_module(FrameBuffer)


def make_module(FrameBuffer: type) -> ModuleType:
    """framebuf_module_globals_table around a FrameBuffer class."""
    mod = ModuleType("framebuf")

    def FrameBuffer1(*args, **kwargs):
        # legacy_framebuffer1: (buffer, width, height[, stride]) -> MONO_VLSB, stride = width
        check_args(args, kwargs, 3, 4)
        return FrameBuffer(args[0], args[1], args[2], MVLSB, args[3] if len(args) >= 4 else args[1])

    mod.FrameBuffer = FrameBuffer
    mod.FrameBuffer1 = FrameBuffer1
    mod.MVLSB = MVLSB
    mod.MONO_VLSB = MVLSB
    mod.RGB565 = RGB565
    mod.GS2_HMSB = GS2_HMSB
    mod.GS4_HMSB = GS4_HMSB
    mod.GS8 = GS8
    mod.MONO_HLSB = MHLSB
    mod.MONO_HMSB = MHMSB
    return mod
