# Watchdog feeding loop with lightsleep, reset_cause and bootsel button polling.
import machine
from machine import WDT, Pin
import rp2
import time

if machine.reset_cause() == machine.WDT_RESET:
    print("woke from watchdog")
else:
    print("power on")

wdt = WDT(timeout=2000)
led = Pin("LED", Pin.OUT)
for i in range(5):
    led.value(not led.value())
    wdt.feed()
    machine.lightsleep(100)
    print("tick", i, "bootsel", rp2.bootsel_button())
print("freq", machine.freq())
