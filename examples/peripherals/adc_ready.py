# An ADS1115 converts AIN0 continuously at 128 SPS; its ALERT/RDY pin (open drain, on GP16)
# pulses low after every conversion and a Pin.irq counts them, so the firmware reads each
# sample once instead of polling. An ADS1015 at 0x49 takes single-shot readings of a
# battery divider on AIN3 (poll OS until the conversion is done).
import struct
import time

from machine import I2C, Pin

i2c = I2C(0, freq=400_000)
ready = 0


def on_ready(pin):
    global ready
    ready += 1


def wr(addr, reg, value):
    i2c.writeto_mem(addr, reg, struct.pack(">H", value))


def rd(addr, reg):
    return struct.unpack(">h", i2c.readfrom_mem(addr, reg, 2))[0]


Pin(16, Pin.IN, Pin.PULL_UP).irq(on_ready, Pin.IRQ_FALLING)
wr(0x48, 2, 0x0000)          # Lo_thresh MSB 0 and Hi_thresh MSB 1: ALERT/RDY = conversion ready
wr(0x48, 3, 0x8000)
wr(0x48, 1, 4 << 12 | 1 << 9 | 4 << 5)     # AIN0-GND, +-4.096 V, continuous, 128 SPS, assert after 1
total, n = 0, 0
t_end = time.ticks_add(time.ticks_ms(), 500)
while time.ticks_diff(t_end, time.ticks_ms()) > 0:
    if ready:
        ready = 0
        total += rd(0x48, 0)
        n += 1
    time.sleep_ms(1)
print("samples", n, "mean %.3f V" % (total / n * 4.096 / 32768))

wr(0x49, 1, 0x8000 | 7 << 12 | 1 << 9 | 0x100 | 4 << 5 | 3)    # ADS1015 single-shot AIN3, +-4.096 V
while not rd(0x49, 1) & 0x8000:
    time.sleep_ms(1)
print("battery %.2f V" % ((rd(0x49, 0) >> 4) * 4.096 / 2048 * 2))
