# UART line reader driven by UART.irq(IRQ_RXIDLE) with a bytearray accumulator.
from machine import UART, Pin
import time

uart = UART(0, baudrate=115200, tx=Pin(0), rx=Pin(1), timeout=0)
lines = []
acc = bytearray()


def on_rx(u):
    global acc
    data = u.read()
    if data:
        acc.extend(data)
        while b"\n" in acc:
            i = acc.index(b"\n")
            lines.append(bytes(acc[:i]).decode().strip())
            acc = acc[i + 1:]


uart.irq(on_rx, UART.IRQ_RXIDLE)
while True:
    while lines:
        print("line:", lines.pop(0))
    time.sleep_ms(5)
