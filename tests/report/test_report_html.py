"""The HTML report: self-contained, and it renders in headless Chromium without errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from irqsim.report.html import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")


def chromium(url: str, profile, *extra: str) -> tuple[str, list[str]]:
    """Run headless Chromium; returns (stdout, console messages it logged)."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", "--window-size=1280,1600", *extra, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]
    return proc.stdout, console


def test_self_contained(log, tmp_path):
    out = tmp_path / "r.html"
    write_report(log, out)
    text = out.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert "<script src" not in text
    assert 'id="summary-handlers"' in text and 'id="violations"' in text and 'class="hist"' in text


def test_deterministic(log, tmp_path):
    write_report(log, tmp_path / "a.html")
    write_report(log, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_timeline_data_marks_lost_edges_on_the_pin_lane(log, tmp_path):
    out = tmp_path / "r.html"
    write_report(log, out)
    raw = re.search(r'id="timeline-data">(.*?)</script>', out.read_text(), re.S).group(1)
    data = json.loads(raw)
    lanes = [lane["name"] for lane in data["lanes"]]
    assert lanes[0] == "GP15" and "IRQs masked" in lanes and "on_edge" in lanes
    lost = [m for m in data["marks"] if m[2] == "lost"]
    assert len(lost) == 5 and all(m[1] == 0 for m in lost)


def test_violation_links_to_the_firmware_line(critical_result, tmp_path):
    from irqsim.report._source import view_of
    from irqsim.trace.log import Kind

    view = view_of(critical_result)
    view.log.append((1000, Kind.VIOLATION, "TEST1", "warning", "a test violation", view.firmware.name, 12))
    try:
        out = tmp_path / "r.html"
        write_report(view, out)
        text = out.read_text()
    finally:
        view.log._tail.pop()
    anchor = f"src-{view.firmware.name.replace('.', '-').replace('_', '-')}-L12"
    assert f'href="#{anchor}"' in text and f'id="{anchor}"' in text


@needs_chromium
def test_console_errors_are_detected(tmp_path):
    """The check below can fail: a broken page is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFunction();</script></body></html>")
    _, console = chromium(bad.as_uri(), tmp_path / "profile", "--dump-dom")
    assert any("Uncaught" in ln for ln in console)


@needs_chromium
@pytest.mark.parametrize("name", ["log", "ultrasonic", "critical"])
def test_renders_in_chromium(name, log, request, tmp_path, artifacts):
    source = {"log": log}.get(name) or request.getfixturevalue(f"{name}_result")
    out = tmp_path / f"{name}.html"
    write_report(source, out)
    dom, console = chromium(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert console == []
    assert 'data-rendered="1"' in dom
    assert re.search(r'<div id="js-errors">\s*</div>', dom)
    shapes = int(re.search(r'data-shapes="(\d+)"', dom).group(1))
    assert shapes > 10
    assert dom.count('class="span"') > 5 and 'class="trace"' in dom
    shot = artifacts / f"report_{name}.png"
    shot.unlink(missing_ok=True)
    chromium(out.as_uri(), tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_ultrasonic_zoomed_on_one_echo(ultrasonic_result, tmp_path, artifacts):
    """Deep link into the timeline (#zoom=from-to in ns): one echo pulse with the handler
    runs at its two edges, rendered and kept as a screenshot."""
    from irqsim.trace.log import Kind

    edges = [r[0] for r in ultrasonic_result.log.of_kind(Kind.PIN) if r[2] == 15][:2]
    lo, hi = edges[0] - 200_000, edges[1] + 200_000
    out = tmp_path / "u.html"
    write_report(ultrasonic_result, out)
    url = f"{out.as_uri()}#zoom={lo}-{hi}"
    dom, console = chromium(url, tmp_path / "profile", "--dump-dom")
    assert console == []
    rng = re.search(r'id="view-range"[^>]*>([^<]*)<', dom).group(1)
    assert hi - lo > 1_000_000 and f"({(hi - lo) / 1e6:.3f} ms shown)" in rng
    # in this window: the echo pulse's rising and falling edges and one handler run at each
    handler_lane = dom.count("<title>UltrasonicIRQ._echo_handler:")
    assert handler_lane == 2
    shot = artifacts / "report_ultrasonic_zoomed.png"
    shot.unlink(missing_ok=True)
    chromium(url, tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000
