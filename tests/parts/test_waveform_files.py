"""Waveform playback from CSV and VCD files (paths relative to the scenario)."""

import io

import pytest

from irqsim.errors import IrqsimError, ScenarioError
from irqsim.sim import build

IDLE = "import time\nwhile True:\n    time.sleep_ms(1000)\n"


def _scenario(tmp_path, attrs: str, duration="20ms"):
    (tmp_path / "idle.py").write_text(IDLE)
    sc = tmp_path / "wave.toml"
    sc.write_text(f'schema = 1\nfirmware = "idle.py"\nduration = "{duration}"\nwires = [["w:out", "GP3"]]\n\n'
                  f'[[parts]]\nid = "w"\ntype = "waveform"\n{attrs}\n')
    return sc


def _edges(result, gpio=3):
    from irqsim.trace.log import Kind

    return [(r[0], r[3]) for r in result.log.of_kind(Kind.PIN) if r[2] == gpio]


def test_csv_with_header_units_and_comments(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "burst.csv").write_text(
        "# captured on a bench\ntime,level\n0ms,0\n1ms,1\n1.5ms, 0\n\n2500us,HIGH\n3ms,low\n")
    res = build(_scenario(tmp_path, 'file = "data/burst.csv"')).run()
    assert _edges(res) == [(1_000_000, 1), (1_500_000, 0), (2_500_000, 1), (3_000_000, 0)]


def test_csv_bare_numbers_take_time_unit_and_repeat(tmp_path):
    (tmp_path / "p.csv").write_text("0,1\n250,0\n")
    res = build(_scenario(tmp_path, 'file = "p.csv"\ntime_unit = "us"\nrepeat = "1ms"', duration="3ms")).run()
    assert _edges(res) == [(0, 1), (250_000, 0), (1_000_000, 1), (1_250_000, 0), (2_000_000, 1), (2_250_000, 0),
                            (3_000_000, 1)]       # an event at the end time still happens


@pytest.mark.parametrize("text, line, message", [
    ("time,level\n0,1\n", 2, "time '0' has no unit"),
    ("0ms,1\n1ms,2\n", 2, "level must be 0 or 1"),
    ("0ms,1\n2ms,0\n1ms,1\n", 3, "must not go backwards"),
    ("0ms\n", 1, "two columns"),
])
def test_csv_errors_point_into_the_file(tmp_path, text, line, message):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(ScenarioError, match=message) as info:
        build(_scenario(tmp_path, 'file = "bad.csv"'))
    assert info.value.file.endswith("bad.csv") and info.value.line == line


def test_missing_file_and_points_with_file(tmp_path):
    with pytest.raises(ScenarioError, match="not found: nope.csv"):
        build(_scenario(tmp_path, 'file = "nope.csv"'))
    (tmp_path / "p.csv").write_text("0ms,1\n")
    with pytest.raises(ScenarioError, match="points or file"):
        build(_scenario(tmp_path, 'file = "p.csv"\npoints = [["1ms", 1]]'))
    with pytest.raises(IrqsimError, match="time_unit must be one of"):
        build(_scenario(tmp_path, 'file = "p.csv"\ntime_unit = "h"'))


def _write_vcd(path, timescale="1 us"):
    from vcd import VCDWriter

    buf = io.StringIO()
    with VCDWriter(buf, timescale=timescale, date="today") as w:
        clk = w.register_var("top.uart", "tx", "wire", size=1, init=1)
        other = w.register_var("top.spi", "tx", "wire", size=1, init=0)
        bus = w.register_var("top", "data", "wire", size=8, init=0)
        w.change(clk, 100, 0)
        w.change(other, 120, 1)
        w.change(clk, 200, "x")
        w.change(clk, 300, 1)
        w.change(bus, 300, 7)
        w.change(clk, 450, 0)
    path.write_text(buf.getvalue())


def test_vcd_signal_by_dotted_path(tmp_path):
    _write_vcd(tmp_path / "cap.vcd")
    res = build(_scenario(tmp_path, 'file = "cap.vcd"\nsignal = "top.uart.tx"\ninitial = 1')).run()
    # x at 200 us keeps the level; times scale by the 1 us timescale
    assert _edges(res) == [(0, 1), (100_000, 0), (300_000, 1), (450_000, 0)]


def test_vcd_timescale_in_ps_must_land_on_whole_ns(tmp_path):
    _write_vcd(tmp_path / "cap.vcd", timescale="100 ps")
    res = build(_scenario(tmp_path, 'file = "cap.vcd"\nsignal = "top.uart.tx"\ninitial = 1')).run()
    assert _edges(res) == [(0, 1), (10, 0), (30, 1), (45, 0)]
    _write_vcd(tmp_path / "cap.vcd", timescale="10 ps")     # 450 x 10 ps = 4.5 ns
    with pytest.raises(ScenarioError, match="not a whole number of nanoseconds") as info:
        build(_scenario(tmp_path, 'file = "cap.vcd"\nsignal = "top.uart.tx"'))
    assert info.value.line is not None


@pytest.mark.parametrize("signal, message", [
    ("tx", "ambiguous"),
    ("top.uart.rx", "did you mean 'top.uart.tx'"),
    ("data", "8 bits wide"),
])
def test_vcd_signal_errors(tmp_path, signal, message):
    _write_vcd(tmp_path / "cap.vcd")
    with pytest.raises(ScenarioError, match=message):
        build(_scenario(tmp_path, f'file = "cap.vcd"\nsignal = "{signal}"'))


def test_vcd_needs_a_signal_and_csv_refuses_one(tmp_path):
    _write_vcd(tmp_path / "cap.vcd")
    with pytest.raises(ScenarioError, match="say which signal") as info:
        build(_scenario(tmp_path, 'file = "cap.vcd"'))
    assert "top.uart.tx" in info.value.hint
    (tmp_path / "p.csv").write_text("0ms,1\n")
    with pytest.raises(ScenarioError, match="not a .vcd file"):
        build(_scenario(tmp_path, 'file = "p.csv"\nsignal = "x"'))
