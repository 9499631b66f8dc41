"""Sweep scaling on this machine, reported as ratios measured in the same run.

1. The issue's 200-point sweep of encoder_limits (20 rates x 10 live-heap sizes, which set
   the GC pause) on 1 and on 2 local workers, then on a local dask.distributed cluster
   (loopback, 2 worker processes): runs per second, the 2-vs-1 worker speed-up, and a
   check that all three tables are byte-identical. Writes the plot of lost-pulse share vs
   rate (one line per heap size: the loss threshold moves with the GC pause).
2. Per-run overhead of the Dask path versus the local pool: 120 near-empty runs (1 ms of
   virtual time) on each engine with 2 workers; (Dask time - pool time) / runs and the ratio.

    python benchmarks/bench_sweep.py [--out DIR] [--quick]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from irqsim.sweep import parse_param, run_sweep
from irqsim.sweep.plot import plot_metric

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "seed" / "encoder_limits.toml"


def axes(quick: bool):
    if quick:
        return [parse_param("parts.enc.freq=500Hz..20kHz:log:6"), parse_param("heap.extra_live=0KB..144KB:lin:4")]
    return [parse_param("parts.enc.freq=500Hz..20kHz:log:20"), parse_param("heap.extra_live=0KB..144KB:lin:10")]


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def cluster(n: int):
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None, help="directory for the tables and the plot")
    ap.add_argument("--quick", action="store_true", help="24 points instead of 200")
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="irqsim-bench-sweep-"))
    out.mkdir(parents=True, exist_ok=True)
    ax = axes(args.quick)
    n_points = len(ax[0].values) * len(ax[1].values)

    def sweep(name, **kw):
        path = out / f"{name}.csv"
        path.unlink(missing_ok=True)
        report, dt = timed(lambda: run_sweep(SCENARIO, ax, seeds=[1], out=path, progress=False, **kw))
        assert report.ran == n_points and not report.failed, report.failed
        return path, dt, report

    one, t1, _ = sweep("local-1", workers=1)
    two, t2, report = sweep("local-2", workers=2)
    with cluster(2) as c:
        dask_csv, td, _ = sweep("dask-2", scheduler=c.scheduler_address)
    identical = one.read_bytes() == two.read_bytes() == dask_csv.read_bytes()
    png = plot_metric(report.rows, [a.name for a in ax], "src.GP12.lost_share", "parts.enc.freq",
                      out / "lost_share-vs-rate.png")
    print(f"{n_points}-point sweep of {SCENARIO.name} (rate x live heap):")
    print(f"  1 local worker : {n_points / t1:6.2f} runs/s ({t1:.1f} s)")
    print(f"  2 local workers: {n_points / t2:6.2f} runs/s ({t2:.1f} s)   speed-up x{t1 / t2:.2f}")
    print(f"  Dask, 2 workers: {n_points / td:6.2f} runs/s ({td:.1f} s)   vs local pool x{t2 / td:.2f}")
    print(f"  tables identical (1 worker, 2 workers, Dask): {identical}")
    print(f"  plot: {png}")

    tiny = [parse_param("parts.enc.freq=1kHz"), parse_param("duration=1ms"),
            parse_param("board.micropython.gc_time_scale=1..2:lin:120")]
    n_tiny = 120

    def tiny_sweep(name, **kw):
        path = out / f"{name}.csv"
        path.unlink(missing_ok=True)
        _, dt = timed(lambda: run_sweep(SCENARIO, tiny, seeds=[1], out=path, progress=False, **kw))
        return dt

    tp = tiny_sweep("tiny-local", workers=2)
    with cluster(2) as c:
        tiny_sweep("tiny-dask-warmup", scheduler=c.scheduler_address)   # workers import irqsim once
        tdask = tiny_sweep("tiny-dask", scheduler=c.scheduler_address)
    print(f"per-run overhead, {n_tiny} runs of 1 ms virtual time, 2 workers each:")
    print(f"  local pool: {tp / n_tiny * 1000:6.2f} ms/run (pool start-up included)")
    print(f"  Dask      : {tdask / n_tiny * 1000:6.2f} ms/run (warm cluster)")
    print(f"  Dask / local pool = x{tdask / tp:.2f}; difference {(tdask - tp) / n_tiny * 1000:+.2f} ms/run")
    assert identical, "engines disagree"


if __name__ == "__main__":
    main()
