"""UART peer: the other end of a serial link (a GPS module, a PC adapter, another board).

Wire ``peer:tx`` to the firmware's RX pin (GP1 for UART0 by default) and ``peer:rx`` to its
TX pin (GP0). The peer sends frames bit by bit on its wire from an ideal clock at ``baud``
(so a firmware configured for another rate reads garbage, as on a bench) and decodes what
the firmware transmits, sampling mid-bit. Frame: start bit, ``bits`` data bits LSB first,
optional parity, ``stop`` stop bits; idle high (TIA-232 logic levels after a transceiver).
"""

from __future__ import annotations

from ...errors import ScenarioError
from ...units import parse_duration
from ..serial_line import FrameFormat, LineRx, LineTx, ideal_bit_ns
from .base import Param, Part, register

PARITY = {"none": None, "even": 0, "odd": 1}


def to_bytes(data, what: str = "data") -> bytes:
    """A str (UTF-8), or a list of byte values."""
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if isinstance(data, str):
        return data.encode()
    if isinstance(data, list) and all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b < 256 for b in data):
        return bytes(data)
    raise ScenarioError(f"{what} must be a string or a list of byte values 0..255, got {data!r}")


@register("uart_peer")
class UartPeer(Part):
    pins = ("tx", "rx")
    params = {
        "baud": Param("int", 115200, "bits per second (ideal clock)"),
        "bits": Param("int", 8, "data bits per frame"),
        "parity": Param("str", "none", "none | even | odd"),
        "stop": Param("int", 1, "stop bits"),
        "gap": Param("duration", "0us", "idle time between bytes the peer sends"),
    }
    actions = ("send", "send_line", "send_break", "set")

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "parity" and value not in PARITY:
            raise ScenarioError(f"uart_peer.parity must be none, even or odd, got {value!r}")
        if key == "baud" and value <= 0:
            raise ScenarioError("uart_peer.baud must be positive")
        return value

    def begin(self) -> None:
        self.sent = 0
        self.received = bytearray()
        self.frames: list[tuple[int, int, bool]] = []   # (t_ns at mid-stop-bit, byte, error)
        self.breaks = 0
        self.frame_listeners: list = []   # fn(t_ns, byte) per decoded byte (scenario steps)
        self._setup()
        self.drive("tx", 1)
        self.watch("rx", self._rx_edge)

    def _setup(self) -> None:
        fmt = FrameFormat(ideal_bit_ns(self.baud), self.bits, PARITY[self.parity], self.stop)
        self.fmt = fmt
        self._tx = LineTx(fmt, lambda level: self.drive("tx", level), self.at, self.now)
        num = self.gpio_of("rx")
        level = (lambda: self.gpio.pin(num).level) if num is not None else (lambda: 1)
        self._rx = LineRx(fmt, self._frame, self.at, self.now, level)

    def changed(self) -> None:
        busy = self._tx.busy_until
        self._setup()
        self._tx.busy_until = busy

    def _rx_edge(self, level: int) -> None:
        self._rx.edge(level)

    def _frame(self, value: int, error: bool, is_break: bool, t_ns: int) -> None:
        if is_break:
            self.breaks += 1
            return
        self.frames.append((t_ns, value, error))
        self.received.append(value)
        for fn in self.frame_listeners:
            fn(t_ns, value)

    # -- timeline actions ----------------------------------------------------------------
    def send(self, data="", gap=None) -> None:
        """Send bytes from now (after anything still being sent)."""
        payload = to_bytes(data, "uart_peer send data")
        gap_ns = self.gap if gap is None else parse_duration(gap, "gap")
        t = None
        for b in payload:
            end = self._tx.send(b, t)
            t = end + gap_ns
            self.sent += 1

    def send_line(self, text="", gap=None) -> None:
        self.send((text if isinstance(text, str) else to_bytes(text).decode("latin-1")) + "\n", gap)

    def send_break(self, duration="1ms") -> None:
        self._tx.send_break(parse_duration(duration, "break duration"))

    # -- reading what the firmware sent ---------------------------------------------------
    def text(self) -> str:
        return self.received.decode("utf-8", errors="replace")

    def lines(self) -> list[tuple[int, str]]:
        """Complete lines received, each with the time its newline arrived."""
        out, cur = [], bytearray()
        for t, b, _ in self.frames:
            if b == 0x0A:
                out.append((t, cur.decode("utf-8", errors="replace").rstrip("\r")))
                cur = bytearray()
            else:
                cur.append(b)
        return out

    def summary(self) -> dict:
        return {"sent": self.sent, "received": len(self.received), "received_text": self.text(),
                "framing_errors": sum(1 for f in self.frames if f[2]), "breaks": self.breaks}
