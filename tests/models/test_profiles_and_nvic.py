import dataclasses

import pytest

from irqsim.errors import IrqsimError
from irqsim.models.counter import counter_count, pio_count
from irqsim.models.edges import pulse_train
from irqsim.models.nvic import Machine, MainLoop, Source
from irqsim.models.profile import irq_profile
from irqsim.spec.board import load_board


@pytest.mark.parametrize("board,entry,exit_,chain,clock", [
    ("uno", 7, 4, None, 16_000_000),          # ATmega328P §6.7.1: 4 response + 3 JMP, RETI 4
    ("pico", 15, 13, 6, 125_000_000),         # Cortex-M0+
    ("pico2", 12, 10, 6, 150_000_000),        # Cortex-M33
    ("stm32f4", 12, 10, 6, 168_000_000),      # Cortex-M4
])
def test_entry_latencies_match_cited_cycles(board, entry, exit_, chain, clock):
    p = irq_profile(board)
    assert (p.entry_cycles, p.exit_cycles, p.tail_chain_cycles, p.clock_hz) == (entry, exit_, chain, clock)


def test_bare_metal_boards_refuse_micropython():
    with pytest.raises(IrqsimError):
        load_board("uno")
    assert not irq_profile("uno").nesting


def one_edge_latency(profile):
    m = Machine(profile, MainLoop(work_cycles=1000))
    src = m.add_source(Source("s", "V", 50, [1_000_000]))
    m.run(5_000_000)
    return src.latencies_ps[0]


def test_measured_entry_is_the_profile_entry():
    for name in ("pico2", "uno"):
        p = irq_profile(name)
        assert one_edge_latency(p) == p.ps(p.entry_cycles)


def test_nesting_preempts_and_shared_priority_does_not():
    p = irq_profile("pico2")
    for prio_high, nests in ((0x40, True), (0x80, False)):
        m = Machine(p, MainLoop())
        low = m.add_source(Source("low", "L", 3000, [1_000_000]), 0x80)
        high = m.add_source(Source("high", "H", 50, [2_000_000]), prio_high)
        st = m.run(100_000_000)
        assert (st.preemptions == 1) is nests
        assert (high.latencies_ps[0] == p.ps(12)) is nests
        assert low.handled == high.handled == 1


def test_tail_chain_saves_exit_plus_entry_minus_chain():
    p = irq_profile("pico2")

    def overhead(prof):
        m = Machine(prof, MainLoop())
        m.add_source(Source("a", "A", 50, [1_000_000]))
        m.add_source(Source("b", "B", 50, [1_000_000]))
        st = m.run(10_000_000)
        return st.busy_ps["entry"] + st.busy_ps["exit"]

    saved = overhead(dataclasses.replace(p, tail_chain_cycles=None)) - overhead(p)
    assert saved == p.ps(10) + p.ps(12) - p.ps(6)


def test_late_arrival_serves_the_urgent_vector_first():
    p = irq_profile("pico2")
    m = Machine(p, MainLoop())
    low = m.add_source(Source("low", "L", 50, [1_000_000]), 0x80)
    high = m.add_source(Source("high", "H", 50, [1_000_000 + p.ps(4)]), 0x40)
    st = m.run(10_000_000)
    assert st.late_arrivals == 1
    assert high.latencies_ps[0] < low.latencies_ps[0]


def test_primask_critical_section_merges_edges():
    p = irq_profile("pico2")
    edges = [i * 1_000_000 for i in range(1, 2000)]     # 1 MHz
    lost = []
    for crit in (0, 1500):                              # 10 us with interrupts masked
        m = Machine(p, MainLoop(work_cycles=3000, crit_cycles=crit))
        src = m.add_source(Source("s", "V", 20, list(edges)))
        m.run(2_100_000_000)
        lost.append(src.lost)
    assert lost[0] == 0 < lost[1]


def test_pio_and_counter_rate_limits():
    fast = pulse_train(round(1e12 / 60e6), 100_000_000)      # 60 MHz: above PIO's clk/3
    slow = pulse_train(round(1e12 / 1e6), 5_000_000_000)
    assert pio_count(slow, 150_000_000) == len(slow) == counter_count(slow, 150_000_000)
    assert pio_count(fast, 150_000_000) < len(fast)
    assert counter_count(fast, 150_000_000) == len(fast)
