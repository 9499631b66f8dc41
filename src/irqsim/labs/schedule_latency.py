"""Latency added by micropython.schedule, under an idle and a busy main loop.

Runs examples/labs/schedule_latency.py (a hard Pin.irq handler that schedules a callback
toggling a pin) twice: main loop sleeping, main loop doing allocating work. The latency is
measured per callback from the schedule() call to the callback's first line (the runtime's
reaction records), so it is exactly what the scheduler adds: waiting for the next branch
point or wake-up, and for GC pauses in the busy case.
"""

from __future__ import annotations

from ..models.encoder import REPO

DESCRIPTION = "micropython.schedule latency: idle vs busy main loop (MicroPython firmware)"


def add_arguments(parser) -> None:
    parser.add_argument("--board", default="pico2", help="MicroPython board profile (default pico2)")
    parser.add_argument("--duration", default="600ms", help="simulated time per run")
    parser.add_argument("--seed", type=int, default=1)


def measure(board: str = "pico2", duration: str = "600ms", seed: int = 1) -> dict:
    from ..sim import build

    out = {}
    for mode, duty in (("idle", "0%"), ("busy", "100%")):
        r = build(REPO / "examples" / "labs" / "schedule_latency.toml",
                  overrides={"parts.mode.duty": duty, "board": board, "duration": duration, "seed": seed}).run()
        s = r.stats()
        out[mode] = {"deferred": s["handlers"]["deferred"]["latency_us"], "isr": s["handlers"]["isr"]["latency_us"],
                     "gc": s["gc"]["collections"]}
    return out


def run(args) -> int:
    out = measure(args.board, args.duration, args.seed)
    print(f"micropython.schedule latency on {args.board} (schedule() -> callback, us), seed {args.seed}")
    keys = ("n", "min", "median", "p90", "p99", "max")
    print(f"{'main loop':10s} " + " ".join(f"{k:>9s}" for k in keys) + "   GCs  hard-IRQ latency (edge -> isr)")
    for mode, d in out.items():
        lat = d["deferred"]
        print(f"{mode:10s} " + " ".join(f"{lat[k]:9.3f}" if k != "n" else f"{lat[k]:9d}" for k in keys)
              + f"  {d['gc']:4d}  {d['isr']['median']:.3f}")
    return 0
