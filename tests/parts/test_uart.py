"""UART: PL011 baud divisor, frame timing on the wire, IRQ_RXIDLE, TXIDLE, break, capture."""

from pathlib import Path

from irqsim.hw.serial_line import FrameFormat, ideal_bit_ns, pl011_bit_ns

HERE = Path(__file__).parent


def test_pl011_divisor_matches_pico_sdk():
    # 150 MHz clk_peri, 115200 requested: IBRD 81, FBRD 24 -> 115207 baud
    bit = pl011_bit_ns(115200, 150_000_000)
    assert round(1e9 / bit) == 115207
    assert round(1e9 / pl011_bit_ns(9600, 125_000_000)) == 9600


def test_frame_levels_lsb_first_with_parity():
    fmt = FrameFormat(ideal_bit_ns(115200), 8, 0, 1)
    assert fmt.levels(0x41) == [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1]   # start, data, even parity, stop
    assert fmt.frame_bits == 11


def fw(tmp_path, text):
    path = tmp_path / "fw.py"
    path.write_text(text)
    return path


RXIDLE_FW = """
from machine import UART
import time
u = UART(0, 115200)
got = []
def idle(uart):
    got.append((uart.irq().flags(), uart.read()))
u.irq(idle, UART.IRQ_RXIDLE)
while True:
    time.sleep_ms(5)
    while got:
        flags, data = got.pop(0)
        print(hex(flags), data)
"""


def test_bytes_at_115200_trigger_rxidle_and_read_back_intact(tmp_path, bench):
    payload = bytes(range(40)) + b"hello\r\n"
    b = bench(fw(tmp_path, RXIDLE_FW))
    pc = b.part("uart_peer", "pc", tx="GP1", rx="GP0")
    pc.send(at="10ms", data=list(payload))
    run = b.run("40ms")
    assert run.lines == [f"0x40 {payload!r}"]
    h = run.handler("idle")
    assert h["count"] == 1 and h["source"] == "UART0"
    # the last stop bit ends 47 frames after 10 ms; RXIDLE waits 32 more bit times (PL011)
    bit = 1e9 / 115200
    assert run.stats()["handlers"]["idle"]["latency_us"]["max"] < 100
    edges = run.pin_history("GP1")
    assert edges[-1][0] - 10_000_000 < 47 * 10 * bit + 1


def test_wire_bit_period_is_the_peer_baud(tmp_path, bench):
    b = bench(fw(tmp_path, RXIDLE_FW))
    pc = b.part("uart_peer", "pc", tx="GP1", rx="GP0", baud=9600)
    pc.send(at="1ms", data=[0x55])   # 0x55 = alternating bits: 10 edges of one bit each
    run = b.run("5ms")
    times = [t for t, _ in run.pin_history("GP1") if t > 0]
    # start bit then 0x55 LSB first toggles every bit; edges at floor(i * 1e9 / 9600) ns, no drift
    assert times == [1_000_000 + i * 10**9 // 9600 for i in range(10)]


def test_firmware_tx_is_captured_and_txidle_fires_five_chars_early(tmp_path, bench):
    b = bench(fw(tmp_path, """
from machine import UART
import time
u = UART(1, 115200, tx=4, rx=5)
def txidle(uart):
    print("txidle", uart.txdone())
u.irq(txidle, UART.IRQ_TXIDLE, hard=False)
u.write("status: all good\\n")
while not u.txdone():
    time.sleep_ms(1)
print("done")
"""))
    pc = b.part("uart_peer", "pc", tx="GP5", rx="GP4")
    run = b.run("20ms")
    assert pc.live.text() == "status: all good\n"
    assert run.lines == ["txidle False", "done"]
    t_idle = run.first_line_time("txidle")
    t_last = pc.live.frames[-1][0]
    bit = 1e9 / 115207
    assert 4 * 10 * bit < t_last - t_idle < 6 * 10 * bit


def test_break_and_wrong_baud(tmp_path, bench):
    b = bench(fw(tmp_path, """
from machine import UART
import time
u = UART(0, 115200)
u.irq(lambda x: print("break", hex(x.irq().flags())), UART.IRQ_BREAK)
while True:
    time.sleep_ms(2)
    if u.any():
        print("data", u.read())
"""))
    pc = b.part("uart_peer", "pc", tx="GP1", rx="GP0")
    pc.send_break(at="5ms", duration="1ms")
    pc.send(at="10ms", data="ok")
    run = b.run("20ms")
    assert run.lines == ["break 0x200", "data b'ok'"]


def test_bad_pins_and_triggers_raise_like_rp2(tmp_path, bench):
    b = bench(fw(tmp_path, """
from machine import UART
for kw in ({"tx": 1}, {"rx": 4}):
    try:
        UART(0, 9600, **kw)
    except ValueError as e:
        print(e)
try:
    UART(0).irq(print, 0x10)
except ValueError as e:
    print(e)
try:
    UART(2)
except ValueError as e:
    print(e)
"""))
    run = b.run("5ms")
    assert run.lines == ["bad TX pin", "bad RX pin", "trigger 0x0010 unsupported", "UART(2) doesn't exist"]
