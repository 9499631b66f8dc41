# dht: the DHT11/DHT22 driver rp2 firmware ships frozen (micropython-lib
# micropython/drivers/sensor/dht, frozen by ports/rp2/boards/manifest.py). irqsim's own
# implementation of the same API, run as firmware code so its lines cost virtual time.
# measure() reads 5 bytes with machine.dht_readinto (OSError ETIMEDOUT when the sensor does
# not answer) and checks the checksum byte: Exception("checksum error").
from machine import dht_readinto


class DHTBase:
    def __init__(self, pin):
        self.pin = pin
        self.buf = bytearray(5)

    def measure(self):
        buf = self.buf
        dht_readinto(self.pin, buf)
        if (buf[0] + buf[1] + buf[2] + buf[3]) & 0xFF != buf[4]:
            raise Exception("checksum error")


class DHT11(DHTBase):
    def humidity(self):
        return self.buf[0]

    def temperature(self):
        return self.buf[2]


class DHT22(DHTBase):
    def humidity(self):
        return (self.buf[0] << 8 | self.buf[1]) * 0.1

    def temperature(self):
        t = ((self.buf[2] & 0x7F) << 8 | self.buf[3]) * 0.1
        if self.buf[2] & 0x80:
            t = -t
        return t
