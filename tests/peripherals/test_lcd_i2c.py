"""lcd_i2c (PCF8574 backpack + HD44780) and pcf8574: text from the 4-bit protocol."""

from __future__ import annotations

from irqsim.hw.parts.hd44780 import Hd44780

WIRES = {"lcd": {"scl": 5, "sda": 4}}
# The usual backpack driver shape (P0 RS, P1 RW, P2 E, P3 backlight, P4..P7 D4..D7).
DRIVER = '''
import time

class Lcd:
    def __init__(self, i2c, addr=0x27, rows=2, cols=16):
        self.i2c, self.addr, self.rows, self.cols, self.bl = i2c, addr, rows, cols, 0x08
        i2c.writeto(addr, b'\\x00')
        time.sleep_ms(20)
        for n in (0x30, 0x30, 0x30, 0x20):
            self.nibble(n, 0)
            time.sleep_ms(5)
        self.cmd(0x28 if rows > 1 else 0x20)
        self.cmd(0x08)
        self.clear()
        self.cmd(0x06)
        self.cmd(0x0C)

    def nibble(self, value, rs):
        b = (value & 0xF0) | self.bl | rs
        self.i2c.writeto(self.addr, bytes([b | 0x04]))
        self.i2c.writeto(self.addr, bytes([b]))

    def cmd(self, c, rs=0):
        self.nibble(c, rs)
        self.nibble(c << 4, rs)

    def clear(self):
        self.cmd(0x01)
        time.sleep_ms(2)

    def move(self, col, row):
        self.cmd(0x80 | (col + (0x00, 0x40, self.cols, 0x40 + self.cols)[row]))

    def text(self, s):
        for ch in s:
            self.cmd(ord(ch), 1)
'''


def run(run_fw, body, attrs=None):
    return run_fw(body, parts=[("lcd", "lcd_i2c", attrs or {})], wires=WIRES,
                  files={"lcddrv.py": DRIVER})


def test_text_on_both_rows(run_fw):
    r = run(run_fw, """
from machine import I2C
from lcddrv import Lcd
lcd = Lcd(I2C(0, freq=100000))
lcd.text("Hello, world!")
lcd.move(3, 1)
lcd.text("21.5C 45%")
""")
    lcd = r.parts["lcd"]
    assert lcd["screen"] == ["Hello, world!   ", "   21.5C 45%    "]
    assert lcd["backlight"] is True and lcd["display_on"] is True and lcd["lost"] == 0


def test_20x4_rows_and_clear_wait(run_fw):
    r = run(run_fw, """
from machine import I2C
from lcddrv import Lcd
lcd = Lcd(I2C(0, freq=400000), rows=4, cols=20)
for row in range(4):
    lcd.move(0, row)
    lcd.text("row %d" % row)
lcd.cmd(0x01)            # clear without the 1.52 ms wait: the next characters are lost
lcd.text("abc")
""", {"rows": 4, "columns": 20})
    lcd = r.parts["lcd"]
    assert lcd["lost"] > 0
    assert lcd["screen"][0].strip() != "abc"


def test_rows_mapping_and_shift_in_the_model():
    lcd = Hd44780(20, 4)
    t = 0

    def send(rs, byte):
        nonlocal t
        t += 100_000
        four_bit = lcd.four_bit                    # 8-bit mode: one strobe per instruction
        lcd.strobe(rs, 0, byte >> 4, t)
        if four_bit:
            lcd.strobe(rs, 0, byte & 0xF, t)

    for b in (0x30, 0x30, 0x30, 0x20, 0x28, 0x0C, 0x01):
        send(0, b)
    t += 2_000_000
    for row, addr in enumerate((0x00, 0x40, 0x14, 0x54)):
        send(0, 0x80 | addr)
        for ch in f"R{row}":
            send(1, ord(ch))
    assert [s[:2] for s in lcd.screen()] == ["R0", "R1", "R2", "R3"]
    send(0, 0x18)                                  # display shift left
    assert lcd.screen()[0].startswith("0")
    send(0, 0x08)                                  # display off
    assert lcd.screen()[0] == " " * 20


def test_busy_flag_read_through_the_expander(run_fw):
    r = run(run_fw, """
from machine import I2C
from lcddrv import Lcd
i2c = I2C(0, freq=400000)
lcd = Lcd(i2c)
lcd.cmd(0x01)
def read_busy():
    i2c.writeto(0x27, bytes([0xF0 | 0x08 | 0x02 | 0x04]))   # RW=1, E high, D7..D4 released
    hi = i2c.readfrom(0x27, 1)[0]
    i2c.writeto(0x27, bytes([0xF0 | 0x08 | 0x02]))
    i2c.writeto(0x27, bytes([0xF0 | 0x08 | 0x02 | 0x04]))
    i2c.writeto(0x27, bytes([0xF0 | 0x08 | 0x02]))
    return hi >> 7
first = read_busy()
import time
time.sleep_ms(2)
print(first, read_busy())
""")
    assert r.stdout[0][1] == "1 0"


def test_pcf8574_drives_and_reads_pins(run_fw):
    r = run_fw("""
from machine import I2C, Pin
import time
i2c = I2C(0)
i2c.writeto(0x20, b'\\x0f')
time.sleep_ms(1)
print(Pin(10).value(), Pin(11).value(), hex(i2c.readfrom(0x20, 1)[0]))
""", parts=[("io", "pcf8574", {})], wires={"io": {"scl": 5, "sda": 4, "p0": 10, "p7": 11}})
    assert r.stdout[0][1] == "1 0 0xf"
    assert r.parts["io"]["port"] == "0x0f"
