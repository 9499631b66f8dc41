import pytest

from irqsim.errors import UnitError
from irqsim.units import format_ns, parse_distance_um, parse_duration, period_ns


@pytest.mark.parametrize("text,ns", [("500us", 500_000), ("1.05s", 1_050_000_000), ("10ms", 10_000_000),
                                     ("3ns", 3), ("2min", 120_000_000_000), ("0.5 ms", 500_000)])
def test_durations_convert_exactly(text, ns):
    assert parse_duration(text) == ns


@pytest.mark.parametrize("text", ["1.5ns", "0.0001us"])
def test_lossy_conversion_is_an_error(text):
    with pytest.raises(UnitError, match="not a whole number"):
        parse_duration(text)


@pytest.mark.parametrize("value", [10, "10", 1.5, "10 parsecs", "-3ms"])
def test_unitless_or_wrong_values_are_errors(value):
    with pytest.raises(UnitError):
        parse_duration(value)


def test_frequencies_give_exact_periods_or_fail():
    assert period_ns("10kHz") == 100_000
    assert period_ns("1MHz") == 1_000
    with pytest.raises(UnitError):
        period_ns("3kHz")  # 333333.33 ns


def test_distance_and_formatting():
    assert parse_distance_um("25cm") == 250_000
    assert format_ns(1_050_000_000) == "1.05s"
    assert format_ns(1500) == "1.5us"
