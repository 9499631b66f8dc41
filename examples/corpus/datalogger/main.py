# A button-marked data logger: samples on a soft Timer, button presses flagged from a Pin IRQ,
# lines appended to flash and flushed every few samples (each flush is a flash program with
# interrupts off: see the masked windows in the trace).
from machine import Pin, Timer
import os
import time

marks = 0
samples = []


def on_press(pin):
    global marks
    marks += 1


def on_tick(t):
    samples.append((time.ticks_ms(), marks))


Pin(16, Pin.IN, Pin.PULL_UP).irq(on_press, Pin.IRQ_FALLING)
Timer(period=CONFIG["period_ms"], callback=on_tick)
written = 0
with open("log.csv", "w") as log:
    log.write("t_ms,marks\n")
    while written < CONFIG["samples"]:
        while samples:
            t_ms, m = samples.pop(0)
            log.write(f"{t_ms},{m}\n")
            written += 1
            if written % 2 == 0:
                log.flush()
        time.sleep_ms(10)
print("logged", written, "files", os.listdir())
