"""Fire handlers at chosen line boundaries of a real simulation and watch what main reads.

How it hooks the runtime (no change to it): every instrumented firmware line calls
``cpu.line``/``cpu.branch`` when the countdown ``B.n`` expires (runtime/instrument.py).
The explorer replaces both on the Cpu instance before the firmware is loaded, and after
each call makes the countdown expire again (``_head_changed(now)``: ``B.n = 0``), so the
next line takes the slow path too. Time stays exact: the slow path only sets the line's
cost aside as debt and re-adds it (Cpu.catch_up). Cpu methods the shim calls (charge,
sleeps) re-sync the countdown, so they are wrapped to expire it again when they return. So the explorer sees every main-code
line boundary with the firmware's globals, and can run a handler there exactly as the
hardware would: a hard handler through ``Cpu.run_hard`` (only while PRIMASK is clear), a
soft one through the scheduler queue, and only at a branch boundary whose callback could
have been queued while interrupts were enabled (py/vm.c runs callbacks at branch opcodes).

An *episode* is one pass of the main code through a window. It records a snapshot of the
shared globals at each boundary (before and after an injected handler) and the value of
each global when main reads it. If the combination main read equals no snapshot, main
observed a state that never existed: a torn read.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field

from ..runtime.cpu import StopSimulation
from .plan import Plan, Window

MISSING = "<unset>"


@dataclass
class Race:
    file: str
    line_a: int
    key_a: str
    line_b: int
    key_b: str
    inject_line: int | None
    handler: str
    observed: dict
    states: list
    t_ns: int
    count: int = 1

    def as_dict(self) -> dict:
        return {"file": self.file, "code": "IRQ602", "line": self.line_b, "first_line": self.line_a,
                "first": self.key_a, "second": self.key_b, "inject_before_line": self.inject_line,
                "handler": self.handler, "observed": self.observed, "states": self.states,
                "t_ns": self.t_ns, "count": self.count}


@dataclass
class _Episode:
    window: Window
    frame: object
    index: int = 0
    inject_at: int = -1
    handler: str = ""
    injected_before: int | None = None
    observed: dict = field(default_factory=dict)     # key -> (value, line)
    snaps: list = field(default_factory=list)


class Explorer:
    def __init__(self, sim, plan: Plan, *, seed: int = 1, tries: int = 4, max_injections: int = 500) -> None:
        self.sim = sim
        self.plan = plan
        self.cpu = sim.system.cpu
        self.port = sim.port
        self.filename = str(sim.scenario.firmware.resolve())
        self.rng = random.Random(f"races:{seed}")
        self.tries = tries
        self.max_injections = max_injections
        self.episode: _Episode | None = None
        self.injections = 0
        self.attempts: dict[tuple, int] = {}      # (window start, index, handler) -> injections done
        self.blocked: dict[tuple, int] = {}       # ... -> times the boundary could not take the IRQ
        self.visits = 0
        self.races: dict[tuple, Race] = {}
        self.unmasked_since_branch = True
        self.stopped_early = False

    # -- hooking the runtime -----------------------------------------------------------------
    def install(self) -> None:
        cpu = self.cpu
        line, branch = cpu.line, cpu.branch

        def hooked_line():
            line()
            self._boundary(False)

        def hooked_branch():
            branch()
            self._boundary(True)

        cpu.line = hooked_line        # read by Port.injected() when the firmware is loaded
        cpu.branch = hooked_branch
        # Shim calls (sleeps, charges, interrupts taken inside C code) re-sync the countdown to
        # the next kernel event; re-expire it when they return so single-stepping goes on.
        for name in ("catch_up", "charge", "_busy", "advance_to", "wait_until", "_fire_now"):
            setattr(cpu, name, _reforce(cpu, getattr(cpu, name)))
        # Expire the countdown at t=0 so the very first line takes the slow path.
        self.sim.system.kernel.schedule_at(0, _nothing)

    def _boundary(self, branch: bool) -> None:
        cpu = self.cpu
        if cpu.depth == 0:
            if not cpu.primask:
                self.unmasked_since_branch = True
            frame = sys._getframe(2)
            if frame.f_code.co_filename == self.filename:
                self._main_line(frame, frame.f_lineno, branch)
            if branch:
                self.unmasked_since_branch = not cpu.primask
        cpu._head_changed(cpu.now())   # single-step: the next line takes the slow path again

    # -- episodes ----------------------------------------------------------------------------
    def _main_line(self, frame, line: int, branch: bool) -> None:
        ep = self.episode
        if ep is not None:
            if frame is not ep.frame:
                if _calls_into(frame, ep.frame):
                    return                       # a function main called from inside the window
                self._finish()
            else:
                lines = ep.window.lines
                nxt = lines.index(line) if line in lines else -1
                if nxt > ep.index:
                    ep.index = nxt
                    if nxt == ep.inject_at:
                        self._try_inject(ep, frame, line, branch)
                    self._observe(ep, frame, line)
                    return
                self._finish()
        w = self.plan.windows.get(line)
        if w is not None:
            self._start(w, frame, line)

    def _start(self, w: Window, frame, line: int) -> None:
        if self.injections >= self.max_injections or not any(
                self._open((v.start, i, h)) for v in self.plan.windows.values()
                for i in range(1, len(v.lines)) for h in v.handlers):
            # Every boundary has had its injections (or cannot take the interrupt): stop the
            # run here, between two windows, so no episode is cut short.
            self.stopped_early = True
            stop = StopSimulation("races explored")
            self.cpu.stopped = stop
            raise stop
        self.visits += 1
        ep = self.episode = _Episode(w, frame)
        targets = [(i, h) for i in range(1, len(w.lines)) for h in sorted(w.handlers)]
        open_targets = [t for t in targets if self._open((w.start, *t))]
        if open_targets and self.rng.random() < 0.75:   # seeded: vary the phase of injections
            least = min(self.attempts.get((w.start, *t), 0) for t in open_targets)
            pick = self.rng.choice([t for t in open_targets if self.attempts.get((w.start, *t), 0) == least])
            ep.inject_at, ep.handler = pick
        self._observe(ep, frame, line)

    def _open(self, key: tuple) -> bool:
        return self.attempts.get(key, 0) < self.tries and self.blocked.get(key, 0) < 4 * self.tries

    def _observe(self, ep: _Episode, frame, line: int) -> None:
        g = frame.f_globals
        ep.snaps.append(self._snap(g, ep.window))
        for key in ep.window.reads.get(line, ()):
            if key not in ep.observed:
                ep.observed[key] = (_freeze(g.get(key, MISSING)), line)

    def _snap(self, g: dict, w: Window) -> dict:
        return {k: _freeze(g.get(k, MISSING)) for k in sorted(w.keys)}

    def _finish(self) -> None:
        ep, self.episode = self.episode, None
        if ep is None or len(ep.observed) < 2:
            return
        keys = sorted(ep.observed, key=lambda k: (ep.observed[k][1], k))
        states = [tuple(s[k] for k in keys) for s in ep.snaps]
        seen = tuple(ep.observed[k][0] for k in keys)
        if seen in states:
            return
        a, b = _torn_pair(keys, ep, states)
        key = (ep.observed[a][1], ep.observed[b][1], a, b)
        if key in self.races:
            self.races[key].count += 1
            return
        uniq = []
        for st in states:
            d = dict(zip(keys, st, strict=True))
            if d not in uniq:
                uniq.append(d)
        self.races[key] = Race(self.plan.file, ep.observed[a][1], a, ep.observed[b][1], b, ep.injected_before,
                               ep.handler or "an interrupt", {k: ep.observed[k][0] for k in keys}, uniq, self.cpu.now())

    # -- firing a handler ------------------------------------------------------------------
    def _try_inject(self, ep: _Episode, frame, line: int, branch: bool) -> None:
        key = (ep.window.start, ep.inject_at, ep.handler)
        found = self._registered(ep.handler)
        if found is None:
            self.blocked[key] = self.blocked.get(key, 0) + 1
            return
        fn, hard, source = found
        cpu = self.cpu
        if hard:
            allowed = not cpu.primask
        else:
            allowed = branch and self.unmasked_since_branch and not cpu.sched_lock and not cpu.in_gc
        if not allowed:
            self.blocked[key] = self.blocked.get(key, 0) + 1
            return
        ep.snaps.append(self._snap(frame.f_globals, ep.window))
        arg = self._handler_arg(fn)
        t = cpu.now()
        name = getattr(fn, "__qualname__", ep.handler)
        timing = cpu.timing
        if hard:
            cpu._busy(timing.hard_dispatch_ns)
            cpu.run_hard(fn, arg, name, f"races:{source}", t)
            cpu._busy(timing.hard_return_ns)
        else:
            cpu.sched.appendleft((fn, arg, "soft", name, f"races:{source}", t))
            cpu._update_sched_flag()
            cpu.run_scheduled_one()
        ep.injected_before = line
        self.injections += 1
        self.attempts[key] = self.attempts.get(key, 0) + 1

    def _registered(self, qualname: str):
        """The live handler object registered for ``qualname`` (latest registration wins)."""
        want = self.plan.handler_lines.get(qualname)
        for _kind, source, fn, hard in reversed(self.port.irq_objects):
            code = getattr(getattr(fn, "__func__", fn), "__code__", None)
            if code is not None and code.co_filename == self.filename and code.co_firstlineno == want:
                return fn, hard, source
        return None

    def _handler_arg(self, fn):
        machine = self.port.modules.get("machine")
        pin_cls = getattr(machine, "Pin", None)
        for pin in list(getattr(pin_cls, "_table", {}).values()):
            irq = getattr(pin, "_irq", None)
            if irq is not None and irq.handler == fn:
                return pin
        for g in self.port.firmware_globals:
            for value in list(g.values()):
                for obj in (value, *getattr(value, "__dict__", {}).values()):
                    if getattr(obj, "_callback", None) == fn:
                        return obj
        return None

    def finish(self) -> None:
        self._finish()


def _reforce(cpu, method):
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        finally:
            cpu._head_changed(cpu.now())
    return wrapper


def _nothing() -> None:
    return None


def _calls_into(frame, outer) -> bool:
    f = frame.f_back
    while f is not None:
        if f is outer:
            return True
        f = f.f_back
    return False


def _freeze(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _torn_pair(keys: list[str], ep: _Episode, states: list[tuple]) -> tuple[str, str]:
    """The first two reads whose combination no snapshot held (else the first and last)."""
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            pair = (ep.observed[keys[i]][0], ep.observed[keys[j]][0])
            if pair not in {(s[i], s[j]) for s in states}:
                return keys[i], keys[j]
    return keys[0], keys[-1]
