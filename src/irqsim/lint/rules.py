"""The ISR-safety rules: one stable code each, with the reason and the fix.

The code families match the runtime's violation codes (``Port.violation``) so a finding
from ``irqsim lint`` and a violation from ``irqsim run`` name the same rule:
1xx heap allocation, 2xx stalls (print, sleeps), 3xx bus calls, 4xx the scheduler,
5xx handler structure, 6xx shared state. docs/lint.md renders this table for humans;
``irqsim lint --explain CODE`` prints one entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str     # "error": fails on the chip; "warning": works but misbehaves under load
    summary: str
    why: str
    fix: str


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("IRQ101", "alloc-in-hard-handler", "error",
         "heap allocation in a hard interrupt handler",
         "Hard handlers run with the heap locked (gc_lock in mp_irq_dispatch, shared/runtime/mpirq.c); "
         "any allocation raises MemoryError and the IRQ is disabled. On rp2 floats are boxed "
         "(MICROPY_OBJ_REPR_A, py/mpconfig.h), so `x / 58.0` allocates, as do string formatting, "
         "f-strings, new lists/tuples/dicts, bytearray(), str() and `self.method` used as a value.",
         "Keep the handler to integer arithmetic on preallocated objects: store the raw ticks and do the "
         "float maths in the main loop; preallocate buffers and bound methods (self._cb = self.cb) in __init__; "
         "or register the handler with hard=False."),
    Rule("IRQ201", "print-in-hard-handler", "warning",
         "print() in a hard interrupt handler",
         "print() on rp2 goes to USB-CDC; with the buffer full it waits up to 500 ms "
         "(shared/tinyusb/mp_usbd_cdc.c), blocking every other interrupt; formatting the text allocates.",
         "Set a flag or store the value in the handler and print from the main loop, or defer with "
         "micropython.schedule()."),
    Rule("IRQ202", "blocking-call-in-handler", "error",
         "blocking call (sleep, time_pulse_us) in an interrupt handler",
         "time.sleep*/time_pulse_us busy-wait or sleep inside the handler: a hard handler blocks every "
         "interrupt of equal or lower priority, a scheduled one blocks the main program and every other "
         "callback (the scheduler is locked while it runs, py/scheduler.c).",
         "Record a timestamp in the handler and let the main loop (or a Timer) do the waiting."),
    Rule("IRQ301", "bus-call-in-handler", "error",
         "I2C/SPI/UART call in an interrupt handler",
         "Bus drivers wait for their own DMA/FIFO interrupts; called from a handler they stall or deadlock.",
         "Set a flag in the handler and do the transfer in the main loop, or defer it with "
         "micropython.schedule() (the lesson's pattern)."),
    Rule("IRQ401", "schedule-from-scheduled-callback", "warning",
         "micropython.schedule() from a scheduled callback",
         "A scheduled callback (and, on rp2, a Pin/Timer handler registered without hard=True) already runs "
         "in the main thread; scheduling from it only queues another callback behind it, adds latency and "
         "raises RuntimeError('schedule queue full') when the 8 slots are used "
         "(MICROPY_SCHEDULER_DEPTH, ports/rp2/mpconfigport.h).",
         "Call the work directly, or register the handler with hard=True so that schedule() defers from a "
         "real interrupt."),
    Rule("IRQ501", "unbounded-loop-in-handler", "error",
         "loop without a bound in an interrupt handler",
         "`while True` in a handler runs until some other event ends it; nothing else runs meanwhile "
         "(other interrupts for a hard handler, the main program for a scheduled one).",
         "Handle one event per call and return; loop over a bounded count if you must drain a FIFO."),
    Rule("IRQ502", "global-without-declaration", "error",
         "module-level name assigned in a handler without `global`",
         "Without `global`, the assignment creates a local variable: the module flag the main loop polls "
         "never changes (or `count += 1` raises UnboundLocalError on every interrupt).",
         "Add `global name` at the top of the handler."),
    Rule("IRQ601", "torn-read-of-shared-state", "warning",
         "shared multi-variable state read on consecutive lines without a critical section",
         "A handler writes these variables together, but the main code reads them on separate lines; an "
         "interrupt between the lines mixes old and new values into a state that never existed (the lesson's "
         "low/high-byte example). A soft handler can only run at a branch opcode (py/vm.c), so for one "
         "registered with hard=False only a read split by a branch is reported.",
         "Read them between `state = machine.disable_irq()` and `machine.enable_irq(state)`, or let the "
         "handler publish a single combined variable."),
    Rule("IRQ602", "torn-read-observed", "error",
         "torn read observed by the race finder",
         "`irqsim races` fired the handler between the two reads and the main code saw a combination of "
         "values that no instant of the run ever held.",
         "As IRQ601: a critical section around the reads, or a single result variable."),
    # Runtime-only rules (reported by `irqsim run`, not by the static linter): budgets with
    # the measured figure. Defaults come from the board profile's [budgets] table.
    Rule("IRQ701", "handler-over-budget", "warning",
         "a handler ran longer than its budget",
         "A long hard handler delays every other interrupt; a long soft one backs up the scheduler "
         "queue (8 entries on rp2) until soft IRQs are dropped.",
         "Do the minimum in the handler (stamp a time, set a flag) and the rest in the main loop."),
    Rule("IRQ702", "critical-section-over-budget", "warning",
         "interrupts stayed disabled longer than the critical-section budget",
         "While PRIMASK is set, edges merge into one latch per event type and are lost, UART bytes can "
         "overflow, timers run late. The lesson: a few microseconds is fine; a millisecond is too long.",
         "Copy the shared values inside the critical section and do the work after enable_irq()."),
    Rule("IRQ703", "scheduler-queue-near-full", "warning",
         "the scheduler queue came within one entry of full",
         "A soft IRQ that finds the queue full is dropped silently (shared/runtime/mpirq.c), and "
         "schedule() raises RuntimeError.",
         "Make handlers cheaper, make the main loop reach branch points (and avoid GC pauses), or use "
         "hard=True with a minimal handler."),
    Rule("IRQ999", "syntax-error", "error",
         "the file could not be parsed",
         "The linter needs valid (Micro)Python syntax.",
         "Fix the syntax error."),
)}
