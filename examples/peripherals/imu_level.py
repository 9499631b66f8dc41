# A spirit level: an MPU6050 on I2C0 reports the tilt, a BMP280 the altitude pressure, and a
# PCF8574 expander lights one of two LEDs (P0 level, P1 tilted). Raw register access in
# the style of the usual drivers: wake the IMU (PWR_MGMT_1 starts with SLEEP set), burst-read
# 14 bytes from ACCEL_XOUT_H.
import math
import struct
import time

from machine import I2C

i2c = I2C(0, freq=400_000)
print("found", [hex(a) for a in i2c.scan()])
print("who_am_i", hex(i2c.readfrom_mem(0x68, 0x75, 1)[0]), "bmp", hex(i2c.readfrom_mem(0x77, 0xD0, 1)[0]))
i2c.writeto_mem(0x68, 0x6B, b"\x00")        # clear SLEEP
time.sleep_ms(10)
for _ in range(3):
    ax, ay, az, t, gx, gy, gz = struct.unpack(">7h", i2c.readfrom_mem(0x68, 0x3B, 14))
    tilt = math.degrees(math.atan2(math.sqrt(ax * ax + ay * ay), az))
    i2c.writeto(0x20, bytes([0xFD if tilt < 5 else 0xFE]))   # low = LED on
    print("tilt %.0f deg, %.1f C" % (tilt, t / 340 + 36.53))
    time.sleep(1)
