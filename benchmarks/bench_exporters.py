"""Observability overhead: ``irqsim run --vcd --trace --report`` vs the same run with
recording off (``Simulation(..., record=False)``). Target: <= 1.5x.

Run: /tmp/venv/bin/python benchmarks/bench_exporters.py [--repeat N] [--scenario PATH] [--duration 1s]

Each side is timed end to end as the run command does it, in this process (interpreter
start-up and imports excluded, they are the same on both sides): build the simulation,
run it, write the exports (VCD + Perfetto JSON + HTML report, ``report._exports`` path:
one shared pass, the HTML here and VCD + trace in a forked worker when the platform allows)
and format the printed summary. Minimum of N repeats (default 5) of each side, interleaved,
so the ratio is robust to a shared, noisy machine. Also shown: the same exports written
serially in one process (``IRQSIM_NO_FORK`` behaviour), and the timeline PNG when
matplotlib is installed (separately: a figure's cost is fixed, not per event).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from irqsim.report.onepass import export  # noqa: E402
from irqsim.report.text import format_summary  # noqa: E402
from irqsim.sim import build  # noqa: E402


def side(scenario: Path, overrides: dict, out: Path | None, *, parallel: bool = True) -> tuple[float, float, object]:
    """(end-to-end seconds, seconds spent exporting, result); ``out`` None = recording off."""
    t0 = time.perf_counter()
    sim = build(scenario, overrides=overrides, record=out is not None)
    result = sim.run()
    t1 = time.perf_counter()
    if out is not None:
        export(result, vcd=out / "r.vcd", trace=out / "r.json", report=out / "r.html", parallel=parallel)
    t2 = time.perf_counter()
    format_summary(result)
    return time.perf_counter() - t0, t2 - t1, result


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
    off, on, on_exp, serial, serial_exp, fig = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        for _ in range(args.repeat):
            off.append(side(scenario, overrides, None)[0])
            wall, exp, result = side(scenario, overrides, out)
            on.append(wall)
            on_exp.append(exp)
            wall, exp, _ = side(scenario, overrides, out, parallel=False)
            serial.append(wall)
            serial_exp.append(exp)
            if has_mpl:
                from irqsim.report.plot import plot

                t0 = time.perf_counter()
                plot(result, "timeline", out / "r.png")
                fig.append(time.perf_counter() - t0)
        records = len(result.log)
        sizes = {p.suffix: p.stat().st_size for p in out.iterdir()}
    base = min(off)
    forked = sys.platform.startswith("linux") and not os.environ.get("IRQSIM_NO_FORK")
    print(f"scenario {scenario.name}, {args.duration} virtual, {records} log records; "
          f"build + run + summary, recording off: {base:.3f} s")
    print("sizes " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(sizes.items())))
    print(f"all exporters, serial in one process: {min(serial):.3f} s end to end "
          f"(exports {min(serial_exp):.3f} s, {min(serial_exp) / records * 1e6:.2f} us per record) "
          f"-> {min(serial) / base:.2f}x")
    print(f"all exporters as `irqsim run --vcd --trace --report` ({'forked worker' if forked else 'no fork here'}): "
          f"{min(on):.3f} s end to end (exports {min(on_exp):.3f} s) -> {min(on) / base:.2f}x  (target <= 1.5x)")
    if fig:
        print(f"  + timeline PNG: {min(fig):.3f} s -> {(min(on) + min(fig)) / base:.2f}x")
    print("where the serial export time goes (min of N, s; x = multiple of the recording-off run):")
    for name, secs in stages(result, args.repeat):
        print(f"  {name:34} {secs:.3f} s  {secs / base:.2f}x")
    return 0


def stages(result, repeat: int) -> list[tuple[str, float]]:
    """Each stage of ``onepass._export`` alone, on the log of ``result`` (written to memory)."""
    import io

    from irqsim.report._source import view_of
    from irqsim.report._timeline import SpanCollector, change_chunks, inventory
    from irqsim.report.html import render
    from irqsim.report.perfetto import TraceSink
    from irqsim.report.vcd import VcdSink
    from irqsim.stats import compute_stats

    view = view_of(result)
    inv = inventory(view.log.records())
    chunks = list(change_chunks(view.log.records(), view.end_ns))

    def collect():
        col = SpanCollector()
        for chunk in chunks:
            col.feed(chunk)
        return col.result()

    data = collect()

    def vcd():
        sink = VcdSink(view, io.StringIO(), inv)
        for chunk in chunks:
            sink.feed(chunk)
        sink.close(data)

    jobs = [("inventory (first pass)", lambda: inventory(view.log.records())),
            ("derived changes (_timeline)", lambda: list(change_chunks(view.log.records(), view.end_ns))),
            ("span collector", collect),
            ("VCD writer", vcd),
            ("Perfetto writer (from spans)", lambda: TraceSink(view, io.StringIO(), inv).close(data)),
            ("HTML page (stats cached)", lambda: render(view, data)),
            ("statistics (compute_stats)", lambda: compute_stats(result))]
    out = []
    for name, job in jobs:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            job()
            best = min(best, time.perf_counter() - t0)
        out.append((name, best))
    return out


if __name__ == "__main__":
    sys.exit(main())
