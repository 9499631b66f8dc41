# A small line protocol over UART: an IRQ_RXIDLE handler moves received bytes into a buffer
# (soft IRQ, so it may allocate); the main loop splits lines and answers each command.
from machine import UART


class LineLink:
    def __init__(self, uart_id=0, baudrate=115200):
        self.uart = UART(uart_id, baudrate)
        self._buf = b""
        self.lines = []
        self.uart.irq(self._rx, UART.IRQ_RXIDLE)

    def _rx(self, uart):
        data = uart.read()
        if data:
            self._buf += data
            while b"\n" in self._buf:
                line, self._buf = self._buf.split(b"\n", 1)
                self.lines.append(line.strip().decode())

    def reply(self, text):
        self.uart.write(text + "\n")
