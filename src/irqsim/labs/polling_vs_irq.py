"""The lesson's first table, measured: the same events handled by polling and by an interrupt.

One seeded aperiodic event stream (an edge latch on a pin) served by bare-metal C on the
board's interrupt controller (irqsim.models.nvic), either by a main loop that checks the
latch after every work slice (several loop periods) or by an interrupt handler. Reported:
response latency (edge -> handler) and the CPU time spent on the events (polls + handling,
or entry/exit + handling).
"""

from __future__ import annotations

import random

from ..models.nvic import Machine, MainLoop, Source
from ..models.profile import irq_profile

DESCRIPTION = "polling loop (several periods) vs interrupt: latency distribution and CPU time"

HANDLER_CYCLES = 120     # same work in both: acknowledge and record the event
POLL_CYCLES = 20         # read the latch register, compare, branch


def add_arguments(parser) -> None:
    parser.add_argument("--board", default="pico2")
    parser.add_argument("--periods", default="1,10,100,1000", help="polling loop periods in us (comma-separated)")
    parser.add_argument("--event-us", type=int, default=500, help="mean time between events (us)")
    parser.add_argument("--seed", type=int, default=1)


def events(seed: int, mean_us: int, window_ps: int) -> list[int]:
    rng = random.Random(f"polling-vs-irq:{seed}")
    out, t = [], 0
    while True:
        t += rng.randint(mean_us * 500_000, mean_us * 1_500_000)
        if t >= window_ps:
            return out
        out.append(t)


def measure(board: str = "pico2", periods_us=(1, 10, 100, 1000), event_us: int = 500, seed: int = 1) -> list[dict]:
    p = irq_profile(board)
    window = 200_000_000_000   # 200 ms
    edges = events(seed, event_us, window)
    rows = []
    for period in periods_us:
        src = Source("pin", "-", HANDLER_CYCLES, list(edges))
        m = Machine(p, MainLoop(work_cycles=period * p.clock_hz / 1e6, poll_cycles=POLL_CYCLES, poll=[src]))
        st = m.run(window)
        rows.append(_row(f"poll every {period} us", src, st.busy_ps["poll"], window))
    src = Source("pin", "GPIO", HANDLER_CYCLES, list(edges))
    m = Machine(p, MainLoop(work_cycles=10_000))
    m.add_source(src)
    st = m.run(window)
    rows.append(_row("interrupt", src, st.busy_ps["entry"] + st.busy_ps["handler"] + st.busy_ps["exit"], window))
    return rows


def _row(label: str, src: Source, spent_ps: int, window_ps: int) -> dict:
    lat = sorted(src.latencies_ps)
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] / 1e6  # noqa: E731 - us
    return {"how": label, "events": src.handled + src.lost + (src.latched_ps >= 0), "lost": src.lost,
            "median_us": q(0.5), "p99_us": q(0.99), "max_us": lat[-1] / 1e6, "cpu_pct": 100 * spent_ps / window_ps}


def run(args) -> int:
    periods = [int(x) for x in args.periods.split(",") if x.strip()]
    rows = measure(args.board, periods, args.event_us, args.seed)
    print(f"Polling vs interrupt on {args.board}: events every ~{args.event_us} us for 200 ms, seed {args.seed}")
    print(f"{'handled by':22s} {'events':>6s} {'lost':>5s} {'median us':>10s} {'p99 us':>9s} {'max us':>9s} {'CPU %':>7s}")
    for r in rows:
        print(f"{r['how']:22s} {r['events']:6d} {r['lost']:5d} {r['median_us']:10.3f} {r['p99_us']:9.3f} "
              f"{r['max_us']:9.3f} {r['cpu_pct']:7.3f}")
    return 0
