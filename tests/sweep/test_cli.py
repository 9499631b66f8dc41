"""``irqsim sweep`` from the command line: table, Parquet, plot, and user errors."""

from pathlib import Path

import pytest

from irqsim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = str(ROOT / "examples" / "seed" / "encoder_limits.toml")


def test_sweep_writes_table_parquet_and_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.csv"
    args = ["sweep", SCENARIO, "--param", "stimuli.enc.freq=1kHz..4kHz:log:3", "--param", "heap.extra_live=0KB,120KB",
            "--set", "duration=400ms", "--workers", "2", "--out", str(out),
            "--plot", "src.GP12.lost_share:parts.enc.freq", "--no-progress"]
    parquet = None
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401

        parquet = tmp_path / "r.parquet"
        args += ["--parquet", str(parquet)]
    except ImportError:
        pass
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "6 points, 6 run" in err
    header = out.read_text().splitlines()[0].split(",")
    assert header[:6] == ["key", "parts.enc.freq", "heap.extra_live", "duration", "seed", "status"]
    assert "src.GP12.lost_share" in header and "handler.on_pulse.latency_us.p99" in header
    png = tmp_path / "r-src_GP12_lost_share-vs-parts_enc_freq.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if parquet is not None:
        import pandas as pd

        frame = pd.read_parquet(parquet)
        assert len(frame) == 6 and frame["src.GP12.edges"].dtype.kind in "if"
        assert list(frame["key"]) == sorted(frame["key"])
    # a second run computes nothing
    assert main(args) == 0
    assert "0 run, 6 already" in capsys.readouterr().err


@pytest.mark.parametrize("args, words", [
    (["--param", "board.cost.gc_pause=2ms,4ms"], "heap.extra_live"),
    (["--param", "board.micropython.gc_scale=1,2"], "gc_time_scale"),
    (["--param", "parts.encoder.freq=1kHz"], "enc"),
    (["--param", "parts.enc.freq=1kHz", "--plot", "nope"], "METRIC:PARAM"),
    ([], "--param"),
])
def test_user_errors_exit_2_with_a_hint(tmp_path, capsys, args, words):
    code = main(["sweep", SCENARIO, "--out", str(tmp_path / "x.csv"), "--no-progress", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "Traceback" not in err


def test_firmware_errors_become_rows_not_crashes(tmp_path, capsys):
    fw = tmp_path / "boom.py"
    fw.write_text("import time\nx = 1\nif x:\n    raise ValueError('bad')\n")
    sc = tmp_path / "boom.toml"
    sc.write_text('schema = 1\nfirmware = "boom.py"\nduration = "10ms"\n')
    out = tmp_path / "b.csv"
    assert main(["sweep", str(sc), "--param", "duration=10ms,20ms", "--workers", "1", "--out", str(out), "--no-progress"]) == 0
    assert "2 firmware-error" in capsys.readouterr().err
    assert "ValueError: bad" in out.read_text()
