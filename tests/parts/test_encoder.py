"""Encoder part: Gray sequence, edges per detent, phase order, speed profile, seeded bounce."""

import pytest

CW_CLK_LEADS = [(0, 1), (0, 0), (1, 0), (1, 1)]  # (clk, dt) after each transition, clockwise


def levels(run, clk=14, dt=15):
    """(t, clk, dt) after every change, from the pin log."""
    hist = sorted([(t, "clk", lv) for t, lv in run.pin_history(clk)] + [(t, "dt", lv) for t, lv in run.pin_history(dt)])
    state = {"clk": 1, "dt": 1}
    out = []
    for t, name, lv in hist:
        state[name] = lv
        out.append((t, state["clk"], state["dt"]))
    return out


def turn(bench, detents, **attrs):
    b = bench()
    speed = attrs.pop("turn_speed", None)
    enc = b.part("encoder", "enc", clk="GP14", dt="GP15", **attrs)
    enc.turn(at="10ms", detents=detents, **({"speed": speed} if speed else {}))
    run = b.run("400ms")
    return run, enc.live


def test_full_step_is_a_gray_cycle_per_detent_clk_leading(bench):
    run, enc = turn(bench, 2)
    seq = [(c, d) for _, c, d in levels(run) if _ > 0]
    assert seq == CW_CLK_LEADS * 2
    assert enc.detents == 2 and enc.transitions == 8


def test_counter_clockwise_and_dt_leading_mirror_the_sequence(bench):
    run, _ = turn(bench, -1)
    assert [(c, d) for _, c, d in levels(run) if _ > 0] == [(1, 0), (0, 0), (0, 1), (1, 1)]
    run, _ = turn(bench, 1, cw_leads="dt")
    assert [(c, d) for _, c, d in levels(run) if _ > 0] == [(1, 0), (0, 0), (0, 1), (1, 1)]


def test_half_step_rests_alternate(bench):
    run, enc = turn(bench, 2, mode="half")
    assert [(c, d) for _, c, d in levels(run) if _ > 0] == CW_CLK_LEADS
    assert enc.transitions == 4


def test_speed_sets_the_detent_period_exactly(bench):
    run, _ = turn(bench, 3)       # default 20 detents/s -> 50 ms per detent, 12.5 ms per edge
    times = [t for t, *_ in levels(run) if t > 0]
    assert times[0] == 10_000_000
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [12_500_000] * 11
    run, _ = turn(bench, 1, turn_speed="100Hz")
    times = [t for t, *_ in levels(run) if t > 0]
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [2_500_000] * 3


def test_acceleration_shortens_each_detent(bench):
    b = bench()
    enc = b.part("encoder", "enc", clk="GP14", dt="GP15", speed="10Hz", accel=200.0)
    starts = enc.cls.detent_times(b.run("1ms").parts["enc"], 4, 0)
    gaps = [b2 - a for a, b2 in zip(starts, starts[1:], strict=False)]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] < 100_000_000
    # i = v0 t + a t^2 / 2 at the end of the first detent: t = (-10 + sqrt(100 + 400)) / 200 s
    assert starts[1] == round((-10 + 500 ** 0.5) / 200 * 1e9)


@pytest.mark.parametrize("attrs", [{"bounce": "1ms", "bounce_edges": 4}, {"bounce": "2ms", "bounce_random": True}])
def test_bounce_adds_edges_and_ends_on_the_right_level(bench, attrs):
    run, _ = turn(bench, 2, **attrs)
    clean, _ = turn(bench, 2)
    assert len(levels(run)) > len(levels(clean))
    assert levels(run)[-1][1:] == (1, 1)   # both contacts open at the detent


def test_same_seed_same_waveform_other_seed_differs(bench):
    def wave(seed):
        b = bench(seed=seed)
        enc = b.part("encoder", "enc", clk="GP14", dt="GP15", bounce="2ms", bounce_random=True)
        enc.turn(at="10ms", detents=4)
        return levels(b.run("300ms"))

    assert wave(7) == wave(7)
    assert wave(7) != wave(8)


def test_push_switch_and_pullups(bench):
    b = bench()
    enc = b.part("encoder", "enc", clk="GP14", dt="GP15", sw="GP13")
    enc.click(at="20ms", hold="30ms")
    run = b.run("100ms")
    assert run.level_at("GP13", "10ms") == 1
    assert run.level_at("GP13", "30ms") == 0
    assert run.level_at("GP13", "60ms") == 1


def test_bad_mode_is_a_scenario_error(bench):
    from irqsim.errors import ScenarioError

    with pytest.raises(ScenarioError, match="full or half"):
        bench().part("encoder", "enc", mode="quarter")
