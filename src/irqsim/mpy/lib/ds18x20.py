# ds18x20: the DS18S20/DS18B20 driver rp2 firmware ships frozen (micropython-lib
# micropython/drivers/sensor/ds18x20). irqsim's own implementation of the same API.
# convert_temp() starts a conversion on every sensor (SKIP ROM); the caller waits
# (750 ms at 12 bits) before read_temp(rom). A bad scratchpad CRC: Exception("CRC error").
from micropython import const

_CONVERT = const(0x44)
_RD_SCRATCH = const(0xBE)
_WR_SCRATCH = const(0x4E)


class DS18X20:
    def __init__(self, onewire):
        self.ow = onewire
        self.buf = bytearray(9)

    def scan(self):
        return [rom for rom in self.ow.scan() if rom[0] in (0x10, 0x22, 0x28)]

    def convert_temp(self):
        self.ow.reset(True)
        self.ow.writebyte(self.ow.SKIP_ROM)
        self.ow.writebyte(_CONVERT)

    def read_scratch(self, rom):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_RD_SCRATCH)
        self.ow.readinto(self.buf)
        if self.ow.crc8(self.buf):
            raise Exception("CRC error")
        return self.buf

    def write_scratch(self, rom, buf):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_WR_SCRATCH)
        self.ow.write(buf)

    def read_temp(self, rom):
        buf = self.read_scratch(rom)
        if rom[0] == 0x10:
            # DS18S20: 0.5 degC in byte 0, refined with COUNT_REMAIN / COUNT_PER_C
            if buf[1]:
                t = buf[0] >> 1 | 0x80
                t = -((~t + 1) & 0xFF)
            else:
                t = buf[0] >> 1
            return t - 0.25 + (buf[7] - buf[6]) / buf[7]
        if rom[0] in (0x22, 0x28):
            t = buf[1] << 8 | buf[0]
            if t & 0x8000:
                t = -((t ^ 0xFFFF) + 1)
            return t / 16
        return None
