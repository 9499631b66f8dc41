"""Count an encoder channel with one execution model: one probe = one simulation run.

Models: ``micropython`` (the real seed firmware through irqsim.sim), ``c`` (bare-metal C
handler of declared cost on the board's interrupt controller), ``rtos`` (a C ISR gives a
semaphore to a counting task), ``pio`` (a PIO state machine, or on boards without PIO a
hardware edge counter). The declared costs come from examples/labs/limits.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import IrqsimError
from ..spec.board import load_board
from ..units import parse_duration
from .counter import counter_count, pio_count
from .edges import pulse_train
from .nvic import Machine, MainLoop, Source, Task
from .profile import irq_profile

MODELS = ("micropython", "rtos", "c", "pio")
LABELS = {"micropython": "MicroPython", "rtos": "C with RTOS", "c": "bare-metal C", "pio": "PIO"}
REPO = Path(__file__).resolve().parents[3]
CONFIG = REPO / "examples" / "labs" / "limits.toml"


@dataclass(frozen=True)
class Cell:
    model: str
    rate_hz: float
    edges: int
    counted: int
    cpu_share: float          # CPU time the counting path used (handlers, entry/exit, task, GC excluded)
    window_ns: int
    note: str = ""

    @property
    def share(self) -> float:
        return self.counted / self.edges if self.edges else 1.0


def load_config(path: Path | None = None) -> dict:
    path = path or CONFIG
    if not path.exists():
        raise IrqsimError(f"lab configuration {path} not found",
                          hint="run the labs from an irqsim source checkout (examples/labs/)")
    with path.open("rb") as fh:
        cfg = tomllib.load(fh)
    cfg["_dir"] = path.parent
    return cfg


def period_ns(rate_hz: float) -> int:
    return max(2, round(1e9 / rate_hz))


def window_ns(cfg: dict, period: int) -> int:
    w = cfg["window"]
    return max(parse_duration(w["min"]), int(w["edges"]) * period)


def run_cell(model: str, board: str, rate_hz: float, *, seed: int = 1, cfg: dict | None = None,
             app: str = "big") -> Cell:
    cfg = cfg or load_config()
    period = period_ns(rate_hz)
    if model == "micropython":
        return _micropython(cfg, board, period, seed, app)
    b = load_board(board, micropython=False)
    if model == "pio":
        return _pio(cfg, b, period, seed)
    return _c(cfg, b, period, seed, rtos=(model == "rtos"))


def _micropython(cfg: dict, board: str, period: int, seed: int, app: str) -> Cell:
    from ..sim import build

    mp = cfg["micropython"]
    b = load_board(board, micropython=False)
    if "micropython" not in b.raw:
        return Cell("micropython", 1e9 / period, 0, 0, 0.0, 0, note="n/a: no MicroPython port")
    scenario = (cfg["_dir"] / mp["scenario_big" if app == "big" else "scenario_small"]).resolve()
    window = min(parse_duration(mp["window"]), max(parse_duration("20ms"), int(mp["max_edges"]) * period))
    result = build(scenario, overrides={"parts.enc.freq": f"{period}ns", "duration": f"{window}ns",
                                        "board": board, "seed": seed}, record=True).run()
    stats = result.stats()
    src = stats["sources"]["GP12"]
    shares = stats["cpu_share"]
    used = sum(v for k, v in shares.items() if k.startswith("handler:") or k == "isr")
    return Cell("micropython", 1e9 / period, src["edges"], src["handled"], used, window,
                note="" if window >= parse_duration(mp["window"]) else "short window")


def _pio(cfg: dict, board, period: int, seed: int) -> Cell:
    window = window_ns(cfg, period)
    train = pulse_train(period * 1000, window * 1000, seed=seed)
    if board.raw.get("platform", {}).get("pio_blocks"):
        return Cell("pio", 1e9 / period, len(train), pio_count(train, board.clock_hz), 0.0, window)
    return Cell("pio", 1e9 / period, len(train), counter_count(train, board.clock_hz), 0.0, window,
                note="hardware counter (no PIO)")


def _c(cfg: dict, board, period: int, seed: int, *, rtos: bool) -> Cell:
    c = cfg["rtos" if rtos else "c"]
    window = window_ns(cfg, period)
    train = pulse_train(period * 1000, window * 1000, seed=seed)
    crit_mask = int(c["crit_basepri"]) if rtos and "crit_basepri" in c else "primask"
    if crit_mask != "primask" and not irq_profile(board).priority_bits:
        crit_mask = "primask"   # AVR: no BASEPRI, the kernel's critical sections clear the I-bit
    main = MainLoop(work_cycles=c["work_cycles"], crit_cycles=c["crit_cycles"], crit_mask=crit_mask)
    task = Task(switch_cycles=c["switch_cycles"], body_cycles=c["body_cycles"], sem_max=int(c["sem_max"])) \
        if rtos else None
    m = Machine(irq_profile(board), main, task)
    src = m.add_source(Source("enc", "IO_IRQ_BANK0", c["handler_cycles"], train.rise_ps, gives=rtos),
                       priority=int(board.interrupts.get("default_priority", 0x80)))
    st = m.run(window * 1000)
    counted = task.done if task else src.handled
    used = 1.0 - (st.busy_ps["main"] + st.busy_ps["crit"]) / st.until_ps
    return Cell("rtos" if rtos else "c", 1e9 / period, len(train), counted, used, window)
