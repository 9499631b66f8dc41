"""--part/--at and --json across the new parts (bugs found in the integration hunt)."""

from __future__ import annotations

NOP = "import time\ntime.sleep_ms(5)\n"


def test_part_without_pins_attaches_without_wiring(run_cli, firmware, strict_json):
    # temp_sensor has no pins: '--part temp_sensor' used to fail with "which GPIO?" and a hint
    # saying its pins are "none".
    fw = firmware("from machine import ADC\nprint('raw', ADC(4).read_u16() > 0)\n")
    rc, out, err = run_cli("run", fw, "--duration", "10ms", "--json", "--part", "temp_sensor")
    doc = strict_json(out)
    assert rc == 0, (doc, err)
    assert "temp_sensor" in doc["parts"]
    assert doc["stdout"][0]["text"] == "raw True"


def test_part_without_pins_takes_attributes(run_cli, firmware, strict_json):
    rc, out, _ = run_cli("run", firmware(NOP), "--duration", "10ms", "--json",
                         "--part", "temp_sensor:celsius=30")
    assert rc == 0 and "temp_sensor" in strict_json(out)["parts"]
