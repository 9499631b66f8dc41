"""irqsim sweep over the new parts' parameters."""

from __future__ import annotations

import csv

from irqsim.sweep.params import parse_param

ALARM = "examples/peripherals/alarm_clock.toml"


def test_datetime_values_stay_text():
    # A ds3231 start time is a TOML local datetime: it used to reach json.dumps in the point
    # key as a datetime object (TypeError traceback to the user).
    axis = parse_param("parts.rtc.start=2026-01-01T07:00:00,2026-01-01T23:59:58")
    assert axis.values == ("2026-01-01T07:00:00", "2026-01-01T23:59:58")
    assert parse_param("parts.x.y=2,0.5,false").values == (2, 0.5, False)


def test_sweep_over_a_ds3231_start(run_cli, tmp_path, repo):
    out = tmp_path / "s.csv"
    rc, _, err = run_cli("sweep", repo / ALARM, "--param", "parts.rtc.start=2026-01-01T07:00:00,2026-01-01T08:00:00",
                         "--out", out, "--workers", "1", "--no-progress")
    assert rc == 0, err
    with out.open(encoding="utf-8") as f:
        rows = {r["parts.rtc.start"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"2026-01-01T07:00:00", "2026-01-01T08:00:00"}
    # the firmware sets its alarm for 07:00:05: the 08:00 clock never rings
    assert rows["2026-01-01T07:00:00"]["expectations_failed"] == "0"
    assert rows["2026-01-01T08:00:00"]["expectations_failed"] != "0"


def test_ranges_in_a_chips_units():
    # '10C..30C:lin:3' used to fail: "'10C' has an unknown unit 'C'" (only ns/Hz/m/B ranges).
    assert parse_param("parts.bme.temperature=10C..30C:lin:3").values == ("10C", "20C", "30C")
    assert parse_param("parts.bme.pressure=900hPa..110kPa:lin:2").values == ("900hPa", "1100hPa")
    assert parse_param("parts.adc.ain0=1mV..1V:log:4").values == ("1mV", "10mV", "100mV", "1000mV")
    assert parse_param("parts.e.freq=1kHz..100kHz:log:3").values == ("1kHz", "10kHz", "100kHz")


def test_sweep_over_a_bme280_temperature_range(run_cli, tmp_path, repo):
    out = tmp_path / "s.csv"
    rc, _, err = run_cli("sweep", repo / "examples/peripherals/weather_station.toml",
                         "--param", "parts.bme.temperature=10C..30C:lin:2", "--out", out, "--workers", "1",
                         "--no-progress")
    assert rc == 0, err
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["parts.bme.temperature"] for r in rows] == ["10C", "30C"] and {r["status"] for r in rows} == {"ok"}
