# A hobby servo on GP16: 50 Hz, pulse 1.0 ms (one end), 1.5 ms (centre), 2.0 ms (other end).
# duty_ns is rounded to the slice's counter step (DIV 45.8, 305 ns at 150 MHz), and the new
# width starts at the next 20 ms period (the PWM's CC register is double-buffered).
from machine import PWM, Pin
import time

servo = PWM(Pin(16), freq=50, duty_ns=1_500_000)
print("freq", servo.freq())
for width_ns in (1_000_000, 1_500_000, 2_000_000, 1_500_000):
    servo.duty_ns(width_ns)
    print("pulse", servo.duty_ns(), "ns")
    time.sleep_ms(200)
servo.deinit()
