from irqsim.labs import limits, nesting, polling_vs_irq, schedule_latency
from irqsim.models.encoder import run_cell

OK = limits.OK_VERDICTS


def cell(model, rate, board="pico2"):
    c = run_cell(model, board, rate)
    return c, limits.verdict(c.share, c.cpu_share)


def test_lesson_table_every_cell():
    # lesson: 1 kHz works in MicroPython; 10 kHz misses; 100 kHz impossible in MicroPython but fine
    # in bare-metal C; 1 MHz needs PIO
    assert cell("micropython", 1e3)[1] in OK
    assert cell("micropython", 1e4)[1] == "misses pulses"
    assert cell("micropython", 1e5)[1] == "impossible"
    assert cell("micropython", 1e6)[1] == "impossible"
    for rate in (1e3, 1e4, 1e5):
        assert cell("c", rate)[1] in OK
    assert cell("rtos", 1e3)[1] in OK and cell("rtos", 1e4)[1] in OK
    assert cell("rtos", 1e5)[1] not in OK
    assert cell("c", 1e6)[1] not in OK and cell("rtos", 1e6)[1] not in OK
    for rate in (1e3, 1e4, 1e5, 1e6):
        assert cell("pio", rate)[1] == "works"


def test_rp2040_is_slower_than_rp2350():
    for model, rate in (("micropython", 1e4), ("c", 1e5), ("rtos", 1e5)):
        fast, _ = cell(model, rate, "pico2")
        slow, _ = cell(model, rate, "pico")
        assert slow.share <= fast.share and slow.cpu_share > fast.cpu_share


def test_cells_are_deterministic():
    assert run_cell("micropython", "pico2", 1e4) == run_cell("micropython", "pico2", 1e4)
    assert run_cell("rtos", "pico2", 1e5) == run_cell("rtos", "pico2", 1e5)


def test_limits_lab_prints_the_table(capsys):
    import argparse
    ap = argparse.ArgumentParser()
    limits.add_arguments(ap)
    assert limits.run(ap.parse_args(["--no-bisect", "--rates", "1kHz,100kHz"])) == 0
    out = capsys.readouterr().out
    assert "bare-metal C" in out and "impossible" in out


def test_sustained_rate_by_bisection_orders_the_models():
    from irqsim.models.encoder import load_config
    cfg = load_config()
    c = limits.sustained_rate("c", "pico2", seed=1, cfg=cfg, app="big", budget=0.5, steps=5)
    rtos = limits.sustained_rate("rtos", "pico2", seed=1, cfg=cfg, app="big", budget=0.5, steps=5)
    assert 1e5 <= c < 1e6 and 1e4 <= rtos < 1e5


def test_nesting_lab_shows_tail_chain_saving(capsys):
    import argparse
    ap = argparse.ArgumentParser()
    nesting.add_arguments(ap)
    nesting.run(ap.parse_args([]))
    out = capsys.readouterr().out
    assert "tail-chaining saves 16 cycles per pair" in out
    assert "late arrivals 1" in out


def test_polling_vs_irq_latency_and_cpu():
    rows = polling_vs_irq.measure("pico2", (1, 100), 500, 1)
    poll_fast, poll_slow, irq = rows
    assert irq["max_us"] < poll_fast["max_us"] < poll_slow["max_us"]
    assert irq["cpu_pct"] < poll_fast["cpu_pct"]
    assert rows == polling_vs_irq.measure("pico2", (1, 100), 500, 1)


def test_schedule_latency_busy_loop_adds_latency():
    out = schedule_latency.measure("pico2", "300ms", 1)
    assert out["busy"]["deferred"]["median"] > out["idle"]["deferred"]["median"]
    assert out["idle"]["deferred"]["max"] < 10
