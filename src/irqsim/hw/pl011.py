"""The RP2350's UART (an Arm PL011): 32-entry FIFOs, a shift register, interrupt status bits.

What is modelled (Arm PrimeCell UART PL011 TRM r1p5, "Interrupts"; RP2350 datasheet 12.1):
- TX: bytes written to the FIFO leave through the shift register one frame at a time on
  the TX wire. TXRIS is set when the FIFO level falls *through* the TX trigger level
  (pico-sdk uart_set_irqs_enabled: 1/8 = 4 entries).
- RX: frames sampled from the RX wire enter the FIFO. RXRIS is set when the level rises
  through the RX trigger level (1/8 = 4, or 3/4 = 24 with IRQ_RXIDLE on MicroPython rp2);
  RTRIS (receive timeout) when the FIFO is not empty and no frame has arrived for 32 bit
  periods; a full FIFO drops the new byte (overrun). A break (line low for a whole frame)
  queues a zero byte flagged BE and sets BERIS.
The MicroPython driver (``mpy/uart.py``) owns the ring buffers and the interrupt service.
"""

from __future__ import annotations

from collections import deque

from .gpio import FUNC_UART, FUNC_UART_AUX
from .serial_line import FrameFormat, LineRx, LineTx, pl011_bit_ns

FIFO_DEPTH = 32
RXIS, TXIS, RTIS, BEIS = 0x10, 0x20, 0x40, 0x200  # UARTRIS bit positions (also MicroPython's trigger values)
RX_TIMEOUT_BITS = 32                               # PL011 TRM: receive timeout after 32 bit periods


class Pl011:
    def __init__(self, index: int, kernel, gpio, clock, clk_peri_hz: int, on_irq) -> None:
        self.index = index
        self.name = f"uart{index}"
        self.k = kernel
        self.gpio = gpio
        self.clock = clock            # syncs and returns the CPU's time
        self.clk_peri_hz = clk_peri_hz
        self.on_irq = on_irq          # pends the NVIC vector
        self.tx_fifo: deque[int] = deque()
        self.rx_fifo: deque[tuple[int, bool]] = deque()  # (byte, break flag)
        self.ris = 0
        self.imsc = 0
        self.rx_level = 4
        self.tx_level = 4
        self.shifting = False
        self.enabled = False
        self.overruns = 0
        self.tx_pin: int | None = None
        self.rx_pin: int | None = None
        self.tx_func = FUNC_UART
        self._rt_event = None
        self._listener = None
        self.tx = self.rx = None

    # -- configuration -------------------------------------------------------------------
    def configure(self, baud: int, bits: int, parity, stop: int, tx_pin: int, rx_pin: int) -> None:
        self.detach()
        self.fmt = FrameFormat(pl011_bit_ns(baud, self.clk_peri_hz), bits, parity, stop)
        self.tx_pin, self.rx_pin = tx_pin, rx_pin
        self.tx = LineTx(self.fmt, self._drive_tx, self._at, self.clock)
        self.rx = LineRx(self.fmt, self._frame_in, self._at, self.clock, lambda: self.gpio.pin(rx_pin).level)
        # machine_uart.c: gpio_set_function(tx/rx, UART_FUNCSEL_NUM) -- AF11 (UART_AUX) on
        # pins whose bit 1 is set (RP2350); RX is an input: its pad is not driven.
        self.gpio.set_function(rx_pin, FUNC_UART_AUX if rx_pin & 2 else FUNC_UART, self.name)
        self._listener = lambda _num, level: self.rx.edge(level)
        self.gpio.pin(rx_pin).listeners.append(self._listener)
        self.tx_func = FUNC_UART_AUX if tx_pin & 2 else FUNC_UART
        self.gpio.set_function(tx_pin, self.tx_func, self.name, True, 1)   # idle high
        self.enabled = True

    def detach(self) -> None:
        if self._listener is not None and self.rx_pin is not None:
            listeners = self.gpio.pin(self.rx_pin).listeners
            if self._listener in listeners:
                listeners.remove(self._listener)
            self._listener = None
        self.enabled = False

    @property
    def baud(self) -> int:
        return round(1_000_000_000 / self.fmt.bit_ns)

    def _at(self, t, fn, *args):
        return self.k.schedule_at(max(t, self.k.now_ns), fn, *args)

    def _drive_tx(self, level: int) -> None:
        if self.tx_pin is not None:
            self.gpio.func_output(self.tx_pin, self.tx_func, True, level, self.name)

    # -- interrupt status ----------------------------------------------------------------
    @property
    def mis(self) -> int:
        return self.ris & self.imsc

    def _raise(self, bit: int) -> None:
        self.ris |= bit
        if self.imsc & bit:
            self.on_irq()

    def clear(self, bits: int) -> None:
        self.ris &= ~bits

    # -- transmit ------------------------------------------------------------------------
    def tx_writable(self) -> bool:
        return len(self.tx_fifo) < FIFO_DEPTH

    def write_byte(self, value: int) -> None:
        self.tx_fifo.append(value & 0xFF)
        if not self.shifting:
            self._shift_next()

    def _shift_next(self) -> None:
        before = len(self.tx_fifo)
        if not before:
            self.shifting = False
            return
        value = self.tx_fifo.popleft()
        self.shifting = True
        end = self.tx.send(value, self.clock())
        self._at(end, self._frame_out_done)
        if before == self.tx_level + 1:   # level fell through the trigger level
            self._raise(TXIS)

    def _frame_out_done(self) -> None:
        self.shifting = False
        self._shift_next()

    def tx_idle(self) -> bool:
        return not self.tx_fifo and not self.shifting

    def send_break(self, duration_ns: int) -> None:
        self.tx.send_break(duration_ns, self.clock())

    # -- receive -------------------------------------------------------------------------
    def _frame_in(self, value: int, error: bool, is_break: bool, t_ns: int) -> None:
        if not self.enabled:
            return
        if len(self.rx_fifo) >= FIFO_DEPTH:
            self.overruns += 1
        else:
            before = len(self.rx_fifo)
            self.rx_fifo.append((0 if is_break else value, is_break))
            if before + 1 == self.rx_level:
                self._raise(RXIS)
        if is_break:
            self._raise(BEIS)
        self._arm_timeout(t_ns)

    def _arm_timeout(self, t_last: int) -> None:
        if self._rt_event is not None:
            self._rt_event.cancel()
        # the timeout counts from the middle of the last stop bit, as the receiver does
        self._rt_event = self._at(t_last + self.fmt.offset_ns(RX_TIMEOUT_BITS), self._timeout)

    def _timeout(self) -> None:
        self._rt_event = None
        if self.rx_fifo:
            self._raise(RTIS)

    def rx_readable(self) -> bool:
        return bool(self.rx_fifo)

    def read_fifo(self) -> tuple[int, bool]:
        item = self.rx_fifo.popleft()
        if not self.rx_fifo:
            self.ris &= ~RTIS
        return item

    def rearm_timeout(self) -> None:
        """After the service routine cleared RTIS with bytes left, the timeout runs again."""
        if self.rx_fifo and self._rt_event is None:
            self._arm_timeout(self.clock())
