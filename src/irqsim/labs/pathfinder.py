"""Mars Pathfinder (1997): priority inversion resets the lander until inheritance is on.

The task set follows the published account (Glenn Reeves, "What really happened on Mars?",
JPL, Dec 1997; Mike Jones' RISKS-19.49 summary): a high-priority bus management task
(``bc_dist``) must finish every bus cycle, or a watchdog-like check resets the system; a
low-priority meteorological (ASI/MET) task publishes its data through a mutex-protected
information bus; a medium-priority communications task runs long. VxWorks' mutex was
created without priority inheritance, so when the medium task preempted the low task
inside its critical section, the high task waited for it too. The timings below are
chosen for the lab (8 Hz bus cycle as on the 1553 bus, long communications bursts), not
taken from flight software; the seed draws the durations within their ranges.
"""

from __future__ import annotations

from ..rtos import Rtos, compute, kick, lock, unlock
from ..units import format_ns

DESCRIPTION = "Mars Pathfinder priority inversion: watchdog resets without priority inheritance"

HIGH, MEDIUM, LOW = 3, 2, 1
BUS_PERIOD = "125ms"          # 8 Hz bus cycle
WATCHDOG = "150ms"            # the bus task must complete a cycle at least this often


def build(protocol: str = "none", seed: int = 1) -> Rtos:
    os = Rtos(seed=seed)
    bus = os.mutex("info_bus", protocol=protocol)
    dog = os.watchdog(WATCHDOG, action="reset")
    os.task("bus_mgmt", HIGH, [compute("1500us", "2500us"), lock(bus), compute("1ms"), unlock(bus), kick(dog)],
            period=BUS_PERIOD, offset="5ms", deadline=BUS_PERIOD)
    os.task("comms", MEDIUM, [compute("140ms", "170ms")], period="1s", offset="8ms")
    os.task("meteo", LOW, [compute("1ms"), lock(bus), compute("8ms", "11ms"), unlock(bus)],
            period="250ms")
    return os


def add_arguments(parser) -> None:
    parser.add_argument("--inheritance", choices=("none", "inherit", "ceiling"), default="none",
                        help="mutex protocol of the information bus (default: none, as flown)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the drawn durations (default 1)")
    parser.add_argument("--duration", default="2s", help="virtual time to simulate (default 2s)")
    parser.add_argument("--timeline", type=int, default=0, metavar="N",
                        help="also print the first N scheduling records (task states, locks, priorities)")
    from ..report._exports import add_arguments as add_export_arguments

    add_export_arguments(parser)   # --vcd --trace --report --plot: task lanes, blocking, inheritance


def longest_mutex_wait_ns(os: Rtos, task: str = "bus_mgmt", mutex: str = "info_bus") -> int:
    """Longest time ``task`` waited for ``mutex``, from the log (a wait ended by a reset counts)."""
    longest, since = 0, None
    for rec in os.log.records():
        if rec[1] == "lock" and rec[2] == mutex and rec[3] == task:
            if rec[4] == "block":
                since = rec[0]
            elif rec[4] == "lock" and since is not None:
                longest, since = max(longest, rec[0] - since), None
        elif rec[1] in ("reset", "end") and since is not None:
            longest, since = max(longest, rec[0] - since), None
    return longest


def summarise(os: Rtos) -> dict:
    bus = os.tasks["bus_mgmt"].stats
    return {"resets": os.resets, "bus_misses": bus.misses, "bus_jobs": bus.jobs,
            "bus_max_response_ns": bus.max_response_ns, "bus_max_blocking_ns": bus.max_blocking_ns,
            "bus_longest_mutex_wait_ns": longest_mutex_wait_ns(os),
            "watchdog_fired": os.objects["watchdog"].fired}


def run(args) -> int:
    from ..analysis.report import text_report

    os = build(args.inheritance, args.seed).run(args.duration)
    from ..report._exports import write_requested

    write_requested(os, args, title=f"irqsim lab pathfinder (mutex protocol {args.inheritance})")
    s = summarise(os)
    print(f"Mars Pathfinder, information bus mutex protocol: {args.inheritance}, seed {args.seed}, "
          f"{args.duration} simulated")
    first_reset = next((r for r in os.log.records() if r[1] == "reset"), None)
    if first_reset:
        print(f"  watchdog reset the system {s['resets']} times; first at {format_ns(first_reset[0])}")
    else:
        print("  no watchdog reset")
    print(f"  bus_mgmt: {s['bus_jobs']} cycles completed, {s['bus_misses']} deadline misses, worst response "
          f"{format_ns(s['bus_max_response_ns'])}, worst blocking by lower-priority tasks "
          f"{format_ns(s['bus_max_blocking_ns'])}")
    print(f"  longest wait of bus_mgmt for the info_bus mutex: {format_ns(s['bus_longest_mutex_wait_ns'])}"
          + (" (ended by the reset)" if s["resets"] else ""))
    if args.timeline:
        print("\ntimeline (t, kind, fields):")
        shown = 0
        for rec in os.log.records():
            if rec[1] in ("task", "lock", "prio", "reset", "job", "violation"):
                print(f"  {format_ns(rec[0]):>10}  {rec[1]:<9} {' '.join(str(f) for f in rec[2:])}")
                shown += 1
                if shown >= args.timeline:
                    break
    print()
    report, _ = text_report(os)
    print(report)
    return 0
