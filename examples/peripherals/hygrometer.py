# A hygrometer: an AHT20 on I2C0 measures every 2 s (trigger 0xAC 0x33 0x00, wait for the busy
# bit to clear, read 7 bytes and check the CRC-8 before trusting them), and warns when the
# room gets damp.
import time

from machine import I2C

i2c = I2C(0, freq=400_000)


def crc8(data):
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


if not i2c.readfrom(0x38, 1)[0] & 0x08:      # CAL bit clear: initialize
    i2c.writeto(0x38, b"\xbe\x08\x00")
    time.sleep_ms(10)
for _ in range(3):
    i2c.writeto(0x38, b"\xac\x33\x00")
    time.sleep_ms(80)
    while i2c.readfrom(0x38, 1)[0] & 0x80:
        time.sleep_ms(1)
    d = i2c.readfrom(0x38, 7)
    if crc8(d[:6]) != d[6]:
        print("crc error")
        continue
    rh = (((d[1] << 16) | (d[2] << 8) | d[3]) >> 4) * 100 / 1048576
    t = ((((d[3] & 0x0F) << 16) | (d[4] << 8) | d[5]) * 200 / 1048576) - 50
    print("%.1f C %.0f %%RH%s" % (t, rh, "  damp!" if rh > 70 else ""))
    time.sleep(2)
