"""``irqsim run --vcd --trace --report --plot``: files written, byte-identical across runs
(also in another process with another hash seed), and recording off still works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from irqsim.cli import main

EXPORTS = ("cs.vcd", "cs.json", "cs.html", "cs.png")


def _run(scenario, d, *extra) -> list[str]:
    return ["run", str(scenario), "--quiet", "--vcd", str(d / "cs.vcd"), "--trace", str(d / "cs.json"),
            "--report", str(d / "cs.html"), "--plot", str(d / "cs.png"), *extra]


def test_run_writes_every_export_identically(tmp_path, seed_path, capsys):
    pytest.importorskip("matplotlib")
    scenario = seed_path("critical_section")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert main(_run(scenario, a)) == 0
    env = dict(os.environ, PYTHONHASHSEED="4242")
    proc = subprocess.run([sys.executable, "-c", "import sys; from irqsim.cli import main; sys.exit(main(sys.argv[1:]))",
                           *_run(scenario, b)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name in EXPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_json_mode_with_exports_keeps_stdout_json(tmp_path, seed_path, capsys):
    import json

    scenario = seed_path("ultrasonic_irq")
    assert main(["run", str(scenario), "--json", "--vcd", str(tmp_path / "u.vcd")]) == 0
    json.loads(capsys.readouterr().out)
    assert (tmp_path / "u.vcd").stat().st_size > 1000


def test_missing_directory_is_a_user_error(tmp_path, seed_path, capsys):
    scenario = seed_path("ultrasonic_irq")
    assert main(["run", str(scenario), "--quiet", "--vcd", str(tmp_path / "nope" / "u.vcd")]) == 2
    assert "no such directory" in capsys.readouterr().err


def test_recording_off_runs_and_exporters_refuse(seed_path):
    from irqsim.errors import IrqsimError
    from irqsim.report.vcd import write_vcd
    from irqsim.sim import build

    scenario = seed_path("critical_section")
    on = build(scenario).run()
    off = build(scenario, record=False).run()
    assert len(off.log) == 0 and len(on.log) > 100
    assert off.stdout == on.stdout and off.end_ns == on.end_ns   # recording does not change the run
    with pytest.raises(IrqsimError, match="recording off"):
        write_vcd(off, os.devnull)
