"""Value Change Dump export (IEEE 1364-2005 section 18), written with ``pyvcd``.

Opens in GTKWave and in sigrok/PulseView. The file holds the GPIO nets that appear in the
log plus virtual signals derived from it (see ``_timeline.py``)::

    irqsim.gpio.GP15                  one wire per GPIO that changed during the run
    irqsim.cpu.main_running           main is the running context (not preempted)
    irqsim.cpu.isr_active             a C-level interrupt service routine runs
    irqsim.cpu.irq_masked             PRIMASK set (machine.disable_irq)
    irqsim.cpu.gc_running             a garbage collection pauses everything else
    irqsim.cpu.cpu_idle               the core sleeps (WFE) waiting for an event
    irqsim.cpu.sched_queue            scheduler queue depth (a vector, see below)
    irqsim.handlers.<name>            one wire per handler, 1 while it is active
    irqsim.cpu.sched_pending          the queue is not empty (for 1-bit-only viewers)
    irqsim.lost.lost_<source>         a marker pulse (1 us) at each lost edge of that IRQ source
    irqsim.lost.lost_<source>_count   running count of lost edges (a vector)

Multi-bit signals are written bit-blasted by default (``sched_queue[0]``,
``sched_queue[1]``, ... as 1-bit wires with a bit-select reference), because sigrok 0.5
(Debian 12's libsigrok 0.5.2, under PulseView and sigrok-cli) stops reading a file at the
first multi-bit value change ("Unexpected vector format!"); GTKWave and other viewers
regroup the bits. ``vectors=True`` writes true ``reg`` vectors instead.

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
LOST_PULSE_NS = 1000


def vcd_identifier(name: str) -> str:
    """A VCD-safe identifier: letters, digits and '_' only (tools split on '.' and spaces)."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name).strip("_") or "handler"
    return ident if not ident[0].isdigit() else "_" + ident


class _Vector:
    """A multi-bit signal: one ``reg`` variable, or one 1-bit wire per bit (portable)."""

    def __init__(self, writer, scope: str, name: str, size: int, blasted: bool) -> None:
        self.writer = writer
        self.size = size
        self.value = 0
        if blasted:
            self.vars = [writer.register_var(scope, name, "wire", size=1, init=0, bit_index=i) for i in range(size)]
        else:
            self.vars = [writer.register_var(scope, name, "reg", size=size, init=0)]

    def change(self, t: int, value: int) -> None:
        value = min(value, (1 << self.size) - 1)
        if len(self.vars) == 1:
            self.writer.change(self.vars[0], t, value)
        else:
            diff = value ^ self.value
            for i, var in enumerate(self.vars):
                if diff >> i & 1:
                    self.writer.change(var, t, value >> i & 1)
        self.value = value


def write_vcd(source, out, *, end_ns: int | None = None, lost_pulse_ns: int = LOST_PULSE_NS,
              vectors: bool = False) -> None:
    """Write ``source`` (a Result, RunView or EventLog) as VCD to a path or text stream.

    ``lost_pulse_ns`` is the width of the marker pulse drawn at each lost edge: a marker,
    not a duration, wide enough to see at the zoom where edges are visible.
    """
    view = view_of(source, end_ns=end_ns)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="ascii", newline="\n") as fp:
            _write(view, fp, lost_pulse_ns, vectors)
    else:
        _write(view, out, lost_pulse_ns, vectors)


def _write(view, fp, lost_pulse_ns: int, vectors: bool) -> None:
    inv = inventory(view.log.records())
    comment = f"{view.title}; board {view.board or '?'}; seed {view.seed}"
    # Values come from a closed set (0/1 and clamped ints), so pyvcd's per-change checks
    # are skipped: they cost more than the rest of the export.
    writer = VCDWriter(fp, timescale="1 ns", date="", version="irqsim", comment=comment, check_values=False)
    wires = {}
    for gpio in inv["pins"]:
        wires[("pin", gpio)] = writer.register_var("irqsim.gpio", f"GP{gpio}", "wire", size=1, init=0)
    for track, ident in _CPU_WIRES.items():
        wires[track] = writer.register_var("irqsim.cpu", ident, "wire", size=1, init=1 if track == MAIN else 0)
    qbits = max(1, inv["queue_max"].bit_length())
    queue_var = _Vector(writer, "irqsim.cpu", "sched_queue", qbits, not vectors)
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
    for src, n_lost in inv["lost_sources"].items():
        ident = vcd_identifier(src)
        lost_pulse[src] = writer.register_var("irqsim.lost", "lost_" + ident, "wire", size=1, init=0)
        lost_count[src] = _Vector(writer, "irqsim.lost", f"lost_{ident}_count", n_lost.bit_length(), not vectors)

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
            queue_var.change(t, ch[2])
            writer.change(pending_var, t, 1 if ch[2] else 0)
        elif tag == "mark" and ch[2] == "lost":
            src = ch[3]
            counts[src] = counts.get(src, 0) + 1
            lost_count[src].change(t, counts[src])
            writer.change(lost_pulse[src], t, 1)
            clears[src] = t + max(1, lost_pulse_ns)
        elif tag == "stop":
            end = t
    if clears:
        last_clear = max(clears.values())
        flush_clears(last_clear)
        end = max(end, last_clear)
    writer.close(end)
