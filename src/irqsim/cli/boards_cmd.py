"""``irqsim boards``: the lesson's platform table, generated from the board profiles."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("boards", help="list board profiles and their interrupt features side by side")
    p.set_defaults(func=run)


def _nesting(irq: dict) -> str:
    if not irq.get("nesting", True):
        return "no (manual: sei in ISR)"
    return "yes, by priority"


def columns() -> list[tuple[str, list[str]]]:
    """(board name, cell texts) per profile, in the order of ROWS."""
    from ..models.profile import irq_profile
    from ..spec.board import board_names, load_board

    out = []
    for name in board_names():
        b = load_board(name, micropython=False)
        irq, plat, p = b.interrupts, b.raw.get("platform", {}), irq_profile(b)
        entry_ns = p.entry_cycles * 1e9 / b.clock_hz
        chain = f"{p.tail_chain_cycles} cycles" if p.tail_chain_cycles is not None else "none"
        prios = f"{p.priority_levels} levels ({p.priority_bits} bits)" if p.priority_bits else "fixed (vector order)"
        out.append((b.name, [
            b.chip, f"{plat.get('isa', '?')}, {plat.get('cores', 1)}x {b.core}", f"{b.clock_hz / 1e6:g} MHz",
            irq.get("controller", "NVIC"), _nesting(irq), prios,
            f"{p.entry_cycles} cycles = {entry_ns:.1f} ns", f"{p.exit_cycles} cycles", chain,
            plat.get("isr_syntax", "?"), plat.get("timers", "?"), plat.get("dma", "?"),
            "yes" if "micropython" in b.raw else "no",
        ]))
    return out


ROWS = ("chip", "core", "clock", "interrupt controller", "nested interrupts", "priorities", "IRQ entry",
        "IRQ exit", "tail-chaining", "how to write an ISR", "timers", "DMA", "MicroPython")


def run(args) -> int:
    cols = columns()
    table = [["", *[name for name, _ in cols]]]
    for i, row in enumerate(ROWS):
        table.append([row, *[cells[i] for _, cells in cols]])
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0
