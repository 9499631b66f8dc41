"""The GPIO interrupt's fused path: one edge that queues a soft ``Pin.irq`` handler.

The common case of every event-dense run (an encoder or pulse train on one pin, a soft
handler): the vector is taken (Interrupts.take_interrupts), ``gpio_isr`` (mpy/machine_gpio_irq.py)
acknowledges the pin, and ``Cpu.schedule`` queues the handler, each step with its own
charges, records and countdown checks. When no event can fall due before the ISR returns
and the queue has room, those steps cannot interact, so :func:`install` gives the vector a
``fast`` path that does them in one call: the same records (ISR entry, SCHED, ISR exit)
with the same times, the same queue entry, the same countdown state afterwards. Anything
else (several latched pins, both edges merged, a hard handler, a full queue or a new
high-water mark, the scheduler locked, an event due inside the ISR, a stop pending)
returns False having touched nothing, and the general path runs. Checked byte for byte by benchmarks/golden_check.py.
"""

from __future__ import annotations

from ..trace.log import Kind

_ISR, _SCHED = Kind.ISR, Kind.SCHED


def install(cpu, gpio, pin_table: dict, log, timing, vec) -> None:
    """Give ``vec`` (the GPIO bank's vector, whose isr is gpio_isr (mpy/machine_gpio_irq.py)) its fused path."""
    B = cpu.B
    heap = cpu.k._heap
    sched = cpu.sched
    latched_pins = gpio.latched_pins
    gpio_pins = gpio.pins
    gpio_names = gpio.names
    append = log.append
    entry_ns = timing.entry_ns
    soft_ns = timing.soft_isr_ns
    exit_ns = timing.exit_ns
    isr_ns = entry_ns + soft_ns
    vec_name = vec.name
    pending = cpu.nvic.pending

    def gpio_soft_fast() -> bool:
        if len(latched_pins) != 1 or cpu.stopped is not None or cpu.sched_lock or cpu.in_gc:
            return False
        depth = len(sched) + 1
        if depth > cpu.sched_depth or depth > cpu.sched_high_water:
            # a full queue (DROP and LOST records) or a new high-water mark (the port's
            # on_queue_depth observer may record a violation at now()): the general path
            return False
        (num,) = latched_pins           # the one latched pin (checked above)
        p = gpio_pins[num]
        events = p.latch
        pin = pin_table.get(num)
        irq = pin._irq if pin is not None else None
        if irq is None or irq.hard or irq.handler is None or not (events & irq.trigger_mask):
            return False
        flags = events & irq.trigger_mask
        if flags != events or events & (events - 1):
            return False  # both edges latched (flags 12, a LOST "merged" record)
        n = B.n
        if n < isr_ns:
            return False  # an event falls due during entry or gpio_isr: catch_up's business
        t2 = cpu.t_next - n + isr_ns    # after entry and gpio_isr's charges
        t3 = t2 + exit_ns
        if exit_ns:
            # the exit charge's countdown check (take_interrupts): nothing due by then
            if heap:
                head = heap[0]
                if head[3] is None or head[0] <= t3:
                    return False
        # -- from here on, the general path's effects in its order ---------------------------
        pending.pop()                   # nvic.take
        cpu.isr_count += 1
        append((t2 - soft_ns, _ISR, vec_name, 1))
        p.latch = 0                     # gpio.acknowledge
        latched_pins.discard(num)
        irq._flags = flags
        name = irq.name
        sched.append((irq.handler, pin, "soft", name, gpio_names[num], p.edge_t[events]))
        append((t2, _SCHED, name, depth))
        append((t2, _ISR, vec_name, 0))
        if not cpu.sched_runnable:
            # schedule's forcing (t_next = now, B.n = 0), then the exit charge re-armed
            cpu.sched_runnable = True
            cpu.t_next = t3
            B.n = 0
        else:
            n -= isr_ns + exit_ns
            if n < 0:
                cpu.t_next = t3
                B.n = 0
            else:
                B.n = n
        return True

    vec.fast = gpio_soft_fast
