import pytest

from irqsim.kernel import Kernel, RandomStreams


def test_events_fire_in_time_priority_sequence_order():
    k = Kernel()
    seen = []
    k.schedule_at(20, seen.append, "c")
    k.schedule_at(10, seen.append, "b", priority=1)
    k.schedule_at(10, seen.append, "a", priority=0)
    k.schedule_at(10, seen.append, "a2", priority=0)
    k.run_due(100)
    assert seen == ["a", "a2", "b", "c"]
    assert k.now_ns == 20


def test_cancelled_events_never_fire_and_peek_skips_them():
    k = Kernel()
    seen = []
    ev = k.schedule_at(5, seen.append, "x")
    k.schedule_at(7, seen.append, "y")
    ev.cancel()
    assert k.peek_ns() == 7
    k.run_due(10)
    assert seen == ["y"]


def test_scheduling_in_the_past_is_refused():
    k = Kernel()
    k.schedule_at(10, lambda: None)
    k.run_due(10)
    with pytest.raises(ValueError):
        k.schedule_at(5, lambda: None)


def test_head_change_listener_hears_only_earlier_events():
    k = Kernel()
    heard = []
    k.on_head_change = heard.append
    k.schedule_at(100, lambda: None)
    k.schedule_at(200, lambda: None)
    k.schedule_at(50, lambda: None)
    assert heard == [100, 50]


def test_random_streams_are_independent_and_stable():
    a = RandomStreams(7)
    b = RandomStreams(7)
    a.stream("other").random()  # drawing from another stream must not disturb this one
    assert a.stream("part.x").getrandbits(32) == b.stream("part.x").getrandbits(32)
    assert RandomStreams(8).stream("part.x").getrandbits(32) != RandomStreams(7).stream("part.x").getrandbits(32)
