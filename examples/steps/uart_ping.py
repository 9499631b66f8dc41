# UART0 at 115200 baud (TX=GP0, RX=GP1): answers each "PING" line with "PONG <n>".
from machine import UART
import time

uart = UART(0, baudrate=115200)
print("ready")
n = 0
buf = b""
while True:
    if uart.any():
        buf += uart.read()
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip() == b"PING":
                n += 1
                uart.write("PONG %d\n" % n)
    time.sleep_ms(1)
