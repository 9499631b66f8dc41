"""Two interrupt sources with different priorities on a Cortex-M33: what MicroPython hides.

Three runs of the declared-cost NVIC machine (irqsim.models.nvic) on the board's profile:

1. preemption: a slow low-priority handler and a fast high-priority one, with real priorities
   (the high one nests into the low one) and with one shared priority (as every MicroPython
   handler on rp2): the latency each source sees;
2. tail-chaining: two same-priority sources firing together; the second handler is entered
   straight from the first for the tail-chain cost, against exit + entry without it;
3. late arrival: the high-priority edge arrives while the low one is being stacked and is
   served first, for the cost of one entry.
"""

from __future__ import annotations

import dataclasses
import random
import statistics

from ..models.nvic import Machine, MainLoop, Source
from ..models.profile import irq_profile

DESCRIPTION = "NVIC priorities on a Cortex-M33: preemption, tail-chaining, late arrival, latency per source"

LOW_PRIO, HIGH_PRIO = 0x80, 0x40


def add_arguments(parser) -> None:
    parser.add_argument("--board", default="pico2", help="board profile (default pico2, Cortex-M33)")
    parser.add_argument("--low-cycles", type=int, default=900, help="low-priority handler cost (cycles)")
    parser.add_argument("--high-cycles", type=int, default=60, help="high-priority handler cost (cycles)")
    parser.add_argument("--seed", type=int, default=1)


def _edges(rng: random.Random, mean_period_ps: int, window_ps: int) -> list[int]:
    """Aperiodic edges (uniform gaps around the mean) so the sources drift against each other."""
    out, t = [], 0
    while True:
        t += rng.randint(mean_period_ps // 2, 3 * mean_period_ps // 2)
        if t >= window_ps:
            return out
        out.append(t)


def preemption(profile, low_cycles: int, high_cycles: int, seed: int, *, shared_priority: bool) -> dict:
    rng = random.Random(f"nesting:{seed}")
    window = 20_000_000_000   # 20 ms
    m = Machine(profile, MainLoop(work_cycles=2000))
    low = m.add_source(Source("low", "LOW", low_cycles, _edges(rng, 23_000_000, window)), LOW_PRIO)
    high = m.add_source(Source("high", "HIGH", high_cycles, _edges(rng, 7_000_000, window)),
                        LOW_PRIO if shared_priority else HIGH_PRIO)
    st = m.run(window)
    return {"low": low, "high": high, "stats": st}


def pair(profile, cycles: int = 60) -> dict:
    """Two same-priority sources that fire together, 1000 times: tail-chained or not."""
    window = 10_000_000_000
    edges = list(range(1_000_000, window, 10_000_000))
    m = Machine(profile, MainLoop(work_cycles=2000))
    a = m.add_source(Source("a", "A", cycles, list(edges)), LOW_PRIO)
    b = m.add_source(Source("b", "B", cycles, list(edges)), LOW_PRIO)
    st = m.run(window)
    overhead = st.busy_ps["entry"] + st.busy_ps["exit"]
    return {"a": a, "b": b, "stats": st, "overhead_cycles_per_pair": overhead / len(edges) / profile.cycle_ps}


def late_arrival(profile, cycles: int = 60) -> dict:
    """Low edge, then the high edge 4 cycles later (inside the 12-cycle stacking)."""
    t0 = 1_000_000
    m = Machine(profile, MainLoop(work_cycles=2000))
    low = m.add_source(Source("low", "LOW", cycles, [t0]), LOW_PRIO)
    high = m.add_source(Source("high", "HIGH", cycles, [t0 + profile.ps(4)]), HIGH_PRIO)
    st = m.run(t0 + 10_000_000)
    return {"low": low, "high": high, "stats": st}


def _lat(src: Source, cycle_ps: float) -> str:
    if not src.latencies_ps:
        return "-"
    lat = sorted(src.latencies_ps)
    med = statistics.median(lat)
    return (f"n={len(lat):4d}  min {lat[0] / cycle_ps:5.0f}  median {med / cycle_ps:5.0f}  "
            f"max {lat[-1] / cycle_ps:5.0f} cycles (max {lat[-1] / 1e6:.2f} us)")


def run(args) -> int:
    p = irq_profile(args.board)
    cyc = p.cycle_ps
    print(f"{p.board} ({p.core} @ {p.clock_hz / 1e6:g} MHz): entry {p.entry_cycles}, exit {p.exit_cycles}, "
          f"tail-chain {p.tail_chain_cycles} cycles; low handler {args.low_cycles} cycles (prio 0x{LOW_PRIO:x}), "
          f"high handler {args.high_cycles} cycles (prio 0x{HIGH_PRIO:x}); seed {args.seed}")
    print("\n1. preemption: latency edge -> handler body, 20 ms of aperiodic edges")
    for shared in (False, True):
        r = preemption(p, args.low_cycles, args.high_cycles, args.seed, shared_priority=shared)
        title = "one shared priority (MicroPython on rp2)" if shared else "high nests into low (NVIC priorities)"
        print(f"  {title}: preemptions {r['stats'].preemptions}, tail-chains {r['stats'].tail_chains}")
        print(f"    high  {_lat(r['high'], cyc)}")
        print(f"    low   {_lat(r['low'], cyc)}")
    print("\n2. tail-chaining: two same-priority sources fire together, 1000 times")
    no_chain = dataclasses.replace(p, tail_chain_cycles=None)
    for label, prof in (("with tail-chaining", p), ("without (exit + entry)", no_chain)):
        r = pair(prof)
        print(f"  {label:24s} entry+exit overhead {r['overhead_cycles_per_pair']:.0f} cycles per pair; "
              f"second handler latency {statistics.median(r['b'].latencies_ps) / cyc:.0f} cycles; "
              f"tail-chains {r['stats'].tail_chains}")
    with_c, without_c = pair(p)["overhead_cycles_per_pair"], pair(no_chain)["overhead_cycles_per_pair"]
    print(f"  tail-chaining saves {without_c - with_c:.0f} cycles per pair "
          f"(exit {p.exit_cycles} + entry {p.entry_cycles} - tail-chain {p.tail_chain_cycles})")
    print("\n3. late arrival: high edge 4 cycles after the low edge, during stacking")
    r = late_arrival(p)
    print(f"  high served first after {r['high'].latencies_ps[0] / cyc:.0f} cycles "
          f"(late arrivals {r['stats'].late_arrivals}); low served after "
          f"{r['low'].latencies_ps[0] / cyc:.0f} cycles")
    return 0
