"""``irqsim boards``: the board profiles and their interrupt features side by side."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("boards", help="list board profiles")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..spec.board import board_names, load_board

    rows = [("board", "chip", "core", "clock", "IRQ entry", "sched depth", "heap")]
    for name in board_names():
        b = load_board(name)
        rows.append((b.name, b.chip, b.core, f"{b.clock_hz / 1e6:g} MHz",
                     f"{b.interrupts['entry_cycles']} cycles", str(b.micropython["scheduler_depth"]),
                     f"{b.micropython['heap_bytes'] // 1000} KB"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0
