# An alarm clock: a DS3231 RTC on I2C0 keeps the time; alarm 1 fires at 07:00:05 and pulls
# its open-drain INT/SQW pin low, which wakes the firmware through a Pin.irq (no polling).
# The handler only sets a flag (micropython.schedule would do too); the main loop reads the
# time, clears A1F (the pin stays low until then) and re-arms for 5 s later.
import time

import micropython
from machine import I2C, Pin

ADDR = 0x68
i2c = I2C(0, freq=400_000)


def bcd(b):
    return (b >> 4) * 10 + (b & 0x0F)


def tobcd(v):
    return (v // 10) << 4 | v % 10


def now():
    b = i2c.readfrom_mem(ADDR, 0x00, 3)
    return "%02d:%02d:%02d" % (bcd(b[2] & 0x3F), bcd(b[1]), bcd(b[0] & 0x7F))


def arm(h, m, s):
    # A1M4 = 1 (bit 7 of the day/date byte): hours, minutes and seconds must match
    i2c.writeto_mem(ADDR, 0x07, bytes([tobcd(s), tobcd(m), tobcd(h), 0x80]))


rang = 0


def on_alarm(pin):
    global rang
    rang += 1


micropython.alloc_emergency_exception_buf(100)
alarm = Pin(15, Pin.IN, Pin.PULL_UP)
alarm.irq(on_alarm, Pin.IRQ_FALLING)
print("now", now())
arm(7, 0, 5)
i2c.writeto_mem(ADDR, 0x0E, b"\x05")           # INTCN | A1IE
alarms = 0
while alarms < 2:
    if rang:
        rang = 0
        alarms += 1
        print("ring", now())
        status = i2c.readfrom_mem(ADDR, 0x0F, 1)[0]
        i2c.writeto_mem(ADDR, 0x0F, bytes([status & ~0x01]))     # clear A1F: INT releases
        arm(7, 0, 10)
    time.sleep_ms(50)
t = i2c.readfrom_mem(ADDR, 0x11, 2)
print("room %.2f C" % (t[0] + (t[1] >> 6) * 0.25))
