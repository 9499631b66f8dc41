"""The derived view every exporter shares: balanced spans, monotonic time, queue depth."""

from __future__ import annotations

from irqsim.report._timeline import changes, inventory, spans
from irqsim.trace.log import EventLog, Kind

MS, US = 1_000_000, 1000


def test_spans_are_balanced_and_time_never_goes_back(log):
    depth: dict[str, int] = {}
    last = 0
    for ch in changes(log.records()):
        assert ch[1] >= last
        last = ch[1]
        if ch[0] == "begin":
            depth[ch[2]] = depth.get(ch[2], 0) + 1
        elif ch[0] == "end":
            depth[ch[2]] -= 1
            assert depth[ch[2]] >= 0
    assert all(v == 0 for v in depth.values())
    assert last == 15 * MS


def test_main_is_preempted_by_the_isr_and_resumes_after_it(log):
    data = spans(log.records())
    main = data["spans"]["main"]
    isr = data["spans"]["isr"]
    first_isr = isr[0]
    assert first_isr[0] == 1 * MS + MS // 2
    # main stops exactly when the ISR starts and restarts when it returns
    assert any(t1 == first_isr[0] for _, t1, _, _ in main)
    assert any(t0 == first_isr[1] for t0, _, _, _ in main)


def test_masked_window_and_lost_edges(log):
    data = spans(log.records())
    (masked,) = data["spans"]["masked"]
    assert masked[0] == 5 * MS - 100 * US and masked[1] == 9 * MS + MS // 2 + 200 * US
    lost = [m for m in data["marks"] if m[1] == "lost"]
    assert [m[3] for m in lost] == ["queue", "latch", "latch", "latch", "latch"]
    assert all(masked[0] <= m[0] <= masked[1] for m in lost if m[3] == "latch")


def test_queue_depth_follows_enqueue_and_run(log):
    data = spans(log.records())
    assert [d for _, d in data["queue"]] == [1, 2, 1, 0]


def test_window_keeps_level_on_entry():
    log = EventLog()
    for rec in [(0, Kind.PIN, 3, 1, "fw"), (10, Kind.PIN, 3, 0, "fw"), (20, Kind.PIN, 3, 1, "fw"),
                (30, Kind.SCHED, "cb", 1), (100, Kind.END, "duration")]:
        log.append(rec)
    data = spans(log.records(), window=(15, 50))
    assert data["pins"][3] == [(15, 0), (20, 1)]
    assert data["queue"] == [(30, 1)]


def test_open_spans_close_at_the_end_and_backwards_time_is_clamped():
    log = EventLog()
    for rec in [(5, Kind.ENTER, "h", "hard", 1, 2, "GP1"), (9, Kind.MASK, 1), (7, Kind.PIN, 1, 1, "x"),
                (20, Kind.END, "duration")]:
        log.append(rec)
    out = list(changes(log.records()))
    assert ("pin", 9, 1, 1, "x") in out
    assert out[-1] == ("stop", 20)
    assert ("end", 20, "h:h", "h") in out and ("end", 20, "masked", "masked") in out


def test_inventory(log):
    inv = inventory(log.records())
    assert inv["pins"] == [15]
    assert inv["handlers"] == {"on_edge": "hard", "report": "soft"}
    assert inv["lost_sources"] == {"GP15": 5} and inv["queue_max"] == 2
