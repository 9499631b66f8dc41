"""Observability overhead: a run with recording and every exporter vs the same run with
recording off (``Simulation(..., record=False)``). Target: <= 1.5x.

Run: .venv/bin/python benchmarks/bench_exporters.py [--repeat N] [--scenario PATH] [--duration 1s]

"All exporters" = VCD + Perfetto JSON + HTML report (+ the timeline PNG when matplotlib is
installed; reported separately, since a figure's cost is fixed, not per event). Minimum of
N repeats (default 5) of each side, measured in the same process, so the ratio is robust to a shared,
noisy machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from irqsim.report.onepass import export  # noqa: E402
from irqsim.sim import build  # noqa: E402


def run(scenario: Path, overrides: dict, *, record: bool) -> tuple[float, object]:
    sim = build(scenario, overrides=overrides, record=record)
    t0 = time.perf_counter()
    result = sim.run()
    return time.perf_counter() - t0, result


def exports(result, out: Path, *, figure: bool) -> float:
    t0 = time.perf_counter()
    # what `irqsim run --vcd --trace --report` does: one shared pass, three files
    export(result, vcd=out / "r.vcd", trace=out / "r.json", report=out / "r.html")
    if figure:
        from irqsim.report.plot import plot

        plot(result, "timeline", out / "r.png")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenario", default=str(ROOT / "examples" / "seed" / "encoder_limits.toml"),
                    help="default: encoder_limits at 10 kHz, the most event-dense seed example (worst case)")
    ap.add_argument("--duration", default="1s")
    args = ap.parse_args()
    scenario = Path(args.scenario)
    overrides = {"duration": args.duration}
    try:
        import matplotlib  # noqa: F401

        has_mpl = True
    except ImportError:
        has_mpl = False
    off, on, exp, fig = [], [], [], []
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        for _ in range(args.repeat):
            off.append(run(scenario, overrides, record=False)[0])
            wall, result = run(scenario, overrides, record=True)
            on.append(wall)
            exp.append(exports(result, out, figure=False))
            if has_mpl:
                fig.append(exports(result, out, figure=True) - exp[-1])
            records = len(result.log)
            sizes = {p.suffix: p.stat().st_size for p in out.iterdir()}
    base, rec, ex = min(off), min(on), min(exp)
    print(f"scenario {scenario.name}, {args.duration} virtual, {records} log records")
    print(f"recording off: {base:.3f} s; recording on: {rec:.3f} s ({rec / base:.2f}x)")
    print(f"exporters (VCD + Perfetto + HTML): {ex:.3f} s "
          f"({ex / records * 1e6:.2f} us per record); sizes "
          + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(sizes.items())))
    print(f"recording + all exporters vs recording off: {(rec + ex) / base:.2f}x  (target <= 1.5x)")
    if fig:
        print(f"  + timeline PNG: {min(fig):.3f} s -> {(rec + ex + min(fig)) / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
