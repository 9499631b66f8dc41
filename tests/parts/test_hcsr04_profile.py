"""HC-SR04 distance profiles (steps, ramp), seeded noise and range limits against the
datasheet numbers (Elec Freaks HC-SR04 user guide: 10 us trigger, 58 us/cm, ~38 ms echo
when nothing is in range). A waveform part drives TRIG so the timing is exact to the ns."""

import pytest

from irqsim.errors import IrqsimError


def _trigger_points(times_ms, width_us=10):
    """TRIG pulses of ``width_us`` starting at each of ``times_ms``."""
    return [p for t in times_ms for p in ([f"{t}ms", 1], [f"{t * 1000 + width_us}us", 0])]


def _sonar(bench, *, triggers, duration="400ms", seed=0, **attrs):
    b = bench(seed=seed)
    b.part("waveform", "trig", out="GP14", points=_trigger_points(triggers))
    b.part("hcsr04", "sonar", trig="GP14", echo="GP15", **attrs)
    run = b.run(duration)
    return run, run.parts["sonar"]


def _echo_widths(run):
    hist = [(t, lv) for t, lv in run.pin_history("GP15") if t > 0]
    return [b[0] - a[0] for a, b in zip(hist[::2], hist[1::2], strict=True)]


def test_steps_profile_changes_the_echo_at_the_given_times(bench):
    run, sonar = _sonar(bench, triggers=[10, 60, 110, 160], distance="10cm",
                        steps=[["50ms", "20cm"], ["150ms", "35cm"]])
    assert _echo_widths(run) == [10 * 58_000, 20 * 58_000, 20 * 58_000, 35 * 58_000]
    assert [d for _, d, _ in sonar.readings] == [100_000, 200_000, 200_000, 350_000]


def test_ramp_is_linear_between_from_and_to(bench):
    # 10 cm -> 110 cm over 100 ms starting at 20 ms: 1 cm per ms; clamped outside
    run, sonar = _sonar(bench, triggers=[10, 20, 45, 70, 120, 200],
                        ramp={"from": "10cm", "to": "110cm", "over": "100ms", "at": "20ms"})
    # distance is sampled at TRIG's falling edge, 10 us after the rising edge (0.01 cm later)
    cm = [d / 10_000 for _, d, _ in sonar.readings]
    assert cm == [10, 10.01, 35.01, 60.01, 110, 110]
    assert _echo_widths(run)[2] == round(350_100 * 58 / 10)


def test_set_distance_replaces_a_profile_and_a_set_profile_starts_at_the_stimulus(bench):
    b = bench()
    b.part("waveform", "trig", out="GP14", points=_trigger_points([10, 60, 110, 160]))
    b.part("hcsr04", "sonar", trig="GP14", echo="GP15", ramp={"from": "10cm", "to": "50cm", "over": "40ms"})
    b.at("50ms", "sonar", "set", distance="77cm")
    b.at("100ms", "sonar", "set", steps=[["0ms", "5cm"], ["55ms", "6cm"]])
    run = b.run("200ms")
    assert [d // 10_000 for _, d, _ in run.parts["sonar"].readings] == [20, 77, 5, 6]


def test_trigger_shorter_than_10us_is_ignored(bench):
    b = bench()
    # 9.999 us, then 10.000 us: only the second starts a measurement
    b.part("waveform", "trig", out="GP14",
           points=[["1ms", 1], ["1009999ns", 0], ["5ms", 1], ["5010us", 0]])
    b.part("hcsr04", "sonar", trig="GP14", echo="GP15", distance="50cm")
    run = b.run("20ms")
    sonar = run.parts["sonar"]
    assert sonar.measurements == 1
    hist = [(t, lv) for t, lv in run.pin_history("GP15") if t > 0]
    assert hist == [(5_010_000 + 450_000, 1), (5_010_000 + 450_000 + 50 * 58_000, 0)]


def test_out_of_range_gives_the_38ms_echo(bench):
    run, sonar = _sonar(bench, triggers=[10, 100], steps=[["0ms", "400cm"], ["50ms", "401cm"]])
    assert _echo_widths(run) == [400 * 58_000, 38_000_000]


def test_noise_is_seeded_bounded_and_varies(bench):
    triggers = list(range(10, 400, 50))
    widths = {}
    for seed in (1, 1, 2):
        run, sonar = _sonar(bench, triggers=triggers, seed=seed, distance="100cm", noise="2cm")
        widths.setdefault(seed, []).append(_echo_widths(run))
        cm = [d / 10_000 for _, d, _ in sonar.readings]
        assert all(98 <= c <= 102 for c in cm)
        assert len(set(cm)) > 1                            # the noise does something
    assert widths[1][0] == widths[1][1]                    # same seed -> identical echoes
    assert widths[1][0] != widths[2][0]


def test_noise_can_push_a_reading_out_of_range(bench):
    run, sonar = _sonar(bench, triggers=list(range(10, 400, 50)), seed=3, distance="399cm", noise="5cm")
    widths = _echo_widths(run)
    for (_, d, echo), w in zip(sonar.readings, widths, strict=True):
        assert w == echo == (38_000_000 if d > 4_000_000 else round(d * 58 / 10))


@pytest.mark.parametrize("attrs, message", [
    ({"steps": [["10ms", "5cm"], ["5ms", "6cm"]]}, "time order"),
    ({"steps": [["10ms", 5]]}, "has no unit"),
    ({"ramp": {"from": "1cm", "to": "2cm"}}, "from, to and over"),
    ({"ramp": {"from": "1cm", "to": "2cm", "over": "1s", "start": "1ms"}}, "no key 'start'"),
    ({"ramp": {"from": "1cm", "to": "2cm", "over": "0s"}}, "longer than 0"),
])
def test_profile_errors(bench, attrs, message):
    b = bench()
    with pytest.raises(IrqsimError, match=message):
        b.part("hcsr04", "sonar", trig="GP14", echo="GP15", **attrs)
