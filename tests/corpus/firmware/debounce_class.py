# Debounced button class using a one-shot Timer re-armed from the pin IRQ.
from machine import Pin, Timer
import time


class Button:
    def __init__(self, pin, callback, debounce_ms=20):
        self.pin = Pin(pin, Pin.IN, Pin.PULL_UP)
        self.callback = callback
        self.debounce_ms = debounce_ms
        self._timer = Timer(-1)
        self._armed = False
        self.pin.irq(trigger=Pin.IRQ_FALLING | Pin.IRQ_RISING, handler=self._irq)

    def _irq(self, pin):
        self._timer.init(mode=Timer.ONE_SHOT, period=self.debounce_ms, callback=self._settled)

    def _settled(self, t):
        if self.pin.value() == 0:
            self.callback(self)


presses = 0


def on_press(b):
    global presses
    presses += 1
    print(f"press {presses} at {time.ticks_ms()} ms")


btn = Button(16, on_press)
led = Pin("LED", Pin.OUT)
while True:
    led.toggle()
    time.sleep(0.25)
