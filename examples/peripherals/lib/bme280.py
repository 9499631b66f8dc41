# A small BME280 driver in the usual MicroPython style (calibration read once, forced-mode
# measurement, the datasheet's floating-point compensation, section 8.1). Written for the
# irqsim examples; popular drivers (e.g. robert-hh/BME280) work against the same part.
import time
from struct import unpack


class BME280:
    def __init__(self, i2c, address=0x76):
        self.i2c, self.address = i2c, address
        if i2c.readfrom_mem(address, 0xD0, 1)[0] != 0x60:
            raise OSError("no BME280 at 0x%02x" % address)
        (self.T1, self.T2, self.T3, self.P1, self.P2, self.P3, self.P4, self.P5, self.P6,
         self.P7, self.P8, self.P9, _, self.H1) = unpack("<HhhHhhhhhhhhBB", i2c.readfrom_mem(address, 0x88, 26))
        e = i2c.readfrom_mem(address, 0xE1, 7)
        self.H2, self.H3 = unpack("<hB", e)
        self.H4 = (unpack("<b", e[3:4])[0] << 4) | (e[4] & 0x0F)
        self.H5 = (unpack("<b", e[5:6])[0] << 4) | (e[4] >> 4)
        self.H6 = unpack("<b", e[6:7])[0]

    def read(self):
        """(degC, hPa, %RH) from one forced measurement with x2 oversampling."""
        self.i2c.writeto_mem(self.address, 0xF2, b"\x02")
        self.i2c.writeto_mem(self.address, 0xF4, bytes([2 << 5 | 2 << 2 | 1]))
        time.sleep_ms(12)                                   # 1 + 4 + 4.5 + 4.5 ms typical
        while self.i2c.readfrom_mem(self.address, 0xF3, 1)[0] & 0x08:
            time.sleep_ms(1)
        d = self.i2c.readfrom_mem(self.address, 0xF7, 8)
        adc_p = (d[0] << 16 | d[1] << 8 | d[2]) >> 4
        adc_t = (d[3] << 16 | d[4] << 8 | d[5]) >> 4
        adc_h = d[6] << 8 | d[7]
        v1 = (adc_t / 16384 - self.T1 / 1024) * self.T2
        v2 = (adc_t / 131072 - self.T1 / 8192) ** 2 * self.T3
        t_fine = v1 + v2
        v1 = t_fine / 2 - 64000
        v2 = v1 * v1 * self.P6 / 32768 + v1 * self.P5 * 2
        v2 = v2 / 4 + self.P4 * 65536
        v1 = (self.P3 * v1 * v1 / 524288 + self.P2 * v1) / 524288
        v1 = (1 + v1 / 32768) * self.P1
        p = ((1048576 - adc_p) - v2 / 4096) * 6250 / v1
        p += (self.P9 * p * p / 2147483648 + p * self.P8 / 32768 + self.P7) / 16
        h = int(t_fine) - 76800
        h = (adc_h - (self.H4 * 64 + self.H5 / 16384 * h)) * (
            self.H2 / 65536 * (1 + self.H6 / 67108864 * h * (1 + self.H3 / 67108864 * h)))
        h = min(max(h * (1 - self.H1 * h / 524288), 0), 100)
        return t_fine / 5120, p / 100, h
