"""RTOS timelines (docs/rtos.md): the Mars Pathfinder lab exported to Perfetto and VCD shows
the inversion (the high task blocked while the medium task runs) and, with inheritance, the
low task's priority boost."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from irqsim.cli import main
from irqsim.labs.pathfinder import build
from irqsim.report.onepass import export

from .test_report_perfetto import validate

vcdvcd = pytest.importorskip("vcdvcd", reason="vcdvcd (test extra) parses VCD independently of pyvcd")

MS = 1_000_000


@pytest.fixture(scope="module")
def runs():
    return {p: build(p, seed=1).run("600ms") for p in ("none", "inherit")}


def _trace(rt, tmp_path, name):
    out = tmp_path / f"{name}.json"
    export(rt, trace=out)
    doc = json.loads(out.read_text())
    validate(doc)
    return doc


def _slices(doc) -> dict[str, list[tuple[float, float, str]]]:
    """Task track label -> [(start_us, end_us, slice name)] from the B/E pairs."""
    label = {ev["tid"]: ev["args"]["name"] for ev in doc["traceEvents"] if ev.get("name") == "thread_name"}
    out: dict[str, list] = {}
    open_: dict[int, dict] = {}
    for ev in doc["traceEvents"]:
        if ev["ph"] == "B":
            open_[ev["tid"]] = ev
        elif ev["ph"] == "E":
            b = open_.pop(ev["tid"])
            out.setdefault(label[ev["tid"]], []).append((b["ts"], ev["ts"], b["name"]))
    return out


def _overlap(a: list, b: list) -> float:
    return sum(max(0.0, min(a1, b1) - max(a0, b0)) for a0, a1, _ in a for b0, b1, _ in b)


def test_perfetto_without_inheritance_shows_the_inversion(runs, tmp_path):
    doc = _trace(runs["none"], tmp_path, "none")
    names = {ev["args"]["name"] for ev in doc["traceEvents"] if ev.get("name") == "thread_name"}
    assert {"bus_mgmt (task)", "comms (task)", "meteo (task)"} <= names and "main" not in names
    sl = _slices(doc)
    blocked = [s for s in sl["bus_mgmt (task)"] if s[2] == "blocked on info_bus"]
    comms_running = [s for s in sl["comms (task)"] if s[2] == "running"]
    # the high task waits for the bus while the medium task runs: for most of a watchdog period
    assert _overlap(blocked, comms_running) > 100_000          # µs
    assert not [ev for ev in doc["traceEvents"] if ev.get("cat") == "prio"]
    resets = [ev for ev in doc["traceEvents"] if ev["ph"] == "i" and ev["cat"] == "reset"]
    assert [round(ev["ts"]) for ev in resets][:1] == [150_000] and all(ev["s"] == "g" for ev in resets)
    assert any(ev["ph"] == "i" and ev["cat"] == "deadline_miss" for ev in doc["traceEvents"])


def test_perfetto_with_inheritance_shows_the_boost(runs, tmp_path):
    doc = _trace(runs["inherit"], tmp_path, "inherit")
    tid = {ev["args"]["name"]: ev["tid"] for ev in doc["traceEvents"] if ev.get("name") == "thread_name"}
    boosts = [ev for ev in doc["traceEvents"] if ev.get("cat") == "prio"]
    first = boosts[0]
    assert first["tid"] == tid["meteo (task)"] and first["args"] == {"priority": 3, "reason": "inherit"}
    assert boosts[1]["args"]["reason"] == "restore" and boosts[1]["args"]["priority"] == 1
    counter = [(ev["ts"], ev["args"]["priority"]) for ev in doc["traceEvents"]
               if ev["ph"] == "C" and ev["name"] == "meteo priority"]
    assert (first["ts"], 3) in counter and counter[0][1] == 1
    sl = _slices(doc)
    blocked = [s for s in sl["bus_mgmt (task)"] if s[2] == "blocked on info_bus"]
    assert blocked and all(t1 - t0 <= 11_000 for t0, t1, _ in blocked)   # bounded by meteo's section
    assert _overlap(blocked, [s for s in sl["comms (task)"] if s[2] == "running"]) == 0
    assert not [ev for ev in doc["traceEvents"] if ev.get("cat") == "reset"]


def _vcd(rt, tmp_path, name):
    out = tmp_path / f"{name}.vcd"
    export(rt, vcd=out)
    return out, vcdvcd.VCDVCD(str(out), store_tvs=True)


def _at(vcd, name, t):
    value = "0"
    for t_i, v in vcd[name].tv:
        if t_i > t:
            break
        value = v
    return int(value, 2)


def _prio(vcd, task, t):
    bits = sorted((int(s.rsplit("[", 1)[1][:-1]), s) for s in vcd.signals if s.startswith(f"irqsim.tasks.{task}_prio["))
    return sum(_at(vcd, s, t) << i for i, s in bits)


def test_vcd_shows_blocking_and_inheritance(runs, tmp_path):
    _, none = _vcd(runs["none"], tmp_path, "none")
    t = 100 * MS   # inside the first inversion: bus_mgmt blocked since 7.1 ms, comms runs
    assert _at(none, "irqsim.tasks.bus_mgmt_blocked", t) == 1
    assert _at(none, "irqsim.tasks.comms_running", t) == 1
    assert _at(none, "irqsim.tasks.meteo_ready", t) == 1
    assert [tt for tt, v in none["irqsim.tasks.watchdog_reset"].tv if v == "1"][:1] == [150 * MS]
    assert _prio(none, "bus_mgmt", t) == 3 and _prio(none, "meteo", t) == 1
    _, inh = _vcd(runs["inherit"], tmp_path, "inherit")
    t = 10 * MS   # meteo holds the bus for bus_mgmt at the inherited priority
    assert _at(inh, "irqsim.tasks.bus_mgmt_blocked", t) == 1
    assert _at(inh, "irqsim.tasks.meteo_running", t) == 1 and _prio(inh, "meteo", t) == 3
    assert _at(inh, "irqsim.tasks.comms_running", t) == 0
    assert _prio(inh, "meteo", 20 * MS) == 1
    assert "irqsim.tasks.watchdog_reset" in inh.signals and not [v for _, v in inh["irqsim.tasks.watchdog_reset"].tv if v == "1"]


@pytest.mark.skipif(shutil.which("sigrok-cli") is None, reason="sigrok-cli is not installed")
def test_sigrok_reads_the_task_signals(runs, tmp_path):
    out, _ = _vcd(runs["none"], tmp_path, "none")
    show = subprocess.run(["sigrok-cli", "-I", "vcd", "-i", str(out), "--show"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    for name in ("bus_mgmt_blocked", "comms_running", "meteo_prio[0]", "watchdog_reset"):
        assert f"- {name}: logic" in show


def test_lab_flags_write_identical_files(tmp_path, capsys):
    files = []
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        paths = [tmp_path / d / f for f in ("p.json", "p.vcd", "p.html")]
        assert main(["lab", "pathfinder", "--inheritance", "inherit", "--duration", "300ms",
                     "--trace", str(paths[0]), "--vcd", str(paths[1]), "--report", str(paths[2])]) == 0
        files.append([p.read_bytes() for p in paths])
    assert files[0] == files[1]
    doc = json.loads(files[0][0])
    assert doc["otherData"]["title"] == "irqsim lab pathfinder (mutex protocol inherit)"
    assert any(ev.get("cat") == "prio" for ev in doc["traceEvents"])
    assert b"meteo_prio" in files[0][1] and b"<svg" in files[0][2]
    capsys.readouterr()
