"""``rp2.PIO`` and ``rp2.StateMachine`` on the simulated PIO (``hw/pio``).

Follows ports/rp2/rp2_pio.c (MicroPython v1.29 preview): argument parsing and messages,
the program list written by ``asm_pio`` (offsets per PIO filled in by ``add_program``), the
clock divider ``clk_sys * 256 / freq`` checked against 1..65536, pin initialisation from
out_init/set_init/sideset_init, the blocking FIFO calls that run scheduled callbacks while they
wait (mp_event_handle_nowait), and the PIOn_IRQ_0 handler that acknowledges IRQ flags 0-3 and
calls the PIO's and the state machines' handlers, hard or scheduled (shared/runtime/mpirq.c).

This module is the Python API (the two classes and their C costs); argument conversion lives
in ``rp2_pio_args.py``, the init-arguments-to-registers translation in ``rp2_pio_config.py``
and the interrupt handler in ``rp2_pio_irq.py``.
"""

from __future__ import annotations

from ..hw.gpio import FUNC_NULL
from ..hw.pio import PioSystem, SmConfig
from ..kernel.core import NEVER
from .irq import MpIrq
from .rp2_asm import PROG_OFFSET_PIO0, encode
from .rp2_pio_args import as_int, get_prog, handler_name, irq_args, pin_number, words_of
from .rp2_pio_config import SM_INIT_ARGS, clock_divider, init_values, sm_registers
from .rp2_pio_irq import ISR_CYCLES, make_irq_handlers

__all__ = ["CALL_CYCLES", "EXEC_STR_CYCLES", "INIT_CYCLES", "ISR_CYCLES", "POST_CYCLES",
           "SM_INIT_ARGS", "WORD_CYCLES", "make_pio"]

# C work per call (argument parsing, SDK register access); estimates of the order of the
# board's Pin calls, not calibrated against hardware yet (docs/pio.md).
CALL_CYCLES = 400          # put/get/exec/active/rx_fifo ... up to the register access
POST_CYCLES = 100          # after it: return to the VM (an IRQ it raised is taken here)
INIT_CYCLES = 4000         # StateMachine.init: program load, config, pin setup
WORD_CYCLES = 60           # per word of a buffer put/get
# exec() with a str imports rp2 and runs asm_pio_encode, which compiles the text with exec():
# the compiler, a PIOASMEmit and a pass. Estimate (~0.4 ms at 150 MHz), not calibrated.
EXEC_STR_CYCLES = 60_000


def make_pio(port):
    """Return (PIO, StateMachine, PioSystem) for one run."""
    cpu = port.cpu
    system = port.system
    board = system.board
    ns = board.cycles_to_ns
    call_ns = port.call_ns.get("pio_call", ns(CALL_CYCLES))
    init_ns = port.call_ns.get("pio_init", ns(INIT_CYCLES))
    word_ns = ns(WORD_CYCLES)
    post_ns = ns(POST_CYCLES)
    platform = board.raw.get("platform", {})
    n_blocks = int(platform.get("pio_blocks", 2))
    slots = int(platform.get("pio_instruction_slots", 32))
    hw = PioSystem(n_blocks, system.kernel, system.gpio, system.nvic, board.clock_hz,
                   flag_bits=8 if "2350" in board.chip else 4, slots=slots)
    n_gpio = board.gpio_count

    def charge(ns_):
        cpu.charge(ns_)
        cpu.sync()

    def done(result=None):
        cpu.charge(post_ns)
        return result

    # -- rp2.PIO -----------------------------------------------------------------------------
    class PIO:
        IN_LOW = 0
        IN_HIGH = 1
        OUT_LOW = 2
        OUT_HIGH = 3
        SHIFT_LEFT = 0
        SHIFT_RIGHT = 1
        JOIN_NONE = 0
        JOIN_TX = 1
        JOIN_RX = 2
        IRQ_SM0 = 0x100
        IRQ_SM1 = 0x200
        IRQ_SM2 = 0x400
        IRQ_SM3 = 0x800

        _objects: dict = {}

        def __new__(cls, id, *args, **kwargs):
            if args or kwargs:
                raise TypeError("function takes 1 positional arguments but %d were given" % (1 + len(args)))
            pio_id = as_int(id)
            if not 0 <= pio_id < n_blocks:
                raise ValueError("invalid PIO")
            self = cls._objects.get(pio_id)
            if self is None:
                self = object.__new__(cls)
                self._id = pio_id
                self._block = hw.blocks[pio_id]
                self._irq = None
                self._block.on_flag = on_flag(self._block)
                system.nvic.add(self._block.vector, make_isr(self._block, self))
                cls._objects[pio_id] = self
            return self

        def __init__(self, id, *args, **kwargs):
            pass

        def add_program(self, prog):
            charge(call_ns)
            self._add(get_prog(prog))

        def _add(self, prog) -> int:
            words = words_of(prog)
            block = self._block
            offset = block.find_offset(len(words)) if len(words) <= slots else None
            if offset is None:
                raise OSError(12)   # MP_ENOMEM: pio_can_add_program failed
            block.load(words, offset)
            prog[PROG_OFFSET_PIO0 + self._id] = offset
            return offset

        def remove_program(self, prog=None):
            charge(call_ns)
            length, offset = 32, 0
            if prog is not None:
                prog = get_prog(prog)
                length = len(words_of(prog))
                offset = as_int(prog[PROG_OFFSET_PIO0 + self._id])
                if offset < 0:
                    raise ValueError("prog not in instruction memory")
                prog[PROG_OFFSET_PIO0 + self._id] = -1
            self._block.unload(length, offset)

        def state_machine(self, id, *args, **kwargs):
            charge(call_ns)
            sm_id = as_int(id)
            if not 0 <= sm_id < 4:
                raise ValueError("invalid StateMachine")
            sm = StateMachine._get(self._id * 4 + sm_id)
            if args or kwargs:
                sm._init(*args, **kwargs)
            return sm

        def irq(self, *args, **kwargs):
            """PIO.irq(handler=None, trigger=IRQ_SM0|IRQ_SM1|IRQ_SM2|IRQ_SM3, hard=False)"""
            charge(port.call_ns.get("irq_config", call_ns))
            block = self._block
            if self._irq is None:
                self._irq = MpIrq(self, self._retrigger)
            irq = self._irq
            if not args and not kwargs:
                return irq
            handler, trigger, hard = irq_args(args, kwargs, 0xF00)
            irq.handler = handler
            irq.hard = bool(hard)
            irq._flags = 0
            irq.trigger_mask = as_int(trigger)
            irq.name = handler_name(handler, self._block.name)
            if handler is not None:
                block.inte0 = irq.trigger_mask
                port.irq_objects.append(("pio", block.name, handler, irq.hard))
                block.update_line()
            return irq

        def _retrigger(self, mask):
            self._irq._flags = 0
            self._irq.trigger_mask = mask

        def __repr__(self):
            return "PIO(%u)" % self._id

    # -- rp2.StateMachine ------------------------------------------------------------------------
    class StateMachine:
        _objects: dict = {}

        def __new__(cls, id, *args, **kwargs):
            return cls._get(as_int(id))

        @classmethod
        def _get(cls, sm_id):
            if not 0 <= sm_id < 4 * n_blocks:
                raise ValueError("invalid StateMachine")
            self = cls._objects.get(sm_id)
            if self is None:
                self = object.__new__(cls)
                self._id = sm_id
                self._pio = PIO(sm_id // 4)
                self._core = self._pio._block.sms[sm_id % 4]
                self._irq = None
                self._initial_pc = 0
                self._pinctrl = 0
                self._execctrl = 0
                cls._objects[sm_id] = self
            return self

        def __init__(self, id, *args, **kwargs):
            if args or kwargs:
                self._init(*args, **kwargs)

        def init(self, *args, **kwargs):
            self._init(*args, **kwargs)

        def _init(self, *args, **kwargs):
            cpu.charge(init_ns)
            values = init_values(args, kwargs)
            prog = get_prog(values["prog"])
            freq = as_int(values.get("freq", -1))
            pio = self._pio
            offset = as_int(prog[PROG_OFFSET_PIO0 + pio._id])
            if offset < 0:
                offset = pio._add(prog)
            self._initial_pc = offset
            div_int, div_frac = clock_divider(board.clock_hz, freq)
            execctrl, shiftctrl, pinctrl, out, set_, side = sm_registers(port, prog, offset, values)
            jmp_pin = values.get("jmp_pin")
            cpu.sync()
            core = self._core
            core.reset(offset)           # pio_sm_init: disabled, FIFOs cleared, restarted
            core.configure(SmConfig.from_registers(execctrl, shiftctrl, pinctrl), div_int, div_frac)
            core.reset(offset)           # FIFO depths follow the join just configured
            self._pinctrl = pinctrl
            self._execctrl = execctrl
            block = pio._block
            for base, count, dirs, vals in (out, set_, side):
                if base >= 0 and count:
                    block.write_pins(core, base, count, vals, False)
                    block.write_pins(core, base, count, dirs, True)
                    for i in range(count):
                        num = (base + i) & 31
                        if num < n_gpio:
                            block.set_function(num)   # pio_gpio_init (rp2_pio.c)
            if jmp_pin is not None and "2350" in board.chip:
                # rp2_pio.c: an RP2350 jmp pin whose pad is still isolated (no function since
                # reset) gets pio_gpio_init; irqsim reads "isolated" as FUNCSEL still NULL
                num = pin_number(port, jmp_pin)
                if num < n_gpio and block.gpio.pins[num].func == FUNC_NULL:
                    block.set_function(num)

        def active(self, *args):
            charge(call_ns)
            if len(args) > 1:
                raise TypeError("function takes 2 positional arguments but %d were given" % (len(args) + 1))
            if args:
                self._core.set_enabled(bool(args[0]))
            return done(self._core.enabled)

        def restart(self):
            charge(call_ns)
            self._core.restart(self._initial_pc)
            done()

        def exec(self, instr):
            charge(call_ns)
            if isinstance(instr, int) and not isinstance(instr, bool):
                word = instr
            elif isinstance(instr, str):
                word = encode(instr, self._pinctrl >> 29, self._execctrl >> 30 & 1, port.builtins)
                port.alloc(200, "asm_pio_encode")   # the emitter, its program list, the code object
                charge(ns(EXEC_STR_CYCLES))
            else:
                raise TypeError("can't convert %s to int" % type(instr).__name__)
            self._core.execute(word & 0xFFFF)
            done()

        def get(self, buf=None, shift=0):
            charge(call_ns)
            shift = as_int(shift)
            core = self._core
            if buf is None:
                self._wait(lambda: core.rx)
                return done(core.get() >> shift)
            try:
                view = memoryview(buf)
            except TypeError:
                raise TypeError("object with buffer protocol required") from None
            if view.readonly:
                raise TypeError("object with buffer protocol required")
            code = "b" if isinstance(buf, bytearray) else view.format.lower()
            size = {"b": 1, "h": 2, "i": 4}.get(code)
            if size is None or view.itemsize != size:
                raise ValueError("unsupported buffer type")
            n = len(view)
            signed = view.format in ("b", "h", "i")
            mask = (1 << (8 * size)) - 1
            for i in range(n):
                self._wait(lambda: core.rx)
                value = (core.get() >> shift) & mask
                if signed and value >> (8 * size - 1):
                    value -= 1 << (8 * size)
                view[i] = value
                if i:
                    cpu.charge(word_ns)
            return done(buf)

        def put(self, value, shift=0):
            charge(call_ns)
            shift = as_int(shift)
            if isinstance(value, (bytes, bytearray, memoryview)) or hasattr(value, "typecode"):
                view = memoryview(value)
                code = "B" if isinstance(value, (bytes, bytearray)) else view.format
                if code not in ("B", "H", "I") or view.itemsize not in (1, 2, 4):
                    raise ValueError("unsupported buffer type")
                items = view.tolist()
            else:
                if isinstance(value, float):
                    raise TypeError("can't convert float to int")
                items = [as_int(value) & 0xFFFF_FFFF]
            core = self._core
            full = lambda: len(core.tx) < core.tx_cap  # noqa: E731
            for i, item in enumerate(items):
                if i:
                    cpu.charge(word_ns)
                self._wait(full)
                core.put((item << shift) & 0xFFFF_FFFF)
            done()

        def _wait(self, ready):
            """Spin with mp_event_handle_nowait() until ``ready()``: callbacks run meanwhile."""
            if ready():
                return
            if cpu.depth:
                port.violation("IRQ202", "StateMachine.put()/get() in an interrupt handler spins until the "
                               "state machine moves its FIFO", severity="error" if cpu.hard_depth else "warning")
            cpu.wait_until(NEVER, run_callbacks=True, idle=False, until=ready)

        def rx_fifo(self):
            charge(call_ns)
            return len(self._core.rx)

        def tx_fifo(self):
            charge(call_ns)
            return len(self._core.tx)

        def irq(self, *args, **kwargs):
            """StateMachine.irq(handler=None, trigger=1, hard=False)"""
            charge(port.call_ns.get("irq_config", call_ns))
            if self._irq is None:
                self._irq = MpIrq(self, self._retrigger)
            irq = self._irq
            if not args and not kwargs:
                return irq
            handler, trigger, hard = irq_args(args, kwargs, 1)
            irq.handler = handler
            irq.hard = bool(hard)
            irq._flags = 0
            irq.trigger_mask = as_int(trigger)
            irq.name = handler_name(handler, f"SM{self._id}")
            block = self._pio._block
            bit = 1 << (8 + self._id % 4)
            if handler is None:
                block.inte0 &= ~bit
            else:
                block.inte0 |= bit
                port.irq_objects.append(("pio", f"SM{self._id}", handler, irq.hard))
            block.update_line()
            return irq

        def _retrigger(self, mask):
            # rp2_state_machine_irq_trigger indexes the irq objects by the PIO's index, not the
            # state machine's (ports/rp2/rp2_pio.c): kept as the firmware sees it.
            target = StateMachine._objects.get(self._pio._id)
            irq = target._irq if target is not None else None
            if irq is not None:
                irq._flags = 0
                irq.trigger_mask = mask

        def __repr__(self):
            return "StateMachine(%u)" % self._id

    make_isr, on_flag = make_irq_handlers(port, StateMachine._objects)

    return PIO, StateMachine, hw
