"""framebuf inside a run: C time in virtual time, heap rules in handlers, determinism."""

from __future__ import annotations

from tests.conftest import lines

TIMED = """
import framebuf, time
fb = framebuf.FrameBuffer(bytearray({size}), {w}, {h}, framebuf.MONO_VLSB)
t0 = time.ticks_us()
fb.fill(1)
t1 = time.ticks_us()
print(time.ticks_diff(t1, t0))
"""


def test_fill_costs_virtual_time_in_proportion_to_pixels(run_fw):
    small = int(lines(run_fw(TIMED.format(size=16, w=16, h=8)))[0])
    large = int(lines(run_fw(TIMED.format(size=1024, w=128, h=64)))[0])
    # rp2040 [calls] framebuf_fill_pixel = 7 cycles, x0.666 on the RP2350 at 150 MHz = 31 ns
    extra_ns = (8192 - 128) * 31
    assert large - small in (extra_ns // 1000, extra_ns // 1000 + 1)   # ticks_us truncates


def test_hard_handler_may_draw_but_not_construct(run_fw):
    result = run_fw("""
        import framebuf, machine, time
        buf = bytearray(8)
        fb = framebuf.FrameBuffer(buf, 8, 8, framebuf.MONO_VLSB)
        def draw(t):
            fb.pixel(1, 1, 1)
        def build(t):
            framebuf.FrameBuffer(bytearray(8), 8, 8, framebuf.MONO_VLSB)
        machine.Timer(-1, mode=machine.Timer.ONE_SHOT, period=1, callback=draw, hard=True)
        time.sleep_ms(5)
        print(buf[1])
        machine.Timer(-1, mode=machine.Timer.ONE_SHOT, period=1, callback=build, hard=True)
        time.sleep_ms(5)
    """, duration_ns=50_000_000)
    out = lines(result)
    assert out[0] == "2"
    assert "MemoryError" in "\n".join(out[1:]), out


def test_same_firmware_same_output_and_times(run_fw):
    source = """
        import framebuf, time
        fb = framebuf.FrameBuffer(bytearray(512), 64, 64, framebuf.MONO_HLSB)
        for i in range(20):
            fb.ellipse(32, 32, i, 20 - i, 1, i % 2 == 0, i % 16)
            fb.text(str(i), i, i)
            fb.scroll(1, -1)
            print(time.ticks_us(), bytes(fb)[i * 8:i * 8 + 8])
    """
    a, b = run_fw(source), run_fw(source)
    assert a.stdout == b.stdout and len(a.stdout) == 20
