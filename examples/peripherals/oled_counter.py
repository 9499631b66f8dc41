# A button counter on a 128x64 SSD1306 OLED (I2C0: GP5 = SCL, GP4 = SDA, 400 kHz).
# The button (GP14, active low) counts in a soft IRQ; the main loop redraws when the count
# changes. Drawing is fast C code, but show() sends 1 KiB over I2C: ~23 ms of busy wait in
# which scheduled (soft) callbacks cannot run. Presses landing then wait for it to finish.
import framebuf
import time
from machine import I2C, Pin


class Oled(framebuf.FrameBuffer):
    """The minimum of an SSD1306 driver: horizontal addressing, the usual orientation."""

    def __init__(self, i2c, addr=0x3C, width=128, height=64):
        self.i2c, self.addr, self.width, self.height = i2c, addr, width, height
        self.buffer = bytearray(width * height // 8)
        super().__init__(self.buffer, width, height, framebuf.MONO_VLSB)
        self.command(0xAE, 0x20, 0x00, 0xA1, 0xC8, 0xA8, height - 1, 0xDA, 0x12, 0x8D, 0x14, 0xAF)

    def command(self, *cmds):
        self.i2c.writeto(self.addr, bytes((0x00,) + cmds))     # control byte: Co=0, D/C#=0

    def show(self):
        self.command(0x21, 0, self.width - 1, 0x22, 0, self.height // 8 - 1)
        self.i2c.writevto(self.addr, (b"\x40", self.buffer))   # control byte: Co=0, D/C#=1


count = 0
pressed_at = 0


def on_press(pin):
    global count, pressed_at
    count += 1
    pressed_at = time.ticks_us()


oled = Oled(I2C(0, freq=400_000))
button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(on_press, Pin.IRQ_FALLING)

shown = -1
while shown < 3:
    if count != shown:
        shown = count
        t0 = time.ticks_us()
        oled.fill(0)
        oled.text("presses", 0, 0)
        oled.text(str(shown), 0, 16)
        oled.rect(0, 30, 128, 34, 1)
        oled.fill_rect(2, 32, min(124, shown * 40), 30, 1)
        t1 = time.ticks_us()
        oled.show()
        t2 = time.ticks_us()
        print("count %d: draw %d us, show %d us" % (shown, time.ticks_diff(t1, t0), time.ticks_diff(t2, t1)))
    time.sleep_ms(1)
