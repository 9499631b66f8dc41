# A TMP102-style temperature sensor on I2C0 (GP5 = SCL, GP4 = SDA), read once a second.
# The scenario's i2c_device answers: register 0 holds the temperature, 12 bits left-justified
# in 16 (0.0625 degC per count), register 1 the configuration, 0x0F an identification byte.
from machine import I2C
import time

ADDR = 0x48
i2c = I2C(0, freq=400_000)
print("found", [hex(a) for a in i2c.scan()])
print("id", hex(i2c.readfrom_mem(ADDR, 0x0F, 1)[0]))
i2c.writeto_mem(ADDR, 0x01, b"\x60\xa0")          # 12-bit, 4 Hz conversions

for _ in range(3):
    t0 = time.ticks_us()
    raw = i2c.readfrom_mem(ADDR, 0x00, 2)
    bus_us = time.ticks_diff(time.ticks_us(), t0)
    counts = (raw[0] << 8 | raw[1]) >> 4
    print("temp_c %.2f (read took %d us)" % (counts * 0.0625, bus_us))
    time.sleep(1)
