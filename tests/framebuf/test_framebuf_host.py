"""framebuf internals on the host: caller's buffer, fast paths against the pixel reference, costs."""

from __future__ import annotations

import random
from array import array

import pytest

from irqsim.mpy import framebuf_draw as draw
from irqsim.mpy.framebuf import FrameBufferBase, buffer_of, install_buffer_builtins, make_module

fb_mod = make_module(FrameBufferBase)
FORMATS = ["MONO_VLSB", "MONO_HLSB", "MONO_HMSB", "RGB565", "GS2_HMSB", "GS4_HMSB", "GS8"]
BITS = {"MONO_VLSB": 1, "MONO_HLSB": 1, "MONO_HMSB": 1, "RGB565": 16, "GS2_HMSB": 2, "GS4_HMSB": 4, "GS8": 8}


def make(fmt: str, w: int, h: int, stride: int, seed: int):
    rng = random.Random(seed)
    size = (stride + 7) * (h + 7) * 2  # more than any format needs
    buf = bytearray(rng.randrange(256) for _ in range(size))
    return buf, fb_mod.FrameBuffer(buf, w, h, getattr(fb_mod, fmt), stride)


def test_drawing_writes_into_the_callers_buffer():
    buf = bytearray(4)
    fb = fb_mod.FrameBuffer(buf, 8, 4, fb_mod.MONO_HLSB)
    fb.pixel(0, 0, 1)
    fb.hline(0, 3, 8, 1)
    assert buf == bytearray(b"\x80\x00\x00\xff")
    assert buffer_of(fb) is buf
    assert bytes(fb) == b"\x80\x00\x00\xff"     # host code (bus shims) may convert it too


def test_array_and_memoryview_slices_are_drawn_in_place():
    words = array("H", [0] * 4)
    fb = fb_mod.FrameBuffer(words, 2, 2, fb_mod.RGB565)
    fb.pixel(1, 1, 0xBEEF)
    assert list(words) == [0, 0, 0, 0xBEEF]          # little-endian, as on the RP2350
    big = bytearray(10)
    fb = fb_mod.FrameBuffer(memoryview(big)[3:7], 4, 1, fb_mod.GS8)
    fb.fill(7)
    assert big == bytearray(b"\x00\x00\x00\x07\x07\x07\x07\x00\x00\x00")


@pytest.mark.parametrize("fmt", FORMATS)
def test_scroll_fast_path_equals_pixel_reference(fmt):
    rng = random.Random(fmt)
    for case in range(60):
        w, h = rng.randint(1, 40), rng.randint(1, 30)
        stride = w + rng.choice([0, 1, 5, 9])
        buf_a, fb_a = make(fmt, w, h, stride, case)
        buf_b, fb_b = make(fmt, w, h, stride, case)
        xstep, ystep = rng.randint(-w - 1, w + 1), rng.randint(-h - 1, h + 1)
        fb_a.scroll(xstep, ystep)
        draw.scroll_by_pixels(fb_b, xstep, ystep)
        assert buf_a == buf_b, (w, h, stride, xstep, ystep)


@pytest.mark.parametrize("fmt", FORMATS)
def test_fill_rect_fast_path_equals_setpixel(fmt):
    rng = random.Random("fill" + fmt)
    for case in range(60):
        w, h = rng.randint(1, 40), rng.randint(1, 30)
        stride = w + rng.choice([0, 1, 5, 9])
        buf_a, fb_a = make(fmt, w, h, stride, case)
        buf_b, fb_b = make(fmt, w, h, stride, case)
        x, y = rng.randint(-5, w), rng.randint(-5, h)
        rw, rh = rng.randint(0, w + 5), rng.randint(0, h + 5)
        col = rng.randrange(1 << BITS[fmt]) if rng.random() < 0.8 else rng.choice([-1, 0x12345])
        fb_a.fill_rect(x, y, rw, rh, col)
        for yy in range(max(0, y), min(h, y + rh)):
            for xx in range(max(0, x), min(w, x + rw)):
                fb_b.pixel(xx, yy, col)
        assert buf_a == buf_b, (w, h, stride, x, y, rw, rh, col)


def costed_class(log: list):
    return type("FrameBuffer", (FrameBufferBase,), {
        "__slots__": (), "_fb_call_ns": 1000, "_fb_pixel_ns": 10, "_fb_fill_ns": 4,
        "_fb_charge": staticmethod(log.append), "_fb_alloc": staticmethod(lambda n, what: log.append(("alloc", n))),
    })


def test_costs_are_per_call_per_pixel_and_per_filled_pixel():
    log: list = []
    FB = costed_class(log)
    fb = FB(bytearray(1024), 128, 64, fb_mod.MONO_VLSB)
    assert log == [("alloc", 32), 1000]
    log.clear()
    fb.fill(0)
    fb.fill_rect(-10, -10, 20, 20, 1)          # clipped to 10 x 10
    fb.pixel(5, 5, 1)
    fb.line(0, 0, 9, 3, 1)                     # 10 points
    fb.scroll(0, -8)                           # 128 x 56 pixels read and written
    assert log == [1000 + 8192 * 4, 1000 + 100 * 4, 1000 + 10, 1000 + 10 * 10, 1000 + 2 * 128 * 56 * 10]
    log.clear()
    FB(bytearray(256), 16, 16, fb_mod.GS8).fill(3)   # GS8 memsets: a quarter of the MONO_VLSB loop
    assert log[-1] == 1000 + 256 * 4 // 4


def test_buffer_aware_builtins_behave_like_the_real_types():
    table = {"memoryview": memoryview, "bytes": bytes, "bytearray": bytearray}
    install_buffer_builtins(table)
    B, BA, MV = table["bytes"], table["bytearray"], table["memoryview"]
    buf = bytearray(b"\x01\x02")
    fb = fb_mod.FrameBuffer(buf, 2, 1, fb_mod.GS8)
    assert B(fb) == b"\x01\x02" and BA(fb) == buf and MV(fb)[1] == 2
    assert isinstance(b"", B) and isinstance(buf, BA) and not isinstance(buf, B)
    assert B.fromhex("0a") == b"\n" and B(3) == b"\x00\x00\x00" and BA(b"ab") == bytearray(b"ab")

    class Sub(BA):
        pass

    assert isinstance(Sub(b"x"), bytearray) and issubclass(Sub, BA)
    assert B == bytes and repr(B) == "<class 'bytes'>"  # noqa: E721 (type(x) == bytes in firmware)
    install_buffer_builtins(table)      # idempotent
    assert table["bytes"] is B
