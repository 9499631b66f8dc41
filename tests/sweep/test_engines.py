"""A sweep of encoder_limits over rate x GC pressure: the same table from 2 local workers
and from a Dask LocalCluster (loopback only), resumable, and showing the loss threshold
move with the GC pause. The 200-point version lives in benchmarks/bench_sweep.py."""

from pathlib import Path

import pytest

from irqsim.sim import build
from irqsim.sweep import parse_param, run_sweep

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples" / "seed" / "encoder_limits.toml"


def axes():
    # 4 rates x 3 live-heap sizes = 12 points; the firmware counts for 1 s of virtual time.
    return [parse_param("parts.enc.freq=1kHz,2kHz,5kHz,10kHz"), parse_param("heap.extra_live=0KB,40KB,120KB")]


@pytest.fixture(scope="module")
def local_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "results.csv"
    report = run_sweep(SCENARIO, axes(), seeds=[1], out=out, workers=2, progress=False)
    return out, report


def test_local_pool_runs_every_point(local_table):
    out, report = local_table
    assert report.planned == 12 and report.ran == 12 and report.skipped == 0
    assert report.failed == {}
    keys = [r["key"] for r in report.rows]
    assert keys == sorted(keys)


def test_dask_cluster_gives_the_identical_table(local_table, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "dask.csv"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        report = run_sweep(SCENARIO, axes(), seeds=[1], out=out, scheduler=cluster.scheduler_address,
                           progress=False)
    assert report.ran == 12
    assert out.read_bytes() == local_table[0].read_bytes()


def test_rows_come_from_the_simulation(local_table):
    row = next(r for r in local_table[1].rows if r["parts.enc.freq"] == "5kHz" and r["heap.extra_live"] == "40KB")
    result = build(SCENARIO, overrides={"parts.enc.freq": "5kHz", "heap": {"extra_live": "40KB"}, "seed": 1}).run()
    src = result.stats()["sources"]["GP12"]
    assert int(row["src.GP12.edges"]) == src["edges"]
    assert int(row["src.GP12.lost"]) == src["lost_total"]
    assert int(row["gc.collections"]) == result.gc_collections


def test_loss_grows_with_gc_pause(local_table):
    rows = local_table[1].rows

    def lost(freq, live):
        return float(next(r["src.GP12.lost_share"] for r in rows
                          if r["parts.enc.freq"] == freq and r["heap.extra_live"] == live))

    pauses = {live: max(float(r["gc.pause_us.max"] or 0) for r in rows if r["heap.extra_live"] == live)
              for live in ("0KB", "40KB", "120KB")}
    assert pauses["0KB"] < pauses["40KB"] < pauses["120KB"]
    for freq in ("1kHz", "2kHz", "5kHz", "10kHz"):
        assert lost(freq, "0KB") <= lost(freq, "40KB") <= lost(freq, "120KB")
    # the slowest rate that loses pulses moves down as the pause grows
    def threshold(live):
        return next((f for f in ("1kHz", "2kHz", "5kHz", "10kHz") if lost(f, live) > 0), None)
    order = ["1kHz", "2kHz", "5kHz", "10kHz", None]
    assert order.index(threshold("120KB")) < order.index(threshold("0KB"))


def test_resume_skips_finished_points_and_survives_a_torn_line(local_table, tmp_path):
    full = local_table[0].read_text()
    lines = full.splitlines(keepends=True)
    out = tmp_path / "resumed.csv"
    # an interrupted run: header, 5 rows in some other order, and half of a sixth line
    out.write_text(lines[0] + "".join(reversed(lines[3:8])) + lines[9][: len(lines[9]) // 2])
    report = run_sweep(SCENARIO, axes(), seeds=[1], out=out, workers=1, progress=False)
    assert report.skipped == 5 and report.ran == 7
    assert out.read_text() == full
    again = run_sweep(SCENARIO, axes(), seeds=[1], out=out, workers=1, progress=False)
    assert again.ran == 0 and out.read_text() == full


def test_stale_rows_of_other_points_are_dropped(local_table, tmp_path):
    out = tmp_path / "t.csv"
    out.write_text(local_table[0].read_text())
    report = run_sweep(SCENARIO, [parse_param("parts.enc.freq=1kHz,2kHz"), parse_param("heap.extra_live=0KB")],
                       seeds=[1], out=out, workers=1, progress=False)
    assert report.ran == 0 and report.skipped == 2
    assert len(out.read_text().splitlines()) == 3


def test_an_interrupted_sweep_keeps_its_rows(local_table, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "int.csv"
    cmd = [sys.executable, "-c", "import sys; from irqsim.cli import main; sys.exit(main())", "sweep", str(SCENARIO), "--param", "parts.enc.freq=1kHz,2kHz,5kHz,10kHz",
           "--param", "heap.extra_live=0KB,40KB,120KB", "--workers", "1", "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_text().count("\n") >= 3:   # header + 2 rows
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=60)
    kept = out.read_text().count("\n") - 1
    assert kept >= 2
    report = run_sweep(SCENARIO, axes(), seeds=[1], out=out, workers=1, progress=False)
    assert report.skipped >= 2 and report.ran == 12 - report.skipped
    assert out.read_bytes() == local_table[0].read_bytes()
