# A button on GP16 (active low, bouncing) toggles the LED on GP25. The IRQ handler only sets
# a flag; the main loop debounces (20 ms quiet) and prints each accepted press.
from machine import Pin
import time

led = Pin(25, Pin.OUT, value=0)
btn = Pin(16, Pin.IN, Pin.PULL_UP)
flag = False


def on_edge(pin):
    global flag
    flag = True


btn.irq(on_edge, Pin.IRQ_FALLING)
print("ready")
presses = 0
while True:
    if flag:
        time.sleep_ms(20)          # let the bounce settle
        flag = False
        if btn.value() == 0:
            presses += 1
            led.toggle()
            print("pressed", presses)
    time.sleep_ms(1)
