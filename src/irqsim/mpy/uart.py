"""``machine.UART`` for the rp2 port, driving the PL011 model in ``hw/pl011.py``.

Follows ports/rp2/machine_uart.c (MicroPython v1.29 preview): two static UART objects with
default pins UART0 TX=GP0/RX=GP1, UART1 TX=GP4/RX=GP5; 256-byte ring buffers (rxbuf/txbuf)
between the firmware and the 32-entry hardware FIFOs; one interrupt service per UART
(UART0_IRQ / UART1_IRQ) that drains the RX FIFO (at most 23 bytes per entry), refills the TX
FIFO, and calls the user's handler when a trigger fires: IRQ_RXIDLE (0x40, the PL011
receive timeout), IRQ_TXIDLE (0x20, the TX FIFO falling to 4 entries with the ring buffer
empty, i.e. ~5 characters before the end), IRQ_BREAK (0x200). There is no IRQ_RX on rp2.
read()/write() block by polling ms ticks against ``timeout``/``timeout_char`` while running
scheduled callbacks (mp_event_handle_nowait), as the C code does.
"""

from __future__ import annotations

from collections import deque

from ..hw.pl011 import BEIS, RTIS, RXIS, TXIS, Pl011
from ..trace.log import Kind
from .irq import MpIrq
from .machine_args import pin_number as _pin_number

DEFAULT_PINS = {0: (0, 1), 1: (4, 5)}      # MICROPY_HW_UART{0,1}_{TX,RX}
DEFAULT_BUFFER = 256                         # DEFAULT_BUFFER_SIZE
MIN_BUFFER = 32                              # MIN_BUFFER_SIZE
DRAIN_PER_IRQ = 24 - 1                       # UART_FIFO_TRIGGER_LEVEL_RX - 1
ALLOWED_TRIGGERS = RTIS | TXIS | BEIS        # MP_UART_ALLOWED_FLAGS
# C work per call and per byte (argument parsing, stream layer, ring buffer). Estimates of the
# same order as Pin calls in the board profile; not calibrated against hardware yet.
CALL_CYCLES = 900
BYTE_CYCLES = 40
ISR_CYCLES = 300


def make_uart(port):
    cpu = port.cpu
    system = port.system
    board = system.board
    kernel = system.kernel
    log = port.log
    timing = system.timing
    ns = board.cycles_to_ns
    call_ns = port.call_ns.get("uart_call", ns(CALL_CYCLES))
    byte_ns = port.call_ns.get("uart_byte", ns(BYTE_CYCLES))
    isr_ns = ns(ISR_CYCLES)
    rp2350 = "2350" in board.chip

    def valid_periph(uart_id, pin):
        return (((pin + 4) & 8) >> 3) == uart_id

    def valid_tx(uart_id, pin):
        ok = (pin & 1) == 0 if rp2350 else (pin & 3) == 0
        return ok and valid_periph(uart_id, pin)

    def valid_rx(uart_id, pin):
        ok = (pin & 1) == 1 if rp2350 else (pin & 3) == 1
        return ok and valid_periph(uart_id, pin)

    def pin_number(obj) -> int:
        return _pin_number(port, obj)

    class UART:
        IRQ_RXIDLE = RTIS
        IRQ_TXIDLE = TXIS
        IRQ_BREAK = BEIS
        CTS = 1
        RTS = 2
        INV_TX = 1
        INV_RX = 2

        _instances: dict = {}

        def __new__(cls, id, *args, **kwargs):
            if isinstance(id, bool) or not isinstance(id, int):
                raise TypeError("can't convert %s to int" % type(id).__name__)
            if id not in (0, 1):
                raise ValueError("UART(%d) doesn't exist" % id)
            self = cls._instances.get(id)
            if self is None:
                self = object.__new__(cls)
                self._id = id
                self._hw = Pl011(id, kernel, system.gpio, cpu.sync, board.clock_hz, lambda: self._pend())
                self._vector = f"UART{id}_IRQ"
                system.nvic.add(self._vector, self._isr)
                self._baud = 0
                self._bits = 8
                self._parity = None
                self._stop = 1
                self._tx, self._rx = DEFAULT_PINS[id]
                self._timeout = 0
                self._timeout_char = 0
                self._irq = None
                self._rxbuf_len = self._txbuf_len = DEFAULT_BUFFER
                self.transmitted = bytearray()   # every byte the firmware sent (for tests)
                cls._instances[id] = self
            return self

        def __init__(self, id, *args, **kwargs):
            cpu.charge(call_ns)
            self._rxbuf_len = self._txbuf_len = DEFAULT_BUFFER
            self._ring_rx: deque[int] = deque()
            self._ring_tx: deque[int] = deque()
            self._irq = None
            self._init(*args, **kwargs)

        def init(self, *args, **kwargs):
            cpu.charge(call_ns)
            self._init(*args, **kwargs)

        def _init(self, baudrate=0, bits=0, parity=-1, stop=0, *, tx=None, rx=None, cts=None, rts=None,
                  txbuf=-1, rxbuf=-1, timeout=-1, timeout_char=-1, invert=-1, flow=-1):
            if baudrate > 0:
                self._baud = int(baudrate)
            if bits > 0:
                self._bits = int(bits)
            if parity != -1:
                self._parity = None if parity is None else (int(parity) & 1)
            if stop > 0:
                self._stop = int(stop)
            if tx is not None:
                num = pin_number(tx)
                if not valid_tx(self._id, num):
                    raise ValueError("bad TX pin")
                self._tx = num
            if rx is not None:
                num = pin_number(rx)
                if not valid_rx(self._id, num):
                    raise ValueError("bad RX pin")
                self._rx = num
            if timeout >= 0:
                self._timeout = int(timeout)
            if timeout_char >= 0:
                self._timeout_char = int(timeout_char)
            for value, name in ((rxbuf, "_rxbuf_len"), (txbuf, "_txbuf_len")):
                if value > 0:
                    if value > 32766:
                        raise ValueError(("rxbuf" if name == "_rxbuf_len" else "txbuf") + " too large")
                    setattr(self, name, max(int(value), MIN_BUFFER))
            if self._baud == 0:
                self._baud = 115200
                self._timeout_char = 0
            # "timeout_char is at least as long as a whole character (13 bits to be safe)"
            self._timeout_char = max(self._timeout_char, 13000 // self._baud + 1)
            cpu.sync()
            self._hw.configure(self._baud, self._bits, self._parity, self._stop, self._tx, self._rx)
            self._hw.imsc = RXIS | RTIS | TXIS   # uart_set_irq_enables(uart, true, true)
            self._set_levels()

        def deinit(self):
            cpu.charge(call_ns)
            self._wait(lambda: self._hw.tx_idle(), 1 << 60, callbacks=False)   # uart_tx_wait_blocking
            self._hw.detach()
            self._baud = 0

        def _set_levels(self):
            trig = self._irq.trigger_mask if self._irq is not None else 0
            hw = self._hw
            hw.rx_level = 24 if trig & RTIS else 4
            hw.imsc = (hw.imsc | BEIS) if trig & BEIS else (hw.imsc & ~BEIS)

        def __repr__(self):
            trig = self._irq.trigger_mask if self._irq is not None else 0
            par = "None" if self._parity is None else str(self._parity)
            return (f"UART({self._id}, baudrate={self._hw.baud if self._hw.enabled else self._baud}, "
                    f"bits={self._bits}, parity={par}, stop={self._stop}, tx={self._tx}, rx={self._rx}, "
                    f"txbuf={self._txbuf_len}, rxbuf={self._rxbuf_len}, timeout={self._timeout}, "
                    f"timeout_char={self._timeout_char}, invert=None, irq={trig})")

        # -- interrupt service (uart_service_interrupt) ----------------------------------
        def _pend(self):
            self._irq_t = cpu.now()
            system.nvic.pend(self._vector)

        def _drain(self, max_items):
            hw = self._hw
            while hw.rx_readable() and len(self._ring_rx) < self._rxbuf_len and max_items > 0:
                value, is_break = hw.read_fifo()
                max_items -= 1
                if is_break:
                    continue   # the zero byte of a break is not data
                self._ring_rx.append(value)

        def _fill(self):
            hw = self._hw
            while hw.tx_writable() and self._ring_tx:
                hw.write_byte(self._ring_tx.popleft())

        def _isr(self):
            hw = self._hw
            cpu._busy(isr_ns)
            flags = hw.mis & (RXIS | RTIS)
            if flags:
                hw.clear(~(TXIS | BEIS))
                before = len(self._ring_rx)
                self._drain(DRAIN_PER_IRQ)
                cpu._busy(byte_ns * (len(self._ring_rx) - before))
                hw.rearm_timeout()
            if hw.mis & TXIS:
                hw.clear(TXIS)
                if not self._ring_tx:
                    flags |= TXIS
                else:
                    self._fill()
            if hw.mis & BEIS:
                hw.clear(BEIS)
                flags |= BEIS
            irq = self._irq
            if irq is None or irq.handler is None or not (irq.trigger_mask & flags):
                return
            irq._flags = flags
            source = f"UART{self._id}"
            handler = irq.handler
            name = getattr(handler, "__qualname__", None) or getattr(handler, "__name__", None) or source
            cause = getattr(self, "_irq_t", cpu.now())
            if irq.hard:
                cpu._busy(timing.hard_dispatch_ns)
                ok = cpu.run_hard(handler, self, name, source, cause)
                cpu._busy(timing.hard_return_ns)
                if not ok:
                    irq.handler = None
            else:
                cpu._busy(timing.soft_isr_ns)
                if not cpu.schedule(handler, self, kind="soft", name=name, source=source, cause_t=cause):
                    log.append((cpu.now(), Kind.LOST, source, "queue"))

        def irq(self, *args, **kwargs):
            """UART.irq(handler=None, trigger=0, hard=False)"""
            cpu.charge(port.call_ns.get("irq_config", call_ns))
            if self._irq is None:
                self._irq = MpIrq(self, self._retrigger_irq)
            if args or kwargs:
                extra = set(kwargs) - {"handler", "trigger", "hard"}
                if extra:
                    raise TypeError("extra keyword arguments given")
                values = dict(zip(("handler", "trigger", "hard"), args, strict=False))
                values.update(kwargs)
                handler = values.get("handler")
                trigger = int(values.get("trigger", 0))
                if handler is not None and not callable(handler):
                    raise ValueError("handler must be None or callable")
                unsupported = trigger & ~ALLOWED_TRIGGERS
                if trigger and unsupported:
                    raise ValueError("trigger 0x%04x unsupported" % unsupported)
                self._irq.handler = handler
                self._irq.hard = bool(values.get("hard", False))
                self._irq.trigger_mask = trigger
                self._set_levels()
                if handler is not None:
                    port.irq_objects.append(("uart", f"UART{self._id}", handler, self._irq.hard))
            return self._irq

        def _retrigger_irq(self, mask):
            self._irq.trigger_mask = mask
            self._set_levels()

        # -- blocking helpers ------------------------------------------------------------
        def _wait(self, cond, timeout_ms, callbacks=True):
            """Poll ``cond`` until ``ticks_ms() - start > timeout_ms``; True when it held."""
            start_ms = cpu.now() // 1_000_000
            deadline = (start_ms + timeout_ms + 1) * 1_000_000
            return cpu.wait_until(deadline, run_callbacks=callbacks, idle=False, until=cond)

        def _read_into(self, size):
            """mp_machine_uart_read: None (EAGAIN) or the bytes read before a timeout."""
            out = bytearray()
            timeout = self._timeout
            hw = self._hw
            for _ in range(size):
                if not self._ring_rx:
                    if hw.rx_readable():
                        self._drain(33)
                    elif not self._wait(lambda: bool(self._ring_rx) or hw.rx_readable(), timeout):
                        break
                    if not self._ring_rx:
                        self._drain(33)
                out.append(self._ring_rx.popleft())
                timeout = self._timeout_char
            cpu.charge(byte_ns * len(out))
            return bytes(out) if out else None

        # -- stream methods --------------------------------------------------------------
        def any(self):
            cpu.charge(call_ns)
            self._drain(33)
            return len(self._ring_rx)

        def read(self, nbytes=-1):
            cpu.charge(call_ns)
            if nbytes is None or nbytes < 0:
                chunks = bytearray()
                while True:
                    got = self._read_into(256)
                    if got is None:
                        break
                    chunks += got
                port.alloc(len(chunks) + 16, "bytes from UART.read()")
                return bytes(chunks) if chunks else None
            got = self._read_into(nbytes)
            if got is not None:
                port.alloc(len(got) + 16, "bytes from UART.read()")
            return got

        def readinto(self, buf, nbytes=-1):
            cpu.charge(call_ns)
            n = len(buf) if nbytes is None or nbytes < 0 else min(nbytes, len(buf))
            got = self._read_into(n)
            if got is None:
                return None
            buf[:len(got)] = got
            return len(got)

        def readline(self):
            """py/stream.c stream_unbuffered_readline: one byte at a time, to b'\\n'."""
            cpu.charge(call_ns)
            line = bytearray()
            while True:
                got = self._read_into(1)
                if got is None:
                    break
                line += got
                if got == b"\n":
                    break
            if not line:
                return None
            port.alloc(len(line) + 16, "bytes from UART.readline()")
            return bytes(line)

        def write(self, buf):
            cpu.charge(call_ns)
            if isinstance(buf, str):
                data = buf.encode()
            else:
                data = bytes(buf)
            if cpu.hard_depth:
                port.violation("IRQ301", "UART.write() in a hard interrupt handler: it blocks when "
                               "the TX buffer is full", severity="warning")
            self.transmitted += data
            i = 0
            cpu.sync()
            while i < len(data) and len(self._ring_tx) < self._txbuf_len:
                self._ring_tx.append(data[i])
                i += 1
            self._fill()
            timeout = self._timeout
            while i < len(data):
                if not self._wait(lambda: len(self._ring_tx) < self._txbuf_len, timeout):
                    break
                self._ring_tx.append(data[i])
                i += 1
                timeout = self._timeout_char
                cpu.sync()
                self._fill()
            cpu.charge(byte_ns * i)
            if i < len(data):
                del self.transmitted[len(self.transmitted) - (len(data) - i):]
            if i == 0 and data:
                return None
            return i

        def txdone(self):
            cpu.charge(call_ns)
            cpu.sync()
            return not self._ring_tx and self._hw.tx_idle()

        def flush(self):
            cpu.charge(call_ns)
            # MP_STREAM_FLUSH: (33 + txbuf) * 13 bit times * 2 worst case, then ETIMEDOUT
            limit_ns = (33 + self._txbuf_len + 1) * 13 * 2 * 1_000_000_000 // self._baud
            done = cpu.wait_until(cpu.now() + limit_ns, run_callbacks=True, idle=False,
                                  until=lambda: not self._ring_tx and self._hw.tx_idle())
            if not done:
                from .vfs_file import mp_oserror

                raise mp_oserror(110)   # MP_ETIMEDOUT, printed "[Errno 110] ETIMEDOUT"

        def sendbreak(self):
            cpu.charge(call_ns)
            t = cpu.sync()
            duration_ns = (13_000_000 // self._baud + 1) * 1000
            self._hw.send_break(duration_ns)
            cpu.wait_until(t + duration_ns, run_callbacks=False, idle=False)   # mp_hal_delay_us

    return UART
