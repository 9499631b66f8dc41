# Counts presses of a bouncing button on GP16 with a software debounce: a press counts only
# after 20 ms without any edge.
from machine import Pin
import time

btn = Pin(16, Pin.IN, Pin.PULL_UP)
last_ms = 0
count = 0


def on_press(pin):
    global last_ms, count
    now = time.ticks_ms()
    if pin.value() == 0 and time.ticks_diff(now, last_ms) > 20:
        count += 1
        print("press", count)
    last_ms = now


btn.irq(on_press, Pin.IRQ_FALLING | Pin.IRQ_RISING)  # any edge restarts the quiet time
