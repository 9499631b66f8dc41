# A small driver for the HD44780 "I2C LCD backpack" (PCF8574: P0 RS, P1 RW, P2 E,
# P3 backlight, P4..P7 D4..D7) in the usual MicroPython style. Written for the irqsim
# examples; popular drivers (e.g. dhylands/python_lcd) work against the same part.
import time

ROW_OFFSETS = (0x00, 0x40, 0x14, 0x54)


class I2cLcd:
    def __init__(self, i2c, address=0x27, rows=2, columns=16):
        self.i2c, self.address, self.rows, self.columns = i2c, address, rows, columns
        self.backlight = 0x08
        i2c.writeto(address, b"\x00")
        time.sleep_ms(20)                      # power-on wait
        for nibble in (0x30, 0x30, 0x30, 0x20):  # reset by instruction, then 4-bit mode
            self._nibble(nibble, 0)
            time.sleep_ms(5)
        self._command(0x28 if rows > 1 else 0x20)
        self._command(0x0C)                    # display on, cursor off
        self._command(0x06)                    # increment, no shift
        self.clear()

    def _nibble(self, value, rs):
        b = (value & 0xF0) | self.backlight | rs
        self.i2c.writeto(self.address, bytes([b | 0x04, b]))   # E high, then low: latched

    def _command(self, byte, rs=0):
        self._nibble(byte, rs)
        self._nibble(byte << 4, rs)

    def clear(self):
        self._command(0x01)
        time.sleep_ms(2)                       # 1.52 ms execution time

    def move_to(self, column, row):
        self._command(0x80 | (ROW_OFFSETS[row] + column))

    def write(self, text):
        for ch in text:
            self._command(ord(ch), 1)
