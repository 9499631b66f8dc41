"""Sweep axes: exact values with units, aliases, refusals with hints, deterministic plans."""

import pytest

from irqsim.errors import IrqsimError
from irqsim.sweep import parse_param
from irqsim.sweep.params import numeric
from irqsim.sweep.plan import parse_sample, parse_seeds, plan
from irqsim.units import period_ns


def test_list_values_read_like_set():
    axis = parse_param("board.micropython.gc_time_scale=0.5,1,2")
    assert axis.values == (0.5, 1, 2)
    assert parse_param("heap.extra_live=0KB,40KB").values == ("0KB", "40KB")


def test_log_frequency_range_stays_in_its_unit_and_every_period_is_exact():
    axis = parse_param("parts.enc.freq=1kHz..100kHz:log:20")
    assert axis.values[0] == "1kHz" and axis.values[-1] == "100kHz"
    assert all(v.endswith("kHz") for v in axis.values)
    assert len(axis.values) == 20
    for v in axis.values:
        period_ns(v)  # raises if the simulator could not hold the period exactly
    hz = [numeric(v) for v in axis.values]
    assert hz == sorted(hz)
    ratios = [b / a for a, b in zip(hz, hz[1:], strict=False)]
    assert all(1.05 < r < 1.6 for r in ratios)  # still roughly log-spaced after snapping


def test_inexact_frequency_snaps_to_an_exact_period():
    axis = parse_param("parts.enc.freq=1kHz..3kHz:lin:3")
    assert axis.values[0] == "1kHz" and axis.values[1] == "2kHz"
    assert axis.values[2] != "3kHz"  # 333333.3 ns: not a whole number of ns
    assert abs(numeric(axis.values[2]) - 3000) / 3000 < 0.05
    period_ns(axis.values[2])


def test_durations_snap_to_whole_ns_and_mixed_units_convert_to_the_low_end():
    axis = parse_param("duration=100ms..1s:log:3")
    assert axis.values == ("100ms", "316ms", "1000ms")
    axis = parse_param("duration=1us..2us:lin:4")
    assert axis.values == ("1us", "1.333us", "1.667us", "2us")


def test_issue_spellings():
    assert parse_param("stimuli.enc.freq=1kHz,2kHz").name == "parts.enc.freq"
    with pytest.raises(IrqsimError) as exc:
        parse_param("board.cost.gc_pause=2ms,4ms")
    assert "heap.extra_live" in exc.value.hint


@pytest.mark.parametrize("text", ["parts.enc.freq", "parts.enc.freq=1kHz..2kHz", "parts.enc.freq=1kHz..2ms:log:3",
                                  "foo=1,2", "parts.enc.freq=1furlong..2furlong:lin:2", "duration=0s..1s:log:3"])
def test_bad_params_are_user_errors_with_hints(text):
    with pytest.raises(IrqsimError) as exc:
        parse_param(text)
    assert exc.value.message


def test_seeds_and_sample_options():
    assert parse_seeds("3", 7) == [7, 8, 9]
    assert parse_seeds("5,1,5", 0) == [1, 5]
    assert parse_seeds(None, 4) == [4]
    assert parse_sample("random:30") == 30 and parse_sample("grid") is None
    with pytest.raises(IrqsimError):
        parse_sample("sobol:3")


def test_grid_plan_keys_are_stable_and_distinct():
    axes = [parse_param("parts.enc.freq=1kHz,2kHz"), parse_param("heap.extra_live=0KB,40KB")]
    a = plan(axes, [1, 2], "digest")
    b = plan(axes, [1, 2], "digest")
    assert [p.key for p in a] == [p.key for p in b]
    assert len({p.key for p in a}) == 8
    assert {p.key for p in plan(axes, [1, 2], "other firmware")}.isdisjoint({p.key for p in a})


def test_random_plan_is_seeded_and_within_range():
    axes = [parse_param("parts.enc.freq=1kHz..100kHz:log:5"), parse_param("heap.extra_live=0KB,40KB,120KB")]
    a = plan(axes, [1], "d", sample=25, sample_seed=3)
    assert [p.key for p in a] == [p.key for p in plan(axes, [1], "d", sample=25, sample_seed=3)]
    assert [p.key for p in a] != [p.key for p in plan(axes, [1], "d", sample=25, sample_seed=4)]
    for p in a:
        freq, live = dict(p.params)["parts.enc.freq"], dict(p.params)["heap.extra_live"]
        assert 1000 * 0.95 <= numeric(freq) <= 100_000 * 1.05
        period_ns(freq)
        assert live in ("0KB", "40KB", "120KB")
