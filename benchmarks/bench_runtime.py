"""Runtime speed: instrumentation overhead and simulated-time / wall-time ratio.

Run: .venv/bin/python benchmarks/bench_runtime.py [--repeat N] [--clock wall|process]
Prints ratios measured against baselines taken in the same run. ``--clock process`` times
with CPU time (time.process_time) instead of wall time: on a shared, loaded machine the wall
clock counts other programs' time too (the loop ratio ranged 2.3x..5.1x over three runs of
the same code there).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from irqsim.sim import Simulation, build  # noqa: E402
from irqsim.spec.scenario import Scenario  # noqa: E402

N = 300_000
CLOCK = time.perf_counter  # --clock process: time.process_time
LOOP = textwrap.dedent(f"""
    def work(n):
        p = [0, 1, 2]
        acc = 0
        for i in range(n):
            c = p[1] + p[2]
            if c > 2:
                acc += c
        return acc
    result = work({N})
""")
LINES_PER_ITER = 4  # loop head, c = ..., if ..., acc += ...


def plain_cpython() -> float:
    code = compile(LOOP, "plain", "exec")
    t0 = CLOCK()
    exec(code, {})
    return CLOCK() - t0


def instrumented(tmp: Path) -> tuple[float, int]:
    fw = tmp / "loop.py"
    fw.write_text(LOOP)
    sim = Simulation(Scenario(path=None, firmware=fw, duration_ns=3600 * 10**9))
    t0 = CLOCK()
    result = sim.run()
    wall = CLOCK() - t0
    return wall, result.end_ns


def encoder_ratio() -> tuple[float, float]:
    sim = build(ROOT / "examples" / "seed" / "encoder_limits.toml", overrides={"duration": "1s"})
    t0 = CLOCK()
    result = sim.run()
    wall = CLOCK() - t0
    return result.end_ns / 1e9 / wall, wall


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clock", choices=("wall", "process"), default="wall",
                    help="wall time (default) or this process's CPU time")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "process" else time.perf_counter
    unit = "wall" if args.clock == "wall" else "CPU"
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        plain = min(plain_cpython() for _ in range(args.repeat))
        inst = min(instrumented(tmp)[0] for _ in range(args.repeat))
    ratio, wall = max(encoder_ratio() for _ in range(args.repeat))
    lines = N * LINES_PER_ITER
    print(f"instrumented / plain CPython (same loop, same run): {inst / plain:.2f}x  (target <= 3x)")
    print(f"executed firmware lines per second: {lines / inst / 1e6:.1f} M (plain CPython {lines / plain / 1e6:.1f} M)")
    print(f"encoder_limits @10 kHz, 1 s virtual: {ratio:.1f}x faster than real time ({wall:.3f} s {unit})  (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
