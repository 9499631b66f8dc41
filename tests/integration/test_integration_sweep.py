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
