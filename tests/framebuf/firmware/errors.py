# Bad arguments: the exception type and arguments firmware sees (compared with real MicroPython).
from array import array

import framebuf

fb = framebuf.FrameBuffer(bytearray(8), 8, 8, framebuf.MONO_VLSB)
ro = (b"\x01\x02", 2, 1, framebuf.GS8)
calls = [
    lambda: framebuf.FrameBuffer(b"12345678", 8, 8, framebuf.MONO_VLSB),
    lambda: framebuf.FrameBuffer([0] * 8, 8, 8, framebuf.MONO_VLSB),
    lambda: framebuf.FrameBuffer(bytearray(8), 8, 8),
    lambda: framebuf.FrameBuffer(bytearray(8), 8, 8, 0, 8, 1),
    lambda: framebuf.FrameBuffer(bytearray(8), 8, 8, 7),
    lambda: framebuf.FrameBuffer(bytearray(8), 8, 8, 0, stride=8),
    lambda: framebuf.FrameBuffer(bytearray(8), 8.0, 8, 0),
    lambda: framebuf.FrameBuffer(bytearray(8), 0, 8, 0),
    lambda: framebuf.FrameBuffer(bytearray(7), 8, 8, 0),
    lambda: framebuf.FrameBuffer(bytearray(8), 8, 8, None),
    lambda: framebuf.FrameBuffer1(bytearray(8)),
    lambda: framebuf.FrameBuffer1(bytearray(8), 8, 8, 8, 8),
    lambda: fb.pixel(1.0, 2),
    lambda: fb.pixel("a", 2),
    lambda: fb.pixel(1),
    lambda: fb.pixel(1, 2, 3, 4),
    lambda: fb.pixel(1, 2, c=3),
    lambda: fb.fill(),
    lambda: fb.fill(1, 2),
    lambda: fb.fill(None),
    lambda: fb.line(1, 2, 3),
    lambda: fb.fill_rect(1, 2, 3, 4, 5, 6),
    lambda: fb.hline(1, 2, 3),
    lambda: fb.vline(1, 2, 3, 4, 5),
    lambda: fb.rect(1, 2, 3, 4),
    lambda: fb.rect(1, 2, 3, 4, 5, 6, 7),
    lambda: fb.ellipse(1, 2, 3, 4),
    lambda: fb.ellipse(1, 2, 3, 4, 5, 6, 7, 8),
    lambda: fb.ellipse(1, 2, 3, 4, 1, True, 1.5),
    lambda: fb.text(1, 2, 3),
    lambda: fb.text(bytearray(b"x"), 2, 3),
    lambda: fb.text("x", 2),
    lambda: fb.text("x", 2, 3, 4, 5),
    lambda: fb.scroll(1),
    lambda: fb.scroll(1, 2, 3),
    lambda: fb.scroll(1.5, 2),
    lambda: fb.blit(1, 0, 0),
    lambda: fb.blit(None, 0, 0),
    lambda: fb.blit((bytearray(1), 1, 1), 0, 0),
    lambda: fb.blit((bytearray(1), 1, 1, 9), 0, 0),
    lambda: fb.blit((b"", 1, 1, framebuf.GS8), 0, 0),
    lambda: fb.blit(ro, 0, 0, 1, 2),
    lambda: fb.blit(ro, 0, 0, 1, (b"", 1, 1, framebuf.GS8)),
    lambda: fb.blit(ro, 0),
    lambda: fb.blit(ro, 0, 0, 0, None, 1),
    lambda: fb.poly(0, 0, [1, 2, 3, 4], 1),
    lambda: fb.poly(0, 0, array("f", [1, 2, 3, 4]), 1),
    lambda: fb.poly(0, 0, array("h", [1]), "x"),
    lambda: fb.poly(0, 0, array("h", [1, 2]), "x"),
    lambda: fb.poly(0, 0, array("h", [1, 2])),
    lambda: fb.pixel(2**70, 0),  # 2**40 also overflows on rp2 (32-bit mp_int_t), not on unix
]
for i, call in enumerate(calls):
    try:
        print(i, "ok", call())
    except Exception as e:
        print(i, type(e).__name__, e.args)
print(fb, type(fb).__name__)
