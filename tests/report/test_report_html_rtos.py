"""RTOS task lanes in the HTML report (Mars Pathfinder lab): one lane per task with a bar
per state, coloured as the plot draws them, and deadline misses / resets as marks."""

from __future__ import annotations

import base64
import json
import re
from array import array

import pytest

from irqsim.cli import main
from irqsim.labs.pathfinder import build
from irqsim.report.onepass import export

from .test_report_html import chromium, needs_chromium


@pytest.fixture(scope="module")
def run_none():
    return build("none", seed=1).run("600ms")


def _data(path) -> dict:
    raw = re.search(r'id="timeline-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S).group(1)
    return json.loads(raw)


def _bars(lane: dict) -> list[tuple[float, float, str]]:
    cols = []
    for key, code in (("a", "d"), ("b", "d"), ("n", "i")):
        arr = array(code)
        arr.frombytes(base64.b64decode(lane[key]))
        cols.append(arr)
    return [(a, b, lane["labels"][n]) for a, b, n in zip(*cols, strict=True)]


def _overlap(a: list, b: list) -> float:
    return sum(max(0.0, min(a1, b1) - max(a0, b0)) for a0, a1, _ in a for b0, b1, _ in b)


def test_task_lanes_show_the_inversion(run_none, tmp_path):
    out = tmp_path / "pf.html"
    export(run_none, report=out)
    data = _data(out)
    names = [lane["name"] for lane in data["lanes"]]
    assert names[:3] == ["bus_mgmt (task)", "comms (task)", "meteo (task)"]   # most urgent first
    assert "main running" not in names
    lanes = {lane["name"]: lane for lane in data["lanes"]}
    bus_mgmt = _bars(lanes["bus_mgmt (task)"])
    blocked = [b for b in bus_mgmt if b[2] == "blocked on info_bus"]
    comms_running = [b for b in _bars(lanes["comms (task)"]) if b[2] == "running"]
    # the high task waits for the bus while the medium task runs (as the Perfetto test shows)
    assert _overlap(blocked, comms_running) > 100_000_000   # ns
    colour = dict(zip(lanes["bus_mgmt (task)"]["labels"], lanes["bus_mgmt (task)"]["colors"], strict=True))
    assert colour == {"blocked on info_bus": "#d62728", "running": "#2ca02c"}
    assert "ready" in lanes["meteo (task)"]["labels"]
    misses = [m for m in data["marks"] if m[2] == "deadline_miss"]
    assert misses and all(m[1] == names.index("bus_mgmt (task)") and m[3] == "bus_mgmt" for m in misses)
    resets = [m for m in data["marks"] if m[2] == "reset"]
    assert [m[0] for m in resets][:1] == [150_000_000] and names[resets[0][1]] == "events"


def test_lab_report_flag_draws_task_lanes(tmp_path, capsys):
    out = tmp_path / "p.html"
    assert main(["lab", "pathfinder", "--inheritance", "inherit", "--duration", "300ms", "--report", str(out)]) == 0
    capsys.readouterr()
    lanes = {lane["name"]: lane for lane in _data(out)["lanes"]}
    meteo = _bars(lanes["meteo (task)"])
    assert meteo and {b[2] for b in meteo} <= {"running", "ready", "blocked on info_bus"}
    # with inheritance the high task's waits are short (bounded by meteo's critical section)
    blocked = [b for b in _bars(lanes["bus_mgmt (task)"]) if b[2].startswith("blocked")]
    assert blocked and all(b - a <= 11_000_000 for a, b, _ in blocked)


@needs_chromium
def test_task_lanes_render_in_chromium(run_none, tmp_path, artifacts):
    out = tmp_path / "pf.html"
    export(run_none, report=out)
    dom, console = chromium(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert console == []
    assert re.search(r'<div id="js-errors">\s*</div>', dom)
    assert dom.count("<title>blocked on info_bus:") >= 3
    assert 'fill="#d62728" class="span"' in dom and 'class="mark deadline_miss"' in dom
    shot = artifacts / "report_pathfinder.png"
    shot.unlink(missing_ok=True)
    chromium(out.as_uri(), tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000
