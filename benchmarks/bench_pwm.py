"""Cost of PWM edges: one kernel event per edge (mpy/pwm_slice.py).

Run: /tmp/venv/bin/python benchmarks/bench_pwm.py [--repeat N] [--duration 1s]

The same firmware (a main loop that sleeps 10 ms and toggles the LED) runs once without PWM
(the baseline) and with one PWM channel at 1, 10 and 50 kHz (50 % duty: two edges per
period), recording on as ``irqsim run`` does. Reported per side: wall seconds per virtual
second, the ratio to the baseline measured in the same run, and the wall cost per edge
((side - baseline) / edges), so the figure is comparable across machines as a ratio and the
per-edge cost tells what a faster PWM will cost. Minimum of N interleaved repeats.
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

from irqsim.sim import Simulation  # noqa: E402
from irqsim.spec.scenario import Scenario  # noqa: E402

FIRMWARE = """
from machine import Pin, PWM
import time
{pwm}
led = Pin(25, Pin.OUT)
while True:
    led.toggle()
    time.sleep_ms(10)
"""


def one(tmp: Path, freq_hz: int, duration_ns: int) -> tuple[float, int]:
    pwm = f"PWM(Pin(15), freq={freq_hz}, duty_u16=32768)" if freq_hz else ""
    fw = tmp / f"pwm_{freq_hz}.py"
    fw.write_text(textwrap.dedent(FIRMWARE.format(pwm=pwm)))
    sc = Scenario(path=None, firmware=fw, board="pico2", duration_ns=duration_ns, seed=1, parts=[],
                  wires={}, stimuli=[])
    t0 = time.perf_counter()
    result = Simulation(sc).run()
    wall = time.perf_counter() - t0
    edges = sum(1 for r in result.log.records() if r[1] == "pin" and r[2] == 15)
    return wall, edges


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--duration", default="1s")
    args = ap.parse_args()
    from irqsim.units import parse_duration

    duration_ns = parse_duration(args.duration, "--duration")
    freqs = (0, 1_000, 10_000, 50_000)
    best = {f: (float("inf"), 0) for f in freqs}
    with tempfile.TemporaryDirectory() as d:
        for _ in range(args.repeat):
            for f in freqs:
                wall, edges = one(Path(d), f, duration_ns)
                if wall < best[f][0]:
                    best[f] = (wall, edges)
    base = best[0][0]
    virt_s = duration_ns / 1e9
    print(f"{'PWM':>10} {'edges':>8} {'wall s/virt s':>14} {'x baseline':>11} {'us/edge':>8}")
    for f in freqs:
        wall, edges = best[f]
        per_edge = (wall - base) / edges * 1e6 if edges else 0.0
        label = f"{f // 1000} kHz" if f else "none"
        print(f"{label:>10} {edges:>8} {wall / virt_s:>14.3f} {wall / base:>11.1f} {per_edge:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
