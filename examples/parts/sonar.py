# HC-SR04 on GP14 (TRIG) / GP15 (ECHO), measured with time_pulse_us every 60 ms.
from machine import Pin, time_pulse_us
import time

trig = Pin(14, Pin.OUT, value=0)
echo = Pin(15, Pin.IN)
while True:
    trig.value(1)
    time.sleep_us(10)
    trig.value(0)
    us = time_pulse_us(echo, 1, 30000)
    print("cm", us // 58)
    time.sleep_ms(60)
