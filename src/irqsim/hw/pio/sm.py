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
"""

from __future__ import annotations

from collections import deque

from ...kernel.core import NEVER
from .clock import SmClock
from .decode import IN, IRQ, JMP, MASK32, MOV, OUT, PUSHPULL, SET, WAIT, SmConfig, reverse32

DONE, SYNC, STALL = 0, 1, 2
RUN_BUDGET = 4000       # invisible steps per run-ahead before a continuation event
LOOP_STATES = 2048      # states remembered per run-ahead for steady-state detection


class StateMachineCore:
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

    # -- pins out ------------------------------------------------------------------------------
    def _write(self, base: int, count: int, value: int, dirs: bool) -> None:
        if count:
            self.block.write_pins(self, base, count, value, dirs)

    # -- one instruction -------------------------------------------------------------------------
    def _step(self, commit: bool, live: bool) -> int:
        """Execute the instruction at cycle ``k``. Without ``commit`` a visible instruction
        returns SYNC and changes nothing; STALL leaves ``k`` and the pc where they are."""
        cfg = self.config
        forced = self.exec_instr
        w = forced if forced is not None else self.block.instr[self.pc]
        delay, side, side_n = cfg.delay_side(w)
        if side_n:
            if not commit:
                return SYNC
            self._write(cfg.sideset_base, side_n, side, cfg.side_pindir)
        op = w >> 13
        jump = -1
        if op == JMP:
            cond = (w >> 5) & 7
            target = w & 31
            if cond == 0:
                take = True
            elif cond == 1:
                take = self.x == 0
            elif cond == 2:
                if forced is None and self.x > 1 and self.shortcuts:
                    self._fast_forward(1, target, delay)
                take = self.x != 0
                self.x = (self.x - 1) & MASK32
            elif cond == 3:
                take = self.y == 0
            elif cond == 4:
                if forced is None and self.y > 1 and self.shortcuts:
                    self._fast_forward(2, target, delay)
                take = self.y != 0
                self.y = (self.y - 1) & MASK32
            elif cond == 5:
                take = self.x != self.y
            elif cond == 6:
                take = bool(self._pin(cfg.jmp_pin, live))
            else:
                take = self.osr_n < cfg.pull_thresh
            if take:
                jump = target
        elif op == WAIT:
            pol = (w >> 7) & 1
            src = (w >> 5) & 3
            idx = w & 31
            if src == 2:
                if not commit:
                    return SYNC
                flag = self._irq_index(idx)
                if self.block.flag(flag) != pol:
                    self.stall_on = "irq"
                    return STALL
                if pol:
                    self.block.clear_flags(1 << flag)
            else:
                num = idx if src == 0 else ((cfg.in_base + idx) & 31 if src == 1 else (cfg.jmp_pin + (idx & 3)) & 31)
                if num >= len(self.gpio.pins) or self._pin(num, live) != pol:
                    self.stall_on = "pin"      # the pin's listener wakes us
                    return STALL
        elif op == IN:
            src = (w >> 5) & 7
            n = (w & 31) or 32
            push = cfg.autopush and min(self.isr_n + n, 32) >= cfg.push_thresh
            if push:
                if not commit:
                    return SYNC
                if len(self.rx) >= self.rx_cap:
                    self.stall_on = "rx"
                    return STALL
            data = (self._pins(cfg.in_base, n, live) if src == 0 else self._source(src, live)) & ((1 << n) - 1)
            if cfg.in_right:
                self.isr = ((self.isr >> n) | (data << (32 - n))) & MASK32 if n < 32 else data
            else:
                self.isr = ((self.isr << n) | data) & MASK32 if n < 32 else data
            self.isr_n = min(self.isr_n + n, 32)
            if push:
                self._push_isr()
        elif op == OUT:
            dest = (w >> 5) & 7
            n = (w & 31) or 32
            refill = cfg.autopull and self.osr_n >= cfg.pull_thresh
            if (refill or (dest in (0, 4) and cfg.out_count)) and not commit:
                return SYNC
            if refill:
                if not self.tx:
                    self.stall_on = "tx"
                    return STALL
                self._pull_osr()
            if cfg.out_right:
                data = self.osr & ((1 << n) - 1)
                self.osr = self.osr >> n if n < 32 else 0
            else:
                data = self.osr >> (32 - n)
                self.osr = (self.osr << n) & MASK32 if n < 32 else 0
            self.osr_n = min(self.osr_n + n, 32)
            if dest == 0:
                self._write(cfg.out_base, cfg.out_count, data, False)
            elif dest == 1:
                self.x = data
            elif dest == 2:
                self.y = data
            elif dest == 4:
                self._write(cfg.out_base, cfg.out_count, data, True)
            elif dest == 5:
                jump = data & 31
            elif dest == 6:
                self.isr = data
                self.isr_n = n
            elif dest == 7:
                return self._finish(forced, -1, 0, data & 0xFFFF)   # OUT EXEC: delay ignored
        elif op == PUSHPULL:
            if not commit:
                return SYNC
            flag_if = (w >> 6) & 1
            block = (w >> 5) & 1
            if not (w >> 7) & 1:   # PUSH
                if not (flag_if and self.isr_n < cfg.push_thresh):
                    if len(self.rx) >= self.rx_cap:
                        if block:
                            self.stall_on = "rx"
                            return STALL
                        self.isr = self.isr_n = 0   # noblock on a full FIFO: data lost, ISR cleared
                    else:
                        self._push_isr()
            elif not (flag_if and self.osr_n < cfg.pull_thresh):   # PULL
                if not self.tx:
                    if block:
                        self.stall_on = "tx"
                        return STALL
                    self.osr = self.x      # noblock on an empty FIFO: OSR = X
                    self.osr_n = 0
                else:
                    self._pull_osr()
        elif op == MOV:
            dest = (w >> 5) & 7
            mop = (w >> 3) & 3
            src = w & 7
            if (src == 5 or (dest in (0, 3) and cfg.out_count)) and not commit:
                return SYNC
            v = self._source(src, live) if src != 0 else self._pins(cfg.in_base, 32, live)
            if mop == 1:
                v = ~v & MASK32
            elif mop == 2:
                v = reverse32(v)
            if dest == 0:
                self._write(cfg.out_base, cfg.out_count, v, False)
            elif dest == 1:
                self.x = v
            elif dest == 2:
                self.y = v
            elif dest == 3:
                self._write(cfg.out_base, cfg.out_count, v, True)
            elif dest == 4:
                return self._finish(forced, -1, 0, v & 0xFFFF)       # MOV EXEC: delay ignored
            elif dest == 5:
                jump = v & 31
            elif dest == 6:
                self.isr = v
                self.isr_n = 0
            else:
                self.osr = v
                self.osr_n = 0
        elif op == IRQ:
            if not commit:
                return SYNC
            flag = self._irq_index(w & 31)
            block = self.block
            if self.irq_wait:
                if block.flag(flag):
                    self.stall_on = "irq"
                    return STALL
                self.irq_wait = False
            elif (w >> 6) & 1:
                block.clear_flags(1 << flag)
            else:
                block.set_flag(flag)
                if (w >> 5) & 1:
                    self.irq_wait = True
                    if block.flag(flag):
                        self.stall_on = "irq"
                        return STALL
                    self.irq_wait = False
        else:  # SET
            dest = (w >> 5) & 7
            data = w & 31
            if dest in (0, 4):
                if cfg.set_count:       # no SET pins configured: writes nothing anyone sees
                    if not commit:
                        return SYNC
                    self._write(cfg.set_base, cfg.set_count, data, dest == 4)
            elif dest == 1:
                self.x = data
            elif dest == 2:
                self.y = data
        return self._finish(forced, jump, delay, None)

    def _finish(self, forced, jump: int, delay: int, next_exec: int | None) -> int:
        self.stall_on = ""
        self.instructions += 1
        if jump >= 0:
            self.pc = jump
        elif forced is None:
            cfg = self.config
            self.pc = cfg.wrap_bottom if self.pc == cfg.wrap_top else (self.pc + 1) & 31
        self.exec_instr = next_exec
        self.k += 1 + delay
        return DONE

    def _source(self, src: int, live: bool) -> int:
        if src == 0:
            return self._pins(self.config.in_base, 32, live)
        if src == 1:
            return self.x
        if src == 2:
            return self.y
        if src == 5:   # STATUS: all ones when the selected FIFO level is below N
            cfg = self.config
            level = len(self.rx) if cfg.status_sel else len(self.tx)
            return MASK32 if level < cfg.status_n else 0
        if src == 6:
            return self.isr
        if src == 7:
            return self.osr
        return 0       # null and the reserved encodings

    def _push_isr(self) -> None:
        self.rx.append(self.isr)
        self.isr = self.isr_n = 0
        self.block.fifo_changed(self)

    def _pull_osr(self) -> None:
        self.osr = self.tx.popleft()
        self.osr_n = 0
        self.block.fifo_changed(self)

    def _irq_index(self, idx: int) -> int:
        """IRQ index with the REL modifier (bit 4: RP2040 REL, RP2350 IDXMODE=REL)."""
        if idx & 0x10:
            return (idx & 4) | ((idx + self.index) & 3)
        return idx & 7

    # -- countdown loops -----------------------------------------------------------------------
    def _fast_forward(self, reg: int, target: int, jmp_delay: int) -> None:
        """At ``jmp x--/y-- target`` with the counter > 1: skip whole loop iterations.

        The body (target .. this jmp) is walked once with the counter value the next iteration
        will see. It may hold nops, constant SETs of the other register and conditional jumps
        on values that stay fixed or on the counter (``!x``/``!y``, ``x!=y``); every iteration
        whose counter keeps those decisions takes the same path and cycles, so they are
        skipped together. Anything visible or state-changing ends the shortcut."""
        v = self.x if reg == 1 else self.y
        u = v - 1                         # what the next iteration's body sees
        other = self.y if reg == 1 else self.x
        other_set = None
        cfg = self.config
        instr = self.block.instr
        lo = 0                            # lowest counter value that keeps the same path
        cycles = 1 + jmp_delay
        a = target
        for _ in range(32):
            if a == self.pc:
                break
            w = instr[a]
            delay, _side, side_n = cfg.delay_side(w)
            if side_n:
                return
            op = w >> 13
            nxt = cfg.wrap_bottom if a == cfg.wrap_top else (a + 1) & 31
            if op == MOV:
                dest, mop, src = (w >> 5) & 7, (w >> 3) & 3, w & 7
                if not (dest == src and dest in (1, 2) and mop == 0):
                    return
            elif op == SET:
                dest = (w >> 5) & 7
                if dest not in (1, 2) or dest == reg:
                    return
                other = other_set = w & 31
            elif op == JMP:
                cond = (w >> 5) & 7
                if cond == 0:
                    take = True
                elif cond in (1, 3):
                    if (cond == 1) == (reg == 1):     # a zero test of the counter
                        if u == 0:
                            return
                        take = False
                        lo = max(lo, 1)
                    else:
                        take = other == 0
                elif cond == 5:
                    if u == other:
                        return
                    take = True
                    if u > other:
                        lo = max(lo, other + 1)
                elif cond == 7:
                    take = self.osr_n < cfg.pull_thresh
                else:
                    return                          # pin reads, other decrements
                nxt = (w & 31) if take else nxt
            else:
                return
            cycles += 1 + delay
            a = nxt
        else:
            return
        n = u - lo + 1
        if self.k_limit != NEVER:
            n = min(n, (self.k_limit - self.k) // cycles)
        if n <= 0:
            return
        if reg == 1:
            self.x = v - n
            if other_set is not None:
                self.y = other_set
        else:
            self.y = v - n
            if other_set is not None:
                self.x = other_set
        self.k += n * cycles
        self.instructions += n * 2
