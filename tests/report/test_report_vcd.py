"""VCD export: standard enough for sigrok and an independent parser, and deterministic."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from irqsim.report.vcd import write_vcd
from irqsim.trace.log import Kind

vcdvcd = pytest.importorskip("vcdvcd", reason="vcdvcd (test extra) parses VCD independently of pyvcd")

MS, US = 1_000_000, 1000


def _parse(path):
    return vcdvcd.VCDVCD(str(path), store_tvs=True)


def _level_at(tv, t):
    value = "0"
    for t_i, v in tv:
        if t_i > t:
            break
        value = v
    return int(value, 2)


def _vector_at(vcd, name, t):
    """Integer value of a vector at t, written either as a reg or bit-blasted as name[i]."""
    if name in vcd.signals:
        return _level_at(vcd[name].tv, t)
    bits = sorted((int(s[len(name) + 1:-1]), s) for s in vcd.signals if s.startswith(name + "["))
    assert bits, f"{name} is missing"
    return sum(_level_at(vcd[s].tv, t) << i for i, s in bits)


def test_round_trip_pins_and_virtual_signals(log, tmp_path):
    out = tmp_path / "m.vcd"
    write_vcd(log, out)
    vcd = _parse(out)
    assert vcd.timescale["timescale"] == 1e-9 or vcd.timescale["magnitude"] == 1
    names = set(vcd.signals)
    assert {"irqsim.gpio.GP15", "irqsim.cpu.irq_masked", "irqsim.cpu.isr_active", "irqsim.cpu.gc_running",
            "irqsim.cpu.cpu_idle", "irqsim.cpu.sched_queue[0]", "irqsim.cpu.sched_queue[1]",
            "irqsim.handlers.on_edge", "irqsim.handlers.report", "irqsim.lost.lost_GP15",
            "irqsim.lost.lost_GP15_count[2]"} <= names
    # every pin change in the log comes back at its time with its level
    pin = [(t, lvl) for t, _, gpio, lvl, _ in log.of_kind(Kind.PIN)]
    back = [(t, int(v)) for t, v in vcd["irqsim.gpio.GP15"].tv]
    assert back == pin
    masked = vcd["irqsim.cpu.irq_masked"].tv
    assert [(t, int(v)) for t, v in masked] == [(0, 0), (5 * MS - 100 * US, 1), (9 * MS + 700 * US, 0)]
    # handlers: 1 exactly from ENTER to EXIT
    enters = [r[0] for r in log.of_kind(Kind.ENTER) if r[2] == "on_edge"]
    for t in enters:
        assert _level_at(vcd["irqsim.handlers.on_edge"].tv, t) == 1
        assert _level_at(vcd["irqsim.handlers.on_edge"].tv, t + 5 * US) == 0
    times = (4 * MS, 4 * MS + 10 * US, 11 * MS + 1, 11 * MS + 60 * US)
    assert [_vector_at(vcd, "irqsim.cpu.sched_queue", t) for t in times] == [1, 2, 1, 0]
    assert _level_at(vcd["irqsim.cpu.gc_running"].tv, 4 * MS + 50 * US) == 1
    assert _level_at(vcd["irqsim.cpu.cpu_idle"].tv, 13 * MS) == 1


@pytest.mark.parametrize("vectors", [False, True], ids=["bit-blasted", "vectors"])
def test_lost_edges_are_pulses_and_a_count(log, tmp_path, vectors):
    out = tmp_path / "m.vcd"
    write_vcd(log, out, vectors=vectors)
    vcd = _parse(out)
    lost_t = [r[0] for r in log.of_kind(Kind.LOST)]
    pulse = vcd["irqsim.lost.lost_GP15"].tv
    rises = [t for t, v in pulse if v == "1"]
    assert rises == lost_t
    assert _vector_at(vcd, "irqsim.lost.lost_GP15_count", 15 * MS) == len(lost_t) == 5
    assert _vector_at(vcd, "irqsim.lost.lost_GP15_count", 7 * MS) == 2
    assert ("irqsim.cpu.sched_queue" in vcd.signals) == vectors


def test_two_exports_are_byte_identical(log, tmp_path):
    write_vcd(log, tmp_path / "a.vcd")
    write_vcd(log, tmp_path / "b.vcd")
    a = (tmp_path / "a.vcd").read_bytes()
    assert a == (tmp_path / "b.vcd").read_bytes()
    assert b"$date" not in a  # no wall-clock date in the header


def test_handler_names_become_safe_identifiers():
    from irqsim.report.vcd import vcd_identifier

    assert vcd_identifier("UltrasonicIRQ._echo_handler") == "UltrasonicIRQ__echo_handler"
    assert vcd_identifier("<lambda>") == "lambda"
    assert vcd_identifier("1st") == "_1st"


SIGROK = shutil.which("sigrok-cli")


@pytest.mark.skipif(SIGROK is None, reason="sigrok-cli is not installed (apt-get install -y sigrok-cli)")
def test_sigrok_reads_it(log, tmp_path):
    out = tmp_path / "m.vcd"
    write_vcd(log, out)
    show = subprocess.run([SIGROK, "-I", "vcd", "-i", str(out), "--show"], capture_output=True, text=True,
                          timeout=60, check=True)
    for name in ("GP15", "irq_masked", "on_edge", "lost_GP15", "sched_pending", "sched_queue[1]"):
        assert f"- {name}: logic" in show.stdout
    # sample the waveforms at 1 us (downsample 1000 from the 1 ns timescale) and look inside
    csv_out = subprocess.run([SIGROK, "-I", "vcd:downsample=1000", "-i", str(out), "-O", "csv"],
                             capture_output=True, text=True, timeout=60, check=True).stdout
    lines = [ln for ln in csv_out.splitlines() if ln and not ln.startswith(";")]
    channels = next(ln for ln in csv_out.splitlines() if ln.startswith("; Channels")).split(": ", 1)[1].split(", ")
    rows = list(csv.reader(io.StringIO("\n".join(lines[2:]))))
    masked = [int(r[channels.index("irq_masked")]) for r in rows]
    gp15 = [int(r[channels.index("GP15")]) for r in rows]
    assert sum(masked) == pytest.approx(4800, abs=2)       # 4.8 ms masked, sampled every 1 us
    assert masked[5000] == 1 and masked[4800] == 0
    assert gp15[1200] == 1 and gp15[1700] == 0
    assert len(rows) >= 14_990   # sigrok read to the end of the 15 ms run, not just to the first vector


def test_critical_section_shows_the_masked_window_and_lost_edges(critical_result, tmp_path):
    out = tmp_path / "cs.vcd"
    write_vcd(critical_result, out)
    vcd = _parse(out)
    masked = [(t, int(v)) for t, v in vcd["irqsim.cpu.irq_masked"].tv]
    ups = [t for t, v in masked if v == 1]
    downs = [t for t, v in masked if v == 0 and t > 0]
    assert len(ups) == 1 and len(downs) == 1
    assert downs[0] - ups[0] >= 20 * MS       # the firmware masks for 20 ms
    lost = [t for t, v in vcd["irqsim.lost.lost_GP15"].tv if v == "1"]
    st = critical_result.stats()["sources"]["GP15"]
    assert st["lost"]["latch"] >= 15
    assert len(lost) == st["lost_total"]
    assert all(ups[0] <= t <= downs[0] for t in lost)
    write_vcd(critical_result, tmp_path / "cs2.vcd")
    assert out.read_bytes() == (tmp_path / "cs2.vcd").read_bytes()
