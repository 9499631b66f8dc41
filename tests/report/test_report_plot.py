"""Figures: deterministic bytes, the CLI, and the ultrasonic echo/handler alignment."""

from __future__ import annotations

import pytest

from irqsim.report._timeline import HANDLER, spans

pytest.importorskip("matplotlib", reason="figures need the 'plot' extra (matplotlib)")

from irqsim.report.plot import plot  # noqa: E402 - after the importorskip

MS, US = 1_000_000, 1000


@pytest.mark.parametrize("kind", ["timeline", "latency", "cpu"])
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_figures_are_byte_identical(log, tmp_path, kind, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    plot(log, kind, a)
    plot(log, kind, b)
    assert a.read_bytes() == b.read_bytes()
    head = a.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in a.read_bytes()[:2000]


def test_svg_has_no_date(log, tmp_path):
    plot(log, "timeline", tmp_path / "t.svg")
    text = (tmp_path / "t.svg").read_text()
    assert "<dc:date>" not in text


def test_bad_kind_and_suffix(log, tmp_path):
    from irqsim.errors import IrqsimError

    with pytest.raises(IrqsimError):
        plot(log, "pie", tmp_path / "x.png")
    with pytest.raises(IrqsimError):
        plot(log, "cpu", tmp_path / "x.jpg")


def test_echo_pulses_and_handler_runs_are_aligned(ultrasonic_result, tmp_path, artifacts):
    """Every echo edge on GP15 is followed within microseconds by a handler run: the
    timeline the figures and the report draw puts both on one time axis."""
    data = spans(ultrasonic_result.log.records(), ultrasonic_result.end_ns)
    echo = data["pins"][15][1:]            # [0] is the level at the start of the view
    (track,) = [k for k in data["spans"] if k.startswith(HANDLER)]
    starts = [t0 for t0, _, _, _ in data["spans"][track]]
    assert len(echo) >= 10 and len(starts) == len(echo)
    for (t_edge, _), t_run in zip(echo, starts, strict=True):
        assert 0 < t_run - t_edge < 100 * US
    # a pulse is 58 us/cm: 25 cm before 300 ms, 100 cm after
    widths = [(b[0] - a[0]) for a, b in zip(echo[::2], echo[1::2], strict=False)]
    assert round(widths[0] / 58_000) == 25 and round(widths[-1] / 58_000) == 100
    first = echo[0][0]
    plot(ultrasonic_result, "timeline", artifacts / "ultrasonic_timeline.png",
         window=(first - 1 * MS, first + 2 * MS))
    plot(ultrasonic_result, "timeline", artifacts / "ultrasonic_timeline_whole.png")
    plot(ultrasonic_result, "latency", artifacts / "ultrasonic_latency.png")
    plot(ultrasonic_result, "cpu", artifacts / "ultrasonic_cpu.png")
    assert (artifacts / "ultrasonic_timeline.png").stat().st_size > 5000


def test_plot_command(tmp_path, capsys, seed_path):
    from irqsim.cli import main

    scenario = seed_path("critical_section")
    out = tmp_path / "cs.svg"
    assert main(["plot", str(scenario), "--kind", "timeline", "--from", "5ms", "--to", "35ms", "--out", str(out)]) == 0
    first = out.read_bytes()
    assert main(["plot", str(scenario), "--kind", "timeline", "--from", "5ms", "--to", "35ms", "--out", str(out)]) == 0
    assert out.read_bytes() == first
    assert main(["plot", str(scenario), "--kind", "latency", "--from", "5ms", "--out", str(out)]) == 2
    assert main(["plot", str(scenario), "--kind", "cpu", "--out", str(tmp_path / "x.gif")]) == 2
    assert "png or .svg" in capsys.readouterr().err
