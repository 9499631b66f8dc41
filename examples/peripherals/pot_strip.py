# A potentiometer on ADC0 (GP26) sets how many of 8 NeoPixels light up (GP15); the chip's
# temperature sensor and an SPI accelerometer's WHO_AM_I are printed once.
from machine import ADC, Pin, SPI
import neopixel
import time

pot = ADC(Pin(26))
die = ADC(ADC.CORE_TEMP)
strip = neopixel.NeoPixel(Pin(15), 8)
cs = Pin(17, Pin.OUT, value=1)
spi = SPI(0, baudrate=5_000_000)

cs(0)
reply = bytearray(2)
spi.write_readinto(b"\x8f\x00", reply)       # read (0x80) register 0x0F
cs(1)
print("imu id", hex(reply[1]))
volts = die.read_u16() * 3.3 / 65535
print("die %.0f C" % (27 - (volts - 0.706) / 0.001721))

for _ in range(4):
    lit = pot.read_u16() * 8 // 65536
    for i in range(8):
        strip[i] = (0, 40, 0) if i < lit else (0, 0, 0)
    strip.write()
    print("lit", lit)
    time.sleep_ms(100)
