"""Value Change Dump export (IEEE 1364-2005 section 18): header by ``pyvcd``, body direct.

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
    irqsim.tasks.<task>_running       RTOS logs: the task is the running task
    irqsim.tasks.<task>_ready         ... it is ready but a more urgent context runs
    irqsim.tasks.<task>_blocked       ... it waits for a mutex, semaphore or queue
    irqsim.tasks.<task>_prio          its effective priority (a vector; inheritance raises it)
    irqsim.tasks.watchdog_reset       a marker pulse (1 us) at each watchdog reset

Multi-bit signals are written bit-blasted by default (``sched_queue[0]``,
``sched_queue[1]``, ... as 1-bit wires with a bit-select reference), because sigrok 0.5
(Debian 12's libsigrok 0.5.2, under PulseView and sigrok-cli) stops reading a file at the
first multi-bit value change ("Unexpected vector format!"); GTKWave and other viewers
regroup the bits. ``vectors=True`` writes true ``reg`` vectors instead.

pyvcd declares the variables and writes the header and ``$dumpvars``; the value changes
are then written here directly in pyvcd's own format (``#t`` lines only when a value
changes at a new time, ``1!`` for a wire, ``b101 !`` for a vector) because pyvcd's
per-change call was most of the export's cost. The bytes are the same as pyvcd would
write. Timescale 1 ns, the simulation's own resolution. The header carries no wall-clock
date, so one seed gives one byte-identical file.
"""

from __future__ import annotations

import re

from vcd import VCDWriter

from ._timeline import GC, HANDLER, IDLE, ISR, MAIN, MASKED

_CPU_WIRES = {MAIN: "main_running", ISR: "isr_active", MASKED: "irq_masked", GC: "gc_running",
              IDLE: "cpu_idle"}
_TASK_STATES = ("running", "ready", "blocked")
LOST_PULSE_NS = 1000
RESET = "watchdog_reset"


def vcd_identifier(name: str) -> str:
    """A VCD-safe identifier: letters, digits and '_' only (tools split on '.' and spaces)."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name).strip("_") or "handler"
    return ident if not ident[0].isdigit() else "_" + ident


def write_vcd(source, out, *, end_ns: int | None = None, lost_pulse_ns: int = LOST_PULSE_NS,
              vectors: bool = False) -> None:
    """Write ``source`` (a Result, RunView or EventLog) as VCD to a path or text stream.

    ``lost_pulse_ns`` is the width of the marker pulse drawn at each lost edge: a marker,
    not a duration, wide enough to see at the zoom where edges are visible.
    """
    from .onepass import export

    export(source, end_ns=end_ns, vcd=out, vcd_options={"lost_pulse_ns": lost_pulse_ns, "vectors": vectors})


class _Vector:
    """A multi-bit signal: one ``reg`` variable, or one 1-bit wire per bit (portable)."""

    def __init__(self, writer, scope: str, name: str, size: int, blasted: bool, init: int = 0) -> None:
        self.size = size
        self.value = min(init, (1 << size) - 1)
        if blasted:
            self.vars = [writer.register_var(scope, name, "wire", size=1, init=self.value >> i & 1, bit_index=i)
                         for i in range(size)]
        else:
            self.vars = [writer.register_var(scope, name, "reg", size=size, init=self.value)]
        self.idents = [v.ident for v in self.vars]
        self.memo: dict[tuple[int, int], str] = {}

    def lines(self, value: int) -> str:
        """The value-change lines for ``value`` ('' when nothing changes)."""
        old = self.value
        key = (old, value)
        text = self.memo.get(key)    # a queue moves between a few depths: format each step once
        if text is None:
            text = self.memo[key] = self._format(old, value)
        self.value = min(value, (1 << self.size) - 1)
        return text

    def _format(self, old: int, value: int) -> str:
        value = min(value, (1 << self.size) - 1)
        if value == old:
            return ""
        if len(self.idents) == 1:
            return self.vars[0].format_value(value, False) + "\n"   # pyvcd's own format
        diff = value ^ old
        return "".join(f"{value >> i & 1}{ident}\n" for i, ident in enumerate(self.idents) if diff >> i & 1)


class VcdSink:
    """Writes the VCD of one pass over the derived changes (``feed`` per chunk, then ``close``)."""

    def __init__(self, view, fp, inv: dict, *, lost_pulse_ns: int = LOST_PULSE_NS, vectors: bool = False) -> None:
        self.fp = fp
        self.lost_pulse_ns = max(1, lost_pulse_ns)
        comment = f"{view.title}; board {view.board or '?'}; seed {view.seed}"
        w = self.writer = VCDWriter(fp, timescale="1 ns", date="", version="irqsim", comment=comment,
                                    check_values=False)
        self.wires = wires = {}   # track or ("pin", gpio) -> pyvcd variable (until the header is out)
        for gpio in inv["pins"]:
            wires[("pin", gpio)] = w.register_var("irqsim.gpio", f"GP{gpio}", "wire", size=1, init=0)
        has_tasks = bool(inv["tasks"])
        for track, ident in _CPU_WIRES.items():
            if has_tasks and track != ISR:
                continue   # an RTOS log has tasks and ISRs, not a MicroPython main, GC or WFE
            wires[track] = w.register_var("irqsim.cpu", ident, "wire", size=1, init=0)
        self.queue = None
        if not has_tasks or inv["queue_max"]:
            qbits = max(1, inv["queue_max"].bit_length())
            self.queue = _Vector(w, "irqsim.cpu", "sched_queue", qbits, not vectors)
            # Tools that read only 1-bit signals (sigrok 0.5 skips vectors) still see the queue.
            wires["pending"] = w.register_var("irqsim.cpu", "sched_pending", "wire", size=1, init=0)
        used: set[str] = set()
        for name in inv["handlers"]:
            ident = vcd_identifier(name)
            while ident in used:
                ident += "_"
            used.add(ident)
            wires[HANDLER + name] = w.register_var("irqsim.handlers", ident, "wire", size=1, init=0)
        self.lost_count = {}
        for src, n_lost in inv["lost_sources"].items():
            ident = vcd_identifier(src)
            wires[("lost", src)] = w.register_var("irqsim.lost", "lost_" + ident, "wire", size=1, init=0)
            self.lost_count[src] = _Vector(w, "irqsim.lost", f"lost_{ident}_count", n_lost.bit_length(), not vectors)
        self.task_prio = {}
        used = set()
        for task in inv["task_order"]:
            top = inv["tasks"][task]
            ident = vcd_identifier(task)
            while ident in used:
                ident += "_"
            used.add(ident)
            for state in _TASK_STATES:
                wires[("task", task, state)] = w.register_var("irqsim.tasks", f"{ident}_{state}", "wire",
                                                              size=1, init=0)
            self.task_prio[task] = _Vector(w, "irqsim.tasks", f"{ident}_prio", max(1, top.bit_length()), not vectors)
        if has_tasks:
            wires[("reset",)] = w.register_var("irqsim.tasks", RESET, "wire", size=1, init=0)
        self.vars = dict(wires)
        self.ident = {key: var.ident for key, var in wires.items()}
        self.value = {var.ident: 0 for var in wires.values()}
        self.task_state: dict[str, str] = {}
        self.active: dict[str, int] = {}     # nesting count per handler/context track
        self.counts: dict[str, int] = {}
        self.clears: dict[str, int] = {}     # pulse ident -> time its marker pulse falls
        self.header_out = False
        self.last_ts = 0
        self.end = 0

    # -- value changes at t = 0 go into $dumpvars, as pyvcd does ---------------------------
    def _header(self) -> None:
        w = self.writer
        for var in self.vars.values():
            w.change(var, 0, self.value[var.ident])
        for vec in (*([self.queue] if self.queue else []), *self.lost_count.values(), *self.task_prio.values()):
            if len(vec.vars) == 1:
                w.change(vec.vars[0], 0, vec.value)
            else:
                for i, var in enumerate(vec.vars):
                    w.change(var, 0, vec.value >> i & 1)
        w.flush()            # header + "#0" + $dumpvars
        self.header_out = True

    def feed(self, chunk: list[tuple]) -> None:
        out: list[str] = []
        add = out.append
        value, ident, active, clears = self.value, self.ident, self.active, self.clears
        last_ts = self.last_ts
        header = self.header_out
        for ch in chunk:
            tag, t = ch[0], ch[1]
            if not header and t > 0:
                self.last_ts = last_ts
                self._header()
                header = True
                # what this chunk wrote so far were t = 0 changes: $dumpvars holds them
                out = []
                add = out.append
            if clears:
                last_ts = self._flush_clears(t, add, last_ts)
            if tag == "pin":
                key, v = ident[("pin", ch[2])], ch[3]
            elif tag == "begin" or tag == "end":
                track = ch[2]
                key = ident.get(track)
                if key is None:
                    continue
                n = active.get(track, 0) + (1 if tag == "begin" else -1)
                active[track] = n
                v = 1 if n > 0 else 0
            else:
                last_ts = self._other(ch, t, add, last_ts)
                continue
            if value[key] != v:
                value[key] = v
                if t != last_ts:
                    add(f"#{t}\n{v}{key}\n")
                    last_ts = t
                else:
                    add(f"{v}{key}\n")
        self.last_ts = last_ts
        if header:
            self.fp.write("".join(out))

    def _set(self, key: str, v: int, t: int, add, last_ts: int) -> int:
        if self.value[key] != v:
            self.value[key] = v
            if t != last_ts:
                add(f"#{t}\n")
                last_ts = t
            add(f"{v}{key}\n")
        return last_ts

    def _vec(self, vec: _Vector, v: int, t: int, add, last_ts: int) -> int:
        text = vec.lines(v)
        if text:
            if t != last_ts:
                add(f"#{t}\n")
                last_ts = t
            add(text)
        return last_ts

    def _flush_clears(self, t: int, add, last_ts: int) -> int:
        for key, tc in sorted(self.clears.items(), key=lambda kv: (kv[1], kv[0])):
            if tc <= t:
                last_ts = self._set(key, 0, tc, add, last_ts)
                del self.clears[key]
        return last_ts

    def _pulse(self, key: str, t: int, add, last_ts: int) -> int:
        last_ts = self._set(key, 1, t, add, last_ts)
        self.clears[key] = t + self.lost_pulse_ns
        return last_ts

    def _other(self, ch: tuple, t: int, add, last_ts: int) -> int:
        tag = ch[0]
        if tag == "queue" and self.queue is not None:
            last_ts = self._vec(self.queue, ch[2], t, add, last_ts)
            return self._set(self.ident["pending"], 1 if ch[2] else 0, t, add, last_ts)
        if tag == "task":
            name, state = ch[2], ch[3]
            for s in _TASK_STATES:
                last_ts = self._set(self.ident[("task", name, s)], 1 if s == state else 0, t, add, last_ts)
            return self._vec(self.task_prio[name], ch[4], t, add, last_ts)
        if tag == "prio":
            return self._vec(self.task_prio[ch[2]], ch[3], t, add, last_ts)
        if tag == "mark" and ch[2] == "lost":
            src = ch[3]
            n = self.counts[src] = self.counts.get(src, 0) + 1
            last_ts = self._vec(self.lost_count[src], n, t, add, last_ts)
            return self._pulse(self.ident[("lost", src)], t, add, last_ts)
        if tag == "mark" and ch[2] == "reset":
            return self._pulse(self.ident[("reset",)], t, add, last_ts)
        if tag == "stop":
            self.end = t
        return last_ts

    def close(self, data: dict | None = None) -> None:
        if not self.header_out:
            self._header()
        out: list[str] = []
        last_ts = self.last_ts
        end = self.end
        if self.clears:
            last_clear = max(self.clears.values())
            last_ts = self._flush_clears(last_clear, out.append, last_ts)
            end = max(end, last_clear)
        if end != last_ts:
            out.append(f"#{end}\n")
        self.fp.write("".join(out))
