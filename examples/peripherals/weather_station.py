# Weather station: a BME280 and a 16x2 I2C LCD on I2C0 (GP5 = SCL, GP4 = SDA), updated
# every two seconds. The drivers live in lib/ (the scenario's lib = ["lib"]).
import time

from bme280 import BME280
from i2c_lcd import I2cLcd
from machine import I2C

i2c = I2C(0, freq=400_000)
print("found", [hex(a) for a in i2c.scan()])
sensor = BME280(i2c)
lcd = I2cLcd(i2c, 0x27, 2, 16)

for _ in range(3):
    t, p, h = sensor.read()
    print("%.1f C %.1f hPa %.0f %%" % (t, p, h))
    lcd.move_to(0, 0)
    lcd.write("%5.1fC  %3.0f%%RH " % (t, h))
    lcd.move_to(0, 1)
    lcd.write("%7.1f hPa     " % p)
    time.sleep(2)
