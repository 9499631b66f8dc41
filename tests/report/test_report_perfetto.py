"""Chrome trace-event JSON: checked against the format's rules, not just "it parses"."""

from __future__ import annotations

import json

from irqsim.report.perfetto import write_trace
from irqsim.trace.log import Kind

MS, US = 1_000_000, 1000
PHASES = {"X", "B", "E", "C", "i", "M"}


def _load(log, tmp_path):
    out = tmp_path / "t.json"
    write_trace(log, out)
    return json.loads(out.read_text()), out


def validate(doc: dict) -> None:
    """The rules of the Trace Event Format that Perfetto's importer relies on."""
    assert isinstance(doc["traceEvents"], list)
    stacks: dict[tuple, list] = {}
    last_ts: dict[tuple, float] = {}
    for ev in doc["traceEvents"]:
        ph = ev["ph"]
        assert ph in PHASES, ev
        assert isinstance(ev["pid"], int) and isinstance(ev["tid"], int)
        assert isinstance(ev["name"] if ph != "E" else "", str)
        if ph == "M":
            assert ev["name"] in ("process_name", "thread_name", "thread_sort_index") and "args" in ev
            continue
        assert isinstance(ev["ts"], (int, float)) and ev["ts"] >= 0
        track = (ev["pid"], ev["tid"]) if ph in "BEX" else (ev["pid"], ph, ev.get("name"))
        assert ev["ts"] >= last_ts.get(track, 0), f"time goes back on {track}: {ev}"
        last_ts[track] = ev["ts"]
        if ph == "X":
            assert ev["name"] and isinstance(ev["dur"], (int, float)) and ev["dur"] >= 0
            assert not stacks.get(track), f"X inside an open B/E slice on {track}"
        elif ph == "B":
            assert ev["name"]
            stacks.setdefault(track, []).append(ev)
        elif ph == "E":
            assert stacks.get(track), f"E without B on {track} at {ev['ts']}"
            stacks[track].pop()
        elif ph == "C":
            assert ev["args"] and all(isinstance(v, (int, float)) for v in ev["args"].values())
        elif ph == "i":
            assert ev["s"] in ("t", "p", "g")
    assert all(not s for s in stacks.values()), "unbalanced B/E"


def test_structure(log, tmp_path):
    doc, _ = _load(log, tmp_path)
    validate(doc)
    names = {ev["args"]["name"] for ev in doc["traceEvents"] if ev.get("name") == "thread_name"}
    assert {"main", "ISR (C dispatch)", "GC", "idle (WFE)", "IRQs masked", "on_edge (hard)", "report (soft)"} <= names


def test_slices_counters_and_instants_match_the_log(log, tmp_path):
    doc, _ = _load(log, tmp_path)
    evs = doc["traceEvents"]
    tid = {ev["args"]["name"]: ev["tid"] for ev in evs if ev.get("name") == "thread_name"}
    begins = [ev for ev in evs if ev["ph"] == "X" and ev["tid"] == tid["on_edge (hard)"]]
    enters = [r for r in log.of_kind(Kind.ENTER) if r[2] == "on_edge"]
    assert [round(ev["ts"] * 1000) for ev in begins] == [r[0] for r in enters]
    assert begins[0]["args"]["latency_us"] == 2.0 and begins[0]["args"]["source"] == "GP15"
    pins = [(round(ev["ts"] * 1000), ev["args"]["level"]) for ev in evs if ev["ph"] == "C" and ev["name"] == "GP15"]
    assert pins == [(r[0], r[3]) for r in log.of_kind(Kind.PIN)]
    queue = [ev["args"]["depth"] for ev in evs if ev["ph"] == "C" and ev["name"] == "scheduler queue"]
    assert queue == [1, 2, 1, 0]
    instants = [(ev["cat"], round(ev["ts"] * 1000)) for ev in evs if ev["ph"] == "i"]
    assert [t for cat, t in instants if cat == "lost"] == [r[0] for r in log.of_kind(Kind.LOST)]
    assert ("drop", 4 * MS + 20 * US) in instants and ("violation", 12 * MS) in instants
    (pr,) = [ev for ev in evs if ev["ph"] == "i" and ev["cat"] == "print"]
    assert pr["args"]["text"] == 'before 3 inside 0 released "4" <ok>' and pr["tid"] == tid["main"]
    masked = [ev for ev in evs if ev["tid"] == tid["IRQs masked"] and ev["ph"] != "M"]
    assert [(ev["ph"], round(ev["ts"] * 1000), round(ev["dur"] * 1000)) for ev in masked] == [
        ("X", 4_900_000, 4_800_000)]


def test_nanoseconds_survive_as_exact_decimals(tmp_path):
    from irqsim.trace.log import EventLog

    log = EventLog()
    log.append((1_234_567_891, Kind.PIN, 2, 1, "fw"))
    log.append((1_234_567_999, Kind.END, "duration"))
    doc, out = _load(log, tmp_path)
    assert '"ts":1234567.891' in out.read_text()
    validate(doc)


def test_deterministic_bytes(log, tmp_path):
    write_trace(log, tmp_path / "a.json")
    write_trace(log, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_simulated_runs_validate(critical_result, ultrasonic_result, tmp_path):
    for i, result in enumerate((critical_result, ultrasonic_result)):
        out = tmp_path / f"{i}.json"
        write_trace(result, out)
        doc = json.loads(out.read_text())
        validate(doc)
        assert doc["otherData"]["seed"] == result.scenario.seed
