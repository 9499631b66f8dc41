"""Value Change Dump export (IEEE 1364-2005 section 18), written with ``pyvcd``.

Opens in GTKWave and in sigrok/PulseView. The file holds the GPIO nets that appear in the
log plus virtual signals derived from it (see ``_timeline.py``)::

    irqsim.gpio.GP15                  one wire per GPIO that changed during the run
    irqsim.cpu.main_running           main is the running context (not preempted)
    irqsim.cpu.isr_active             a C-level interrupt service routine runs
    irqsim.cpu.irq_masked             PRIMASK set (machine.disable_irq)
    irqsim.cpu.gc_running             a garbage collection pauses everything else
    irqsim.cpu.cpu_idle               the core sleeps (WFE) waiting for an event
    irqsim.cpu.sched_queue[n:0]       scheduler queue depth (vector)
    irqsim.handlers.<name>            one wire per handler, 1 while it is active
    irqsim.cpu.sched_pending          the queue is not empty (for 1-bit-only viewers)
    irqsim.lost.lost_<source>         a marker pulse (1 us) at each lost edge of that IRQ source
    irqsim.lost.lost_<source>_count   running count of lost edges (32-bit vector)

Timescale 1 ns, the simulation's own resolution. The header carries no wall-clock date,
so one seed gives one byte-identical file.
"""

from __future__ import annotations

import re
from pathlib import Path

from vcd import VCDWriter

from ._source import view_of
from ._timeline import GC, HANDLER, IDLE, ISR, MAIN, MASKED, changes, inventory

_CPU_WIRES = {MAIN: "main_running", ISR: "isr_active", MASKED: "irq_masked", GC: "gc_running",
              IDLE: "cpu_idle"}
LOST_COUNT_BITS = 32
LOST_PULSE_NS = 1000


def vcd_identifier(name: str) -> str:
    """A VCD-safe identifier: letters, digits and '_' only (tools split on '.' and spaces)."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name).strip("_") or "handler"
    return ident if not ident[0].isdigit() else "_" + ident


def write_vcd(source, out, *, end_ns: int | None = None, lost_pulse_ns: int = LOST_PULSE_NS) -> None:
    """Write ``source`` (a Result, RunView or EventLog) as VCD to a path or text stream.

    ``lost_pulse_ns`` is the width of the marker pulse drawn at each lost edge: a marker,
    not a duration, wide enough to see at the zoom where edges are visible.
    """
    view = view_of(source, end_ns=end_ns)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="ascii", newline="\n") as fp:
            _write(view, fp, lost_pulse_ns)
    else:
        _write(view, out, lost_pulse_ns)


def _write(view, fp, lost_pulse_ns: int) -> None:
    inv = inventory(view.log.records())
    comment = f"{view.title}; board {view.board or '?'}; seed {view.seed}"
    writer = VCDWriter(fp, timescale="1 ns", date="", version="irqsim", comment=comment)
    wires = {}
    for gpio in inv["pins"]:
        wires[("pin", gpio)] = writer.register_var("irqsim.gpio", f"GP{gpio}", "wire", size=1, init=0)
    for track, ident in _CPU_WIRES.items():
        wires[track] = writer.register_var("irqsim.cpu", ident, "wire", size=1, init=1 if track == MAIN else 0)
    qbits = max(1, inv["queue_max"].bit_length())
    queue_var = writer.register_var("irqsim.cpu", "sched_queue", "reg", size=qbits, init=0)
    # Tools that read only 1-bit signals (sigrok 0.5 skips vectors) still see the queue.
    pending_var = writer.register_var("irqsim.cpu", "sched_pending", "wire", size=1, init=0)
    used: set[str] = set()
    for name in inv["handlers"]:
        ident = vcd_identifier(name)
        while ident in used:
            ident += "_"
        used.add(ident)
        wires[HANDLER + name] = writer.register_var("irqsim.handlers", ident, "wire", size=1, init=0)
    lost_pulse, lost_count = {}, {}
    for src in inv["lost_sources"]:
        ident = vcd_identifier(src)
        lost_pulse[src] = writer.register_var("irqsim.lost", "lost_" + ident, "wire", size=1, init=0)
        lost_count[src] = writer.register_var("irqsim.lost", f"lost_{ident}_count", "reg",
                                              size=LOST_COUNT_BITS, init=0)

    active: dict[str, int] = {}      # nesting count per handler/context track
    counts: dict[str, int] = {}
    clears: dict[str, int] = {}      # lost source -> time its 1 ns pulse falls
    end = 0

    def flush_clears(t: int) -> None:
        for src, tc in sorted(clears.items(), key=lambda kv: (kv[1], kv[0])):
            if tc <= t:
                writer.change(lost_pulse[src], tc, 0)
                del clears[src]

    for ch in changes(view.log.records(), view.end_ns):
        tag, t = ch[0], ch[1]
        if clears:
            flush_clears(t)
        if tag == "pin":
            writer.change(wires[("pin", ch[2])], t, ch[3])
        elif tag == "begin" or tag == "end":
            var = wires.get(ch[2])
            if var is None:
                continue
            n = active.get(ch[2], 0) + (1 if tag == "begin" else -1)
            active[ch[2]] = n
            writer.change(var, t, 1 if n > 0 else 0)
        elif tag == "queue":
            writer.change(queue_var, t, min(ch[2], (1 << qbits) - 1))
            writer.change(pending_var, t, 1 if ch[2] else 0)
        elif tag == "mark" and ch[2] == "lost":
            src = ch[3]
            counts[src] = counts.get(src, 0) + 1
            writer.change(lost_count[src], t, counts[src] & ((1 << LOST_COUNT_BITS) - 1))
            writer.change(lost_pulse[src], t, 1)
            clears[src] = t + max(1, lost_pulse_ns)
        elif tag == "stop":
            end = t
    if clears:
        last_clear = max(clears.values())
        flush_clears(last_clear)
        end = max(end, last_clear)
    writer.close(end)
