# UART0 at 115200 baud (TX=GP0, RX=GP1): an IRQ_RXIDLE handler collects each burst of bytes
# the peer sends; the main loop prints it and echoes it back in upper case.
from machine import UART
import time

uart = UART(0, baudrate=115200)
bursts = []


def on_idle(u):
    data = u.read()
    if data:
        bursts.append(data)


uart.irq(handler=on_idle, trigger=UART.IRQ_RXIDLE)
while True:
    while bursts:
        data = bursts.pop(0)
        print("got", data)
        uart.write(data.upper())
    time.sleep_ms(1)
