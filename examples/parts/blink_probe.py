# Blinks the LED (GP25) at 5 Hz with a Timer and drives a 1 kHz square wave on GP2 by hand.
from machine import Pin, Timer
import time

led = Pin(25, Pin.OUT)
out = Pin(2, Pin.OUT)


def tick(t):
    led.toggle()


tim = Timer(-1)
tim.init(freq=10, callback=tick)
while True:
    out.toggle()
    time.sleep_us(500)
