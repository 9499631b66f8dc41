"""Each seed example runs unchanged via its scenario and shows the lesson's behaviour.

Assertions read the ``irqsim run --json`` document (and, where the claim is about timing,
the event log of the same run)."""

import json
import re
from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.sim import build
from irqsim.trace.log import Kind

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed"


def run_json(capsys, target, *extra):
    code = main(["run", str(target), "--json", *extra])
    doc = json.loads(capsys.readouterr().out)
    return code, doc


def texts(doc):
    return [s["text"] for s in doc["stdout"]]


def test_seed_files_are_the_lessons_unchanged():
    shared = ROOT.parent / "shared" / "examples" / "seed"
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    for src in shared.glob("*.py"):
        assert (SEED / src.name).read_bytes() == src.read_bytes(), src.name


@pytest.mark.parametrize("scenario", sorted(p.name for p in SEED.glob("*.toml")))
def test_every_seed_scenario_runs_and_meets_its_expectations(capsys, scenario):
    code, doc = run_json(capsys, SEED / scenario)
    assert doc["firmware_error"] is None
    assert all(e["passed"] for e in doc["expectations"]), doc["expectations"]
    assert code == 0


def test_heartbeat_ticks_ten_by_1_05_s_and_stops_after_deinit(capsys):
    _, doc = run_json(capsys, SEED / "heartbeat_timer.toml")
    (t1, first), (t2, second) = [(s["t_ns"], s["text"]) for s in doc["stdout"]]
    assert first.startswith("ticks 10 ") and 1_050_000_000 <= t1 < 1_051_000_000
    assert second == "after deinit 10" and t2 > 1_500_000_000
    assert doc["stats"]["handlers"]["tick"]["count"] == 10


def test_button_one_handled_event_per_clean_press(capsys):
    _, doc = run_json(capsys, SEED / "button_flag.toml")
    assert texts(doc) == ["press 1", "press 2", "press 3"]
    src = doc["stats"]["sources"]["GP16"]
    assert src["edges"] == 3 and src["handled"] == 3


def test_schedule_example_prints_the_pin_as_micropython_does(capsys):
    _, doc = run_json(capsys, SEED / "schedule_deferred.toml")
    assert set(texts(doc)) == {"Pin Pin(GPIO15, mode=IN) changed!"}
    assert len(texts(doc)) == doc["stats"]["sources"]["GP15"]["edges"] == 10


def test_safe_pattern_latency_matches_the_simulators_own_record():
    sim = build(SEED / "safe_pattern_latency.toml")
    result = sim.run()
    printed = [int(re.match(r"Event! Latency: (\d+) µs", text).group(1)) for _, text in result.stdout]
    reacts = list(result.log.of_kind(Kind.REACT))
    assert len(printed) == len(reacts) == 15
    for value, rec in zip(printed, reacts):
        t_react, stamp = rec[0], rec[3]
        # the firmware subtracts two ticks_us() readings: whole µs of the virtual clock
        assert value == t_react // 1000 - stamp // 1000


def test_critical_section_holds_edges_and_releases_one(capsys):
    sim = build(SEED / "critical_section.toml")
    result = sim.run()
    log = list(result.log.records())
    masks = [r for r in log if r[1] == Kind.MASK]
    (t_off, _, on), (t_on, _, off) = masks[0], masks[1]
    assert on == 1 and off == 0 and 20_000_000 <= t_on - t_off < 21_000_000
    enters = [r for r in log if r[1] == Kind.ENTER]
    assert not [r for r in enters if t_off < r[0] < t_on], "no handler may run while masked"
    caused_inside = [r for r in enters if t_off <= r[5] <= t_on]
    assert len(caused_inside) == 1  # one falling-edge latch -> one handler after release
    edges_inside = [r for r in log if r[1] == Kind.EDGE and t_off <= r[0] <= t_on]
    lost_inside = [r for r in log if r[1] == Kind.LOST and t_off <= r[0] <= t_on]
    assert len(lost_inside) == len(edges_inside) - 1 >= 18
    assert result.stats()["sources"]["GP15"]["lost"]["latch"] == len(lost_inside)
    assert [text for _, text in result.stdout] == ["before 10 inside 0 released 0"]


@pytest.mark.parametrize("cm", [10, 25, 57, 100, 250])
def test_ultrasonic_distance_within_1cm(capsys, cm):
    _, doc = run_json(capsys, SEED / "ultrasonic_irq.toml", "--set", f"parts.sonar.distance={cm}cm",
                      "--set", "stimuli=[]")
    values = [float(t.split()[1]) for t in texts(doc)]
    assert len(values) >= 8
    assert all(abs(v - cm) <= 1.0 for v in values[1:]), values


def test_interrupts_leave_more_time_for_work_than_polling(capsys):
    _, polling = run_json(capsys, ROOT / "examples" / "polling_vs_irq" / "polling.toml")
    _, irq = run_json(capsys, ROOT / "examples" / "polling_vs_irq" / "irq.toml")
    work_poll = int(texts(polling)[0].split()[2])
    work_irq = int(texts(irq)[0].split()[2])
    assert work_irq > 2 * work_poll, (work_poll, work_irq)


def share_counted(capsys, scenario, freq):
    _, doc = run_json(capsys, SEED / scenario, "--set", f"parts.enc.freq={freq}")
    seen = int(texts(doc)[0].split()[1])
    src = doc["stats"]["sources"]["GP12"]
    # every edge is accounted for: handled, lost (with a cause) or still pending
    assert src["edges"] == src["handled"] + src["lost_total"] + src["pending_at_end"]
    return seen / src["edges"], src


def test_encoder_share_counted_falls_as_the_rate_rises(capsys):
    shares = [share_counted(capsys, "encoder_limits.toml", f)[0] for f in ("1kHz", "10kHz", "100kHz")]
    assert shares[0] == 1.0
    assert shares[0] > shares[1] > shares[2]
    assert shares[2] < 0.5


def test_gc_pressure_decides_how_many_pulses_10khz_loses(capsys):
    small, src_small = share_counted(capsys, "encoder_limits.toml", "10kHz")
    big, src_big = share_counted(capsys, "encoder_limits_gc.toml", "10kHz")
    assert big < small < 1.0
    assert set(src_big["lost"]) == {"queue"}


def test_without_gc_pressure_10khz_loses_nothing(capsys):
    """The lesson's "10 kHz misses pulses" needs allocation (GC pauses): a non-allocating
    main loop at the same rate counts every pulse."""
    _, doc = run_json(capsys, ROOT / "examples" / "limits" / "encoder_noalloc.toml")
    src = doc["stats"]["sources"]["GP12"]
    assert src["edges"] == src["handled"] == 10_000 and src["lost_total"] == 0
    assert doc["stats"]["gc"]["collections"] == 0
    seed, _ = share_counted(capsys, "encoder_limits.toml", "10kHz")
    assert seed < 1.0
