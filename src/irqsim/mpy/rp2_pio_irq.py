"""The PIOn_IRQ_0 handler behind ``PIO.irq()``/``StateMachine.irq()``.

Follows rp2_pio.c's pio_irq0: read INTS, acknowledge IRQ flags 0-3, then call the PIO's
handler and each state machine's, hard or scheduled (mp_irq_handler, shared/runtime/mpirq.c).
Split from ``rp2_pio.py`` because this is interrupt delivery (CPU time, the trace log, lost
edges), while the rest of that module is the Python API.
"""

from __future__ import annotations

from ..trace.log import Kind

ISR_CYCLES = 150           # pio_irq0: read INTS, acknowledge, scan 4 SM irq objects


def make_irq_handlers(port, sm_objects: dict):
    """Return (make_isr, on_flag) for one run; ``sm_objects`` maps SM ids to StateMachines."""
    cpu = port.cpu
    system = port.system
    log = port.log
    timing = system.timing
    isr_ns = system.board.cycles_to_ns(ISR_CYCLES)

    def dispatch(irq, parent, source: str, t: int):
        """mp_irq_handler: a hard handler runs now, a soft one is scheduled; ``t`` is the cause."""
        handler = irq.handler
        if handler is None:
            return
        name = irq.name
        if irq.hard:
            cpu._busy(timing.hard_dispatch_ns)
            ok = cpu.run_hard(handler, parent, name, source, t)
            cpu._busy(timing.hard_return_ns)
            if not ok:   # mp_irq_handler: trigger(parent, 0), handler = None
                irq._retrigger(0)
                irq.handler = None
        else:
            cpu._busy(timing.soft_isr_ns)
            if not cpu.schedule(handler, parent, "soft", name, source, t):
                log.append((cpu.now(), Kind.LOST, source, "queue"))

    def make_isr(block, pio_obj):
        def isr():
            cpu._busy(isr_ns)
            ints = block.ints()
            raised = (ints >> 8) & 0xFF
            times = [block.flag_t[i] for i in range(8) if raised >> i & 1]
            block.clear_flags(raised)                        # pio->irq = ints >> 8
            t_first = min(times) if times else system.kernel.now_ns
            irq = pio_obj._irq
            if irq is not None and ints & irq.trigger_mask:
                irq._flags = ints & irq.trigger_mask
                dispatch(irq, pio_obj, block.name, t_first)
            for i in range(4):
                sm = sm_objects.get(block.index * 4 + i)
                irq = sm._irq if sm is not None else None
                if irq is not None and (ints >> (8 + i)) & irq.trigger_mask:
                    irq._flags = 1
                    dispatch(irq, sm, f"SM{sm._id}", block.flag_t[i] if raised >> i & 1 else t_first)
            block.update_line()                              # a level: still asserted -> again
        return isr

    def on_flag(block):
        def note(index, merged):
            if index >= 4 or not block.inte0 >> (8 + index) & 1:
                return
            source = f"SM{block.index * 4 + index}"
            t = system.kernel.now_ns
            log.append((t, Kind.EDGE, source, index))
            if merged:
                log.append((t, Kind.LOST, source, "latch"))
        return note

    return make_isr, on_flag
