"""Hand-built event logs: exporters are tested from recorded logs alone, no simulation."""

from __future__ import annotations

import pytest

from irqsim.trace.log import EventLog, Kind

US = 1000
MS = 1_000_000


def masked_log() -> EventLog:
    """critical_section in miniature: a 1 kHz pulse on GP15, a hard handler on each falling
    edge, and a 5 ms window with interrupts masked in which edges are merged and lost."""
    records: list[tuple] = []
    a = records.append
    a((0, Kind.PIN, 15, 0, "gen"))
    t = 1 * MS
    pending = None
    masked = False
    for i in range(12):
        rise, fall = t + i * MS, t + i * MS + MS // 2
        if i == 4:
            a((rise - 100 * US, Kind.MASK, 1))
            masked = True
        a((rise, Kind.PIN, 15, 1, "gen"))
        a((fall, Kind.PIN, 15, 0, "gen"))
        a((fall, Kind.EDGE, "GP15", 4))
        if masked:
            if pending is None:
                pending = fall
            else:
                a((fall, Kind.LOST, "GP15", "latch"))
        else:
            _handler(a, fall, fall)
        if i == 8:
            unmask = fall + 200 * US
            a((unmask, Kind.MASK, 0))
            masked = False
            _handler(a, unmask, pending)
            pending = None
    a((4 * MS, Kind.SCHED, "report", 1))
    a((4 * MS + 10 * US, Kind.SCHED, "report", 2))
    a((4 * MS + 20 * US, Kind.DROP, "report", "queue"))
    a((4 * MS + 30 * US, Kind.LOST, "GP15", "queue"))
    a((4 * MS + 40 * US, Kind.GC, 1, 1234))
    a((4 * MS + 90 * US, Kind.GC, 0, 800))
    a((11 * MS, Kind.ENTER, "report", "soft", 1, 4 * MS, "schedule"))
    a((11 * MS + 50 * US, Kind.EXIT, "report", "soft", 1))
    a((11 * MS + 60 * US, Kind.ENTER, "report", "soft", 1, 4 * MS + 10 * US, "schedule"))
    a((11 * MS + 70 * US, Kind.EXIT, "report", "soft", 1))
    a((12 * MS, Kind.PRINT, 'before 3 inside 0 released "4" <ok>'))
    a((12 * MS, Kind.VIOLATION, "ISR001", "warning", "print() inside a hard handler", "main.py", 12))
    a((12 * MS + 5 * US, Kind.IDLE, 1))
    a((14 * MS, Kind.IDLE, 0))
    a((15 * MS, Kind.END, "duration"))
    log = EventLog()
    for rec in sorted(records, key=lambda r: r[0]):  # stable: same-time records keep their order
        log.append(rec)
    return log


def _handler(a, t, cause_t) -> None:
    a((t, Kind.ISR, "IO_IRQ_BANK0", 1))
    a((t + 2 * US, Kind.ENTER, "on_edge", "hard", 1, cause_t, "GP15"))
    a((t + 7 * US, Kind.EXIT, "on_edge", "hard", 1))
    a((t + 8 * US, Kind.ISR, "IO_IRQ_BANK0", 0))


@pytest.fixture
def log() -> EventLog:
    return masked_log()


REPO = __import__("pathlib").Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "seed"
ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def artifacts():
    """Screenshots and figures the suite keeps for people to look at (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def seed_scenario(name: str):
    path = SEED / f"{name}.toml"
    if not path.exists():
        pytest.skip(f"{path} is not there (the seed scenarios are written by the integrator)")
    return path


@pytest.fixture
def seed_path():
    """seed_path("critical_section") -> the seed scenario, or skip when it is not there."""
    return seed_scenario


@pytest.fixture(scope="session")
def critical_result():
    from irqsim.sim import build

    return build(seed_scenario("critical_section")).run()


@pytest.fixture(scope="session")
def ultrasonic_result():
    from irqsim.sim import build

    return build(seed_scenario("ultrasonic_irq")).run()
