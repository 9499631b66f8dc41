# Interrupt-driven twin of seed/polling_pulse.py: the same trigger pulse and the same
# 100-step work loop, but the echo is timed by Pin.irq on both edges (as ultrasonic_irq.py
# does) instead of busy-waiting in time_pulse_us(). A new measurement starts as soon as the
# previous echo has ended, so both versions measure as often as the sensor allows.
from machine import Pin
import time

trig = Pin(14, Pin.OUT)
echo = Pin(15, Pin.IN)
trig.off()
rise = 0
pulse = 0
measuring = False


def on_echo(pin):
    global rise, pulse, measuring
    if pin.value():
        rise = time.ticks_us()
    else:
        pulse = time.ticks_diff(time.ticks_us(), rise)
        measuring = False


echo.irq(trigger=Pin.IRQ_RISING | Pin.IRQ_FALLING, handler=on_echo)
other_work = 0
last_cm = 0.0
t_end = time.ticks_add(time.ticks_ms(), 1000)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    if not measuring:
        if pulse > 0:
            last_cm = pulse / 58.0
        measuring = True
        trig.on()
        time.sleep_us(10)
        trig.off()
    for _ in range(100):  # the work the robot would rather be doing
        other_work += 1
print("irq: other_work", other_work, "last_cm %.1f" % last_cm)
