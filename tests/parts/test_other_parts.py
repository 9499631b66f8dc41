"""Datasheet timing of the integrator's parts, seen through the probe/LED recorders."""


def test_pulse_train_frequency_and_duty(bench):
    b = bench()
    b.part("pulse", "gen", out="GP12", freq="2kHz", duty="25%", count=3)
    probe = b.part("probe", "scope", pin="GP12")
    b.run("10ms")
    rec = probe.live
    assert rec.edges(rising=True) == [0, 500_000, 1_000_000]
    assert rec.pulses(1) == [125_000] * 3


def test_hcsr04_echo_is_58us_per_cm_after_the_trigger(bench, tmp_path):
    fw = tmp_path / "trig.py"
    fw.write_text("from machine import Pin\nimport time\nt = Pin(14, Pin.OUT, value=0)\n"
                  "time.sleep_ms(1)\nt.value(1)\ntime.sleep_us(10)\nt.value(0)\n"
                  "time.sleep_ms(5)\nt.value(1)\nt.value(0)\ntime.sleep_ms(30)\n")
    b = bench(fw)
    b.part("hcsr04", "sonar", trig="GP14", echo="GP15", distance="25cm")
    run = b.run("50ms")
    echo = [(t, lv) for t, lv in run.pin_history("GP15") if t > 0]
    assert len(echo) == 2                              # the ~2 us trigger is below the 10 us minimum
    assert echo[1][0] - echo[0][0] == 25 * 58_000      # 58 us per cm
    trig_fall = [t for t, lv in run.pin_history("GP14") if lv == 0 and t > 0][0]
    assert echo[0][0] - trig_fall == 450_000           # echo_delay default


def test_button_bounce_edge_count_and_final_level(bench, tmp_path):
    fw = tmp_path / "pull.py"
    fw.write_text("from machine import Pin\nimport time\nPin(16, Pin.IN, Pin.PULL_UP)\ntime.sleep_ms(50)\n")
    b = bench(fw)
    b.part("button", "btn", pin="GP16", bounce="1ms", bounce_edges=4)
    probe = b.part("probe", "p", pin="GP16")
    b.at("5ms", "btn", "press")
    run = b.run("10ms")
    # the press plus 4 bounce edges spread evenly over the 1 ms bounce (edge 0 is the pull-up)
    assert [t for t in probe.live.edges() if t > 1_000_000] == [5_000_000, 5_200_000, 5_400_000, 5_600_000, 5_800_000]
    assert run.level_at("GP16", "9ms") == 0


def test_led_records_what_the_firmware_drives(bench, tmp_path):
    fw = tmp_path / "blink.py"
    fw.write_text("from machine import Pin\nimport time\nled = Pin(25, Pin.OUT)\n"
                  "for i in range(3):\n    led.on()\n    time.sleep_ms(10)\n    led.off()\n    time.sleep_ms(10)\n")
    b = bench(fw)
    led = b.part("led", "led", pin="GP25")
    b.run("100ms")
    assert led.live.summary() == {"on": False, "turned_on": 3}
    assert [round(w / 1e6) for w in led.live.pulses(1)] == [10, 10, 10]
