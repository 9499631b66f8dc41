"""framebuf host speed against the chip: wall time per call / virtual time the call is charged.

Run: /tmp/venv/bin/python benchmarks/bench_framebuf.py [--repeat N]

For each drawing call on a 128x64 buffer (the SSD1306 case, MONO_VLSB, and RGB565 for colour
panels), the host time is the minimum over N repeats of a batch of calls on the host-side
FrameBuffer (no simulation around it), and the virtual time is what the same call charges
on the pico2 board (framebuf_* costs in the board's [calls]). A ratio below 1 means the
simulator draws faster than the chip would; the target is <= 1 for fill/fill_rect/text/line,
the calls a display loop makes every frame.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from irqsim.mpy.framebuf import FrameBufferBase, make_module  # noqa: E402
from irqsim.spec.board import load_board  # noqa: E402

CALLS = [
    ("fill", lambda fb: fb.fill(1)),
    ("fill_rect 100x40", lambda fb: fb.fill_rect(3, 5, 100, 40, 1)),
    ("text 16 chars", lambda fb: fb.text("Hello, world 123", 0, 3, 1)),
    ("line 127x63", lambda fb: fb.line(0, 0, 127, 63, 1)),
    ("ellipse 30x20 fill", lambda fb: fb.ellipse(64, 32, 30, 20, 1, True)),
    ("scroll 0,-8", lambda fb: fb.scroll(0, -8)),
    ("blit 16x16 icon", lambda fb: fb.blit(ICON, 5, 5, 0)),
]
ICON = (bytes(32), 16, 16, 3)   # MONO_HLSB 16x16


def virtual_ns(board, fmt: int, size: int, call) -> int:
    ns = board.cycles_to_ns
    charged: list[int] = []
    calls = board.calls
    FB = type("FrameBuffer", (FrameBufferBase,), {
        "__slots__": (), "_fb_call_ns": ns(calls["framebuf_call"]), "_fb_pixel_ns": ns(calls["framebuf_pixel"]),
        "_fb_fill_ns": ns(calls["framebuf_fill_pixel"]), "_fb_charge": staticmethod(charged.append)})
    fb = FB(bytearray(size), 128, 64, fmt)
    charged.clear()
    call(fb)
    return sum(charged)


def host_ns(fmt: int, size: int, call, repeat: int) -> float:
    fb = make_module(FrameBufferBase).FrameBuffer(bytearray(size), 128, 64, fmt)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        for _ in range(20):
            call(fb)
        best = min(best, (time.perf_counter_ns() - t0) / 20)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    board = load_board("pico2")
    print(f"{'call':22} {'format':9} {'host us':>9} {'chip us':>9} {'host/chip':>9}")
    for fmt_name, fmt, size in (("MONO_VLSB", 0, 1024), ("RGB565", 1, 128 * 64 * 2)):
        for name, call in CALLS:
            h = host_ns(fmt, size, call, args.repeat)
            v = virtual_ns(board, fmt, size, call)
            print(f"{name:22} {fmt_name:9} {h / 1000:9.1f} {v / 1000:9.1f} {h / v:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
