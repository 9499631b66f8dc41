"""One PIO instruction at a time: what each opcode does to the SM's registers, FIFOs, pins and
IRQ flags, and whether it is visible (RP2350 datasheet §11.4, RP2040 §3.4).

Split from ``sm.py`` so that the instruction semantics can be read (and checked against the
datasheet) apart from the event-driven machinery that decides *when* they run. The mixin
works on the attributes ``StateMachineCore`` owns (registers, FIFOs, config, block, gpio) and
calls back into it for input pins (``_pin``/``_pins``) and the countdown shortcut.
"""

from __future__ import annotations

from .decode import IN, IRQ, JMP, MASK32, MOV, OUT, PUSHPULL, WAIT, reverse32

DONE, SYNC, STALL = 0, 1, 2   # _step results: executed / visible, stop run-ahead / stalled


class SmExecution:
    """Mixin of ``StateMachineCore``: instruction execution and the register/FIFO moves."""

    # -- pins out ------------------------------------------------------------------------------
    def _write(self, base: int, count: int, value: int, dirs: bool) -> None:
        if count:
            self.block.write_pins(self, base, count, value, dirs)

    # -- one instruction ------------------------------------------------------------------------
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
