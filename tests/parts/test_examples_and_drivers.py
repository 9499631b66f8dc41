"""Every example in examples/parts passes its own expectations; the driver examples do their job."""

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCENARIOS = sorted((EXAMPLES / "parts").glob("*.toml"))


def test_every_new_part_has_an_example():
    from irqsim.hw.parts import PARTS

    scenarios = SCENARIOS + sorted((EXAMPLES / "peripherals").glob("*.toml"))   # bus parts: tests/peripherals
    used = {line.split('"')[1] for s in scenarios for line in s.read_text().splitlines() if line.startswith("type =")}
    assert set(PARTS) <= used, set(PARTS) - used


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_example_scenario_passes(scenario):
    import irqsim

    result = irqsim.run(scenario)
    assert result.firmware_error is None
    assert [e for e in result.expectations if not e["passed"]] == []
    assert result.exit_code == 0


DRIVERS = EXAMPLES / "drivers"


def encoder_counts(sim, firmware, detents, seed=None, **attrs):
    bench = sim.new(DRIVERS / firmware, **({"seed": seed} if seed is not None else {}))
    enc = bench.part("encoder", "enc", clk="GP14", dt="GP15", **attrs)
    enc.turn(at="10ms", detents=detents, speed="10Hz")
    run = bench.run(f"{abs(detents) * 100 + 300}ms")
    return int(run.lines[-1].split()[1]), run


@pytest.mark.parametrize("detents", [1, 7, -5])
def test_quadrature_driver_n_detents_in_n_counts_out(irqsim_sim, detents):
    count, run = encoder_counts(irqsim_sim, "encoder_main.py", detents)
    assert count == detents
    assert run.lines[-1] == f"count {detents} moves {abs(detents)}"
    run.assert_no_violations()


def test_quadrature_driver_survives_heavy_bounce_the_naive_one_over_counts(irqsim_sim):
    heavy = {"bounce": "3ms", "bounce_random": True, "bounce_edges": 10}
    good, naive = [], []
    for seed in range(3):
        good.append(encoder_counts(irqsim_sim, "encoder_main.py", 10, seed=seed, **heavy)[0])
        naive.append(encoder_counts(irqsim_sim, "naive_main.py", 10, seed=seed, **heavy)[0])
    assert good == [10, 10, 10]
    # the naive decoder miscounts under every seed: mostly extra counts (each CLK bounce is a
    # step), sometimes fewer (a bounce seen while DT reads the other way cancels one)
    assert all(n != 10 for n in naive), naive
    assert sum(n > 10 for n in naive) >= 2, naive
    clean = encoder_counts(irqsim_sim, "naive_main.py", 10)[0]
    assert clean == 10   # without bounce the naive decoder is right


def test_nec_frames_decode_in_the_example_decoder(irqsim_sim):
    bench = irqsim_sim.new(DRIVERS / "ir_main.py")
    ir = bench.part("ir_nec", "ir", out="GP17", jitter="80us", mark_extra="60us")
    ir.press(at="10ms", address=0x10, command=0x42, repeats=2)
    ir.press(at="500ms", address=0x1234, command=0x07)
    run = bench.run("700ms")
    assert run.lines == ["key addr 0x0010 cmd 0x42", "repeat", "repeat", "key addr 0x1234 cmd 0x07"]
    assert run.handler("NEC._decode")["source"] == "Timer"
    assert run.handler_count("NEC._on_edge") == 68 + 4 + 4 + 68


def test_uart_line_protocol(irqsim_sim):
    bench = irqsim_sim.new(DRIVERS / "uart_lines_main.py")
    pc = bench.part("uart_peer", "pc", tx="GP1", rx="GP0")
    pc.send_line(at="5ms", text="PING")
    pc.send_line(at="10ms", text="ADD 2 40")
    pc.send_line(at="15ms", text="NOPE")
    run = bench.run_until(lambda v: len(v.parts["pc"].lines()) == 3, timeout="100ms")
    assert [line for _, line in pc.live.lines()] == ["PONG", "42", "ERR unknown command"]
    assert run.end_reason == "until"
