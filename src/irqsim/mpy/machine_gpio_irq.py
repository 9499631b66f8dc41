"""The GPIO bank's interrupt for ``Pin.irq`` (ports/rp2/machine_pin.c gpio_irq): the hot path.

Its own module because it is the one piece of ``machine`` that runs once per edge: it
acknowledges each latched pin, then runs the hard handler or queues the soft one. The fused
single-edge shortcut is gpio_fast.py (installed by machine.py when this ISR owns the vector).
"""

from __future__ import annotations

from ..hw.gpio import EDGE_FALL, EDGE_RISE
from ..trace.log import Kind


def install_gpio_isr(port, Pin) -> tuple:
    """Register ``gpio_isr`` on the GPIO bank's vector; returns (vector, gpio_isr)."""
    cpu = port.cpu
    system = port.system
    gpio = system.gpio
    log = port.log
    timing = system.timing
    B = cpu.B
    pin_table = Pin._table
    latched_pins = gpio.latched_pins
    gpio_pins = gpio.pins
    gpio_names = gpio.names

    def gpio_isr():
        # Runs once per edge: locals instead of attribute chains, _busy and
        # gpio.acknowledge inlined, cpu.schedule called positionally.
        for num in (sorted(latched_pins) if len(latched_pins) > 1 else list(latched_pins)):  # gpio.latched()
            p = gpio_pins[num]  # events, edge_t = gpio.acknowledge(num), inlined
            events = p.latch
            if events == EDGE_RISE:
                edge_t = p.edge_t[EDGE_RISE]
            elif events == EDGE_FALL:
                edge_t = p.edge_t[EDGE_FALL]
            elif events:
                edge_t = min(p.edge_t[EDGE_RISE], p.edge_t[EDGE_FALL])
            else:
                edge_t = -1
            p.latch = 0
            latched_pins.discard(num)
            pin = pin_table.get(num)
            irq = pin._irq if pin is not None else None
            if irq is None or not (events & irq.trigger_mask) or irq.handler is None:
                continue
            irq._flags = events & irq.trigger_mask
            source = gpio_names[num]
            handler = irq.handler
            name = irq.name
            if irq._flags == EDGE_FALL | EDGE_RISE:
                # Both edge types latched: one handler call sees flags() == 12. Account the
                # second edge so that edges = handled + lost (+ pending) always holds.
                log.append((cpu.now(), Kind.LOST, source, "merged"))
            if irq.hard:
                cpu._busy(timing.hard_dispatch_ns)
                ok = cpu.run_hard(handler, pin, name, source, edge_t)
                cpu._busy(timing.hard_return_ns)
                if not ok:
                    pin._set_irq(None, 0, False)
            else:
                ns = timing.soft_isr_ns
                if ns:
                    B.n -= ns
                    if B.n < 0:
                        cpu.catch_up()
                if not cpu.schedule(handler, pin, "soft", name, source, edge_t):
                    log.append((cpu.now(), Kind.LOST, source, "queue"))

    return system.nvic.add(gpio.VECTOR, gpio_isr), gpio_isr
