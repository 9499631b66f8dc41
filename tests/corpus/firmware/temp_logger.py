# Temperature logger: on-chip sensor on ADC(4), one CSV line per sample appended to flash,
# a heartbeat LED on a hard Timer, and the filesystem-full handling seen in the wild.
from machine import ADC, Pin, Timer
import time
import os

CONVERSION = 3.3 / 65535
sensor = ADC(4)
led = Pin("LED", Pin.OUT)
beats = 0


def beat(t):
    global beats
    beats += 1
    led.toggle()


class Log:
    NAME = "temps.csv"
    open(NAME, "w").close()   # truncate once, when the class body runs

    def add(self, n, celsius):
        with open(self.NAME, "a") as f:
            f.write(f"{n},{celsius:.1f}\n")


Timer(period=5, mode=Timer.PERIODIC, callback=beat, hard=True)
log = Log()
try:
    for n in range(4):
        volts = sensor.read_u16() * CONVERSION
        log.add(n, 27 - (volts - 0.706) / 0.001721)
        time.sleep_ms(100)
except OSError as e:
    if e.args[0] == 28:
        print("filesystem full")
size = os.stat(Log.NAME)[6]
print("samples", open(Log.NAME).read().count("\n"), "bytes", size, "beats", beats)
