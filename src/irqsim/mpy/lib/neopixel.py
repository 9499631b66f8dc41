# neopixel: the WS2812 driver rp2 firmware ships frozen (micropython-lib
# micropython/drivers/led/neopixel, frozen by ports/rp2/boards/manifest.py). irqsim's own
# implementation of the same API, run as firmware code so its lines cost virtual time;
# write() hands the buffer to machine.bitstream with the same timings.
from machine import bitstream


class NeoPixel:
    # Offsets of R, G, B, W in a pixel's bytes: WS2812 wants G, R, B(, W) on the wire.
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        self.pin.init(pin.OUT)
        if isinstance(timing, int):
            # (T0H, T0L, T1H, T1L) in ns: 800 kHz parts, or the old 400 kHz ones
            self.timing = (400, 850, 800, 450) if timing else (800, 1700, 1600, 900)
        else:
            self.timing = timing

    def __len__(self):
        return self.n

    def __setitem__(self, index, value):
        base = index * self.bpp
        for k in range(self.bpp):
            self.buf[base + self.ORDER[k]] = value[k]

    def __getitem__(self, index):
        base = index * self.bpp
        return tuple(self.buf[base + self.ORDER[k]] for k in range(self.bpp))

    def fill(self, value):
        for k in range(self.bpp):
            offset = self.ORDER[k]
            byte = value[k]
            for i in range(offset, len(self.buf), self.bpp):
                self.buf[i] = byte

    def write(self):
        bitstream(self.pin, 0, self.timing, self.buf)
