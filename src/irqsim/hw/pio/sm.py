"""One PIO state machine, executed event by event instead of cycle by cycle.

Semantics: RP2350 datasheet chapter 11 (§11.4 instructions, §11.5 functional details), which
matches RP2040 §3.4-3.5 for everything MicroPython's assembler can emit.

Why it is fast enough at 150 MHz
--------------------------------
An instruction either has an effect someone can see (a pin or pin direction write, side-set,
a FIFO access, an IRQ flag, STATUS) or it only changes the SM's own registers. The SM
*runs ahead* through invisible instructions (reading input pins at their present level) and
stops at the next visible one, which becomes a kernel event at its exact cycle time. The
state at the last committed point is the *anchor*; the pins read since then are *seen*. When
a seen pin changes at ``t`` (or the CPU touches the SM at ``t``), the SM rolls back to the
anchor and replays, with the levels it had seen, only the cycles before ``t``; from ``t`` on
it runs again with the new levels. Every visible effect therefore happens at its true cycle,
and nothing is executed twice for the world.

Three shortcuts keep long runs cheap, all exact:
- a stall (WAIT on a pin or IRQ, PULL on an empty / PUSH on a full FIFO, IRQ wait) sleeps until
  the pin, FIFO or flag changes;
- a run of invisible instructions that comes back to an identical state (pc, x, y, isr/osr and
  their counts, with the same input levels) is a steady state: the SM sleeps until an input
  changes, and a replay skips whole periods arithmetically;
- a countdown loop (``jmp x--``/``y--`` back over instructions that cannot differ between
  iterations: nops and constant sets, no side-set) is fast-forwarded by whole iterations.

This module holds the state and the event-driven machinery (CPU interface, input pins,
run-ahead, rollback); what one instruction does is ``sm_exec.py``, the countdown shortcut
``sm_countdown.py`` (mixins, so the hot ``_step`` stays a plain method call).
"""

from __future__ import annotations

from collections import deque

from ...kernel.core import NEVER
from .clock import SmClock
from .decode import MASK32, SmConfig
from .sm_countdown import CountdownShortcut
from .sm_exec import DONE, STALL, SYNC, SmExecution

__all__ = ["DONE", "LOOP_STATES", "RUN_BUDGET", "STALL", "SYNC", "StateMachineCore"]

RUN_BUDGET = 4000       # invisible steps per run-ahead before a continuation event
LOOP_STATES = 2048      # states remembered per run-ahead for steady-state detection


class StateMachineCore(SmExecution, CountdownShortcut):
    # False: every instruction becomes its own kernel event at its cycle, no run-ahead,
    # steady-state or countdown shortcuts. The reference the shortcuts are tested against.
    shortcuts = True

    def __init__(self, block, index: int, clock_hz: int) -> None:
        self.block = block
        self.index = index
        self.kernel = block.kernel
        self.gpio = block.gpio
        self.clock = SmClock(clock_hz)
        self.config = SmConfig.from_registers(31 << 12, 0, 0)
        self.enabled = False
        self.tx: deque[int] = deque()
        self.rx: deque[int] = deque()
        self.tx_cap = 4
        self.rx_cap = 4
        # registers
        self.pc = 0
        self.x = self.y = 0
        self.isr = self.isr_n = 0
        self.osr = 0
        self.osr_n = 32       # OSR empty after reset (RP2350 §11.5.4.2)
        self.k = 0            # SM cycle of the next instruction issue
        self.irq_wait = False  # an IRQ-wait instruction has set its flag and waits for the clear
        self.exec_instr: int | None = None   # forced instruction (SMx_INSTR, OUT/MOV EXEC)
        # run-ahead bookkeeping
        self.anchor: tuple = ()
        self.seen: dict[int, int] = {}
        self.read_t: dict[int, int] = {}   # last time each seen pin was read (NEVER: continuously)
        self.t_step = 0                    # cycle time of the instruction being run ahead
        self.loop_seen: dict[tuple, int] = {}
        self.loop: tuple[int, int] | None = None
        self.stall_on = ""    # "" | "pin" | "tx" | "rx" | "irq"
        self.event = None
        self.running = False
        self.listening: set[int] = set()
        self.k_limit = NEVER
        self.instructions = 0  # instructions executed (statistics; fast-forwarded ones included)
        self._save()

    # -- state snapshots ---------------------------------------------------------------------
    def _state(self) -> tuple:
        return (self.pc, self.x, self.y, self.isr, self.isr_n, self.osr, self.osr_n, self.k,
                self.irq_wait, self.exec_instr)

    def _save(self) -> None:
        self.anchor = self._state()
        self.seen = {}
        self.read_t = {}
        self.loop_seen = {}
        self.loop = None

    def _restore(self, s: tuple) -> None:
        (self.pc, self.x, self.y, self.isr, self.isr_n, self.osr, self.osr_n, self.k,
         self.irq_wait, self.exec_instr) = s

    # -- configuration -----------------------------------------------------------------------
    def configure(self, config: SmConfig, div_int: int, div_frac: int) -> None:
        self.config = config
        self.clock.set_divider(div_int, div_frac)
        self.tx_cap = 8 if config.join_tx else (0 if config.join_rx else 4)
        self.rx_cap = 8 if config.join_rx else (0 if config.join_tx else 4)

    def program_changed(self) -> None:
        """Instruction memory changed (nothing cached today; the hook keeps callers honest)."""

    # -- what the CPU does ---------------------------------------------------------------------
    def now(self) -> int:
        return self.kernel.now_ns

    def _halt(self) -> None:
        """Stop running ahead: the state becomes the one at the first cycle from now on."""
        self._rollback(self.now())

    def _resume(self) -> None:
        self._save()
        if self.enabled:
            self._run()

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        if on:
            self.enabled = True
            self.clock.restart(self.now())
            self.k = 0
            self._resume()
        else:
            self._halt()
            self.enabled = False

    def restart(self, initial_pc: int) -> None:
        """SM_RESTART + exec(jmp initial_pc): shift counters, delay, stalls cleared; X/Y kept."""
        self._halt()
        self.isr_n = 0
        self.osr_n = 32
        self.irq_wait = False
        self.exec_instr = None
        self.stall_on = ""
        self.pc = initial_pc & 31
        if self.enabled:
            self.clock.restart(self.now())
            self.k = 0
        self._resume()

    def reset(self, initial_pc: int) -> None:
        """pio_sm_init: disabled, FIFOs cleared, restarted at ``initial_pc``."""
        self.set_enabled(False)
        self.tx.clear()
        self.rx.clear()
        self.restart(initial_pc)

    def execute(self, word: int) -> None:
        """SMx_INSTR write: the instruction runs on the SM's next cycle (at once when disabled)."""
        self._halt()
        self.exec_instr = word & 0xFFFF
        self.stall_on = ""
        if not self.enabled:
            self.running = True
            try:
                if self._step(True, True) == DONE:
                    self.k = 0
            finally:
                self.running = False
        self._resume()

    def put(self, value: int) -> None:
        self.tx.append(value & MASK32)
        if self.stall_on == "tx":
            self.wake()

    def get(self) -> int:
        value = self.rx.popleft()
        if self.stall_on == "rx":
            self.wake()
        return value

    def wake(self) -> None:
        """What the SM waits on (FIFO room or data, an IRQ flag) changed now."""
        if not self.enabled or self.running:
            return
        self._rollback(self.now())
        self._run()

    # -- inputs ------------------------------------------------------------------------------
    def _pin(self, num: int, live: bool) -> int:
        if not live:
            level = self.seen.get(num)
            if level is not None:
                return level
        level = self.gpio.pins[num].level
        if self.read_t.get(num, -1) < self.t_step:
            self.read_t[num] = self.t_step
        if num not in self.seen:
            self.seen[num] = level
            if num not in self.listening:
                self.listening.add(num)
                self.gpio.pins[num].listeners.append(self._pin_changed)
        return level

    def _pins(self, base: int, count: int, live: bool) -> int:
        value = 0
        n_gpio = len(self.gpio.pins)
        for i in range(count):
            num = (base + i) & 31
            if num < n_gpio and self._pin(num, live):
                value |= 1 << i
        return value

    def _pin_changed(self, num: int, level: int) -> None:
        if not self.enabled or num not in self.seen or self.now() > self.read_t[num]:
            return   # not read since the anchor, or only before this change: nothing to redo
        if self.running:  # our own write reached a pin we read: handle it after this step
            self.kernel.post(self.now(), self.wake)
            return
        self.wake()

    # -- scheduling ----------------------------------------------------------------------------
    def _cancel(self) -> None:
        if self.event is not None:
            self.event.cancel()
            self.event = None

    def _on_event(self) -> None:
        self.event = None
        self._save()       # every read before this cycle stood: commit them
        self._run()

    def _rollback(self, t: int) -> None:
        """Recompute the state at the first cycle at or after ``t`` from the anchor."""
        self._cancel()
        if not self.enabled:
            return
        self._restore(self.anchor)
        kt = self.clock.k_at(t)
        loop = self.loop
        self.k_limit = kt
        self.running = True
        try:
            while self.k < kt:
                if loop is not None and self.k == loop[0]:
                    self.k += (kt - self.k) // loop[1] * loop[1]
                    if self.k >= kt:
                        break
                if self._step(False, False) != DONE:
                    break
        finally:
            self.running = False
            self.k_limit = NEVER
        if self.k < kt:
            self.k = kt
        self.stall_on = ""
        self._save()

    def _run(self) -> None:
        """Run ahead from the present until a visible instruction, a stall or a steady state."""
        now = self.now()
        clock = self.clock
        budget = RUN_BUDGET
        loop_seen = self.loop_seen
        self.running = True
        try:
            while True:
                t_k = clock.t_of(self.k)
                self.t_step = t_k
                commit = t_k <= now
                if not commit and not self.shortcuts:
                    self.event = self.kernel.schedule_at(t_k, self._on_event)
                    return
                r = self._step(commit, True)
                if r == SYNC:
                    self.event = self.kernel.schedule_at(t_k, self._on_event)
                    return
                if r == STALL:
                    if self.stall_on == "pin":   # the waited pin is read on every cycle from now on
                        for num in self.read_t:
                            if self.read_t[num] == t_k:
                                self.read_t[num] = NEVER
                    if commit:   # stalled in the present: the stall itself is the new anchor
                        self.anchor = self._state()
                        self.loop_seen = {}
                        self.loop = None
                    return
                if commit:
                    self._save()
                    loop_seen = self.loop_seen
                    continue
                key = (self.pc, self.x, self.y, self.isr, self.isr_n, self.osr, self.osr_n, self.irq_wait,
                       self.exec_instr)
                first = loop_seen.get(key)
                if first is not None:
                    self.loop = (first, self.k - first)   # steady state: sleep until an input changes
                    for num in self.read_t:
                        self.read_t[num] = NEVER          # its reads go on for ever
                    return
                if len(loop_seen) < LOOP_STATES:
                    loop_seen[key] = self.k
                budget -= 1
                if not budget:
                    self.event = self.kernel.schedule_at(clock.t_of(self.k), self._on_event)
                    return
        finally:
            self.running = False
