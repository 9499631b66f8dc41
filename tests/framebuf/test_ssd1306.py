"""The ssd1306 part: command/data decoding over I2C and SPI, the visible screen, the PNG."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import pytest
from tests.conftest import lines

from irqsim.hw.parts.ssd1306 import Ssd1306, screen_png

LIB_REPO = Path("/work/.mirror/micropython+micropython-lib/repo")
DRIVER = "micropython/drivers/display/ssd1306/ssd1306.py"
I2C_WIRES = {"oled": {"scl": 5, "sda": 4}}

# A driver written here in the style of the common ones: control byte 0x00 + a command
# stream, 0x40 + data, horizontal addressing, the usual 0xA1/0xC8 orientation.
OWN_DRIVER = """
import framebuf
from machine import I2C, Pin

class Oled(framebuf.FrameBuffer):
    def __init__(self, i2c, w=128, h=64):
        self.i2c, self.w, self.h = i2c, w, h
        self.buf = bytearray(w * h // 8)
        super().__init__(self.buf, w, h, framebuf.MONO_VLSB)
        self.cmds(0xAE, 0x20, 0x00, 0x40, 0xA1, 0xA8, h - 1, 0xC8, 0xD3, 0, 0xDA, 0x12,
                  0xD5, 0x80, 0xD9, 0xF1, 0xDB, 0x30, 0x81, 0xFF, 0xA4, 0xA6, 0x8D, 0x14, 0xAF)

    def cmds(self, *c):
        self.i2c.writeto(0x3C, bytes((0x00,) + c))

    def show(self):
        self.cmds(0x21, 0, self.w - 1, 0x22, 0, self.h // 8 - 1)
        self.i2c.writevto(0x3C, (b"\\x40", self.buf))

i2c = I2C(0, scl=Pin(5), sda=Pin(4), freq=400000)
oled = Oled(i2c)
"""


def expected_screen(buf: bytes, w: int, h: int) -> list[str]:
    return ["".join("#" if (buf[(y >> 3) * w + x] >> (y & 7)) & 1 else "." for x in range(w)) for y in range(h)]


def test_screen_shows_the_framebuffer_sent_over_i2c(run_fw):
    r = run_fw(OWN_DRIVER + """
oled.fill(0)
oled.text("irqsim", 0, 0)
oled.rect(0, 10, 128, 54, 1)
oled.ellipse(64, 36, 20, 12, 1, True)
oled.show()
print(bytes(oled.buf).hex())
""", parts=[("oled", "ssd1306", {})], wires=I2C_WIRES)
    buf = bytes.fromhex(lines(r)[0])
    oled = r.parts["oled"]
    assert oled["screen"] == expected_screen(buf, 128, 64)
    assert oled["on"] and oled["updates"] == 1 and oled["data_bytes"] == 1024
    assert oled["screen"][10] == "#" * 128 and oled["screen"][0].startswith("...##...")   # the top of the "i" glyph


def test_inverse_off_and_rotation(run_fw):
    r = run_fw(OWN_DRIVER + """
oled.fill(0)
oled.pixel(0, 0, 1)
oled.show()
oled.cmds(0xA7)            # inverse
""", parts=[("oled", "ssd1306", {})], wires=I2C_WIRES)
    screen = r.parts["oled"]["screen"]
    assert screen[0][0] == "." and screen[0][1] == "#" and screen[63] == "#" * 128
    r = run_fw(OWN_DRIVER + """
oled.fill(0)
oled.pixel(0, 0, 1)
oled.show()
oled.cmds(0xA0, 0xC0)      # no remaps: the module shows the image turned by 180 degrees
""", parts=[("oled", "ssd1306", {})], wires=I2C_WIRES)
    screen = r.parts["oled"]["screen"]
    assert screen[63][127] == "#" and screen[0][0] == "."
    r = run_fw(OWN_DRIVER + """
oled.fill(1)
oled.show()
oled.cmds(0xAE)            # display off
""", parts=[("oled", "ssd1306", {})], wires=I2C_WIRES)
    assert set("".join(r.parts["oled"]["screen"])) == {"."}


def test_page_addressing_and_control_byte_co(run_fw):
    """Co=1 control bytes (one byte each) and page mode: 0xB0+page, column nibbles."""
    r = run_fw("""
from machine import I2C
i2c = I2C(0)
def cmd(c):
    i2c.writeto(0x3C, bytes((0x80, c)))
for c in (0xA1, 0xC8, 0xAF, 0x20, 0x02, 0xB3, 0x05, 0x11):   # page 3, column 0x15
    cmd(c)
i2c.writeto(0x3C, bytes((0xC0, 0xFF, 0x80, 0xB7, 0x40, 0x01, 0x02)))  # data once, cmd once, then data
""", parts=[("oled", "ssd1306", {})], wires=I2C_WIRES)
    screen = r.parts["oled"]["screen"]
    assert [screen[y][0x15] for y in range(24, 32)] == ["#"] * 8
    assert screen[56][0x16] == "#" and screen[57][0x17] == "#"


def _micropython_lib_driver() -> str | None:
    try:
        out = subprocess.run(["git", "--git-dir", str(LIB_REPO), "show", f"HEAD:{DRIVER}"], capture_output=True,
                             check=False)
    except OSError:
        return None
    return out.stdout.decode() if out.returncode == 0 else None


EXAMPLE = """
from machine import Pin, I2C, SPI
import ssd1306
{setup}
oled.fill(0)
oled.text("Hello", 0, 0)
oled.hline(0, 9, 72, 1)
oled.show()
print(bytes(oled.buffer).hex())
"""


@pytest.mark.parametrize("bus", ["i2c", "spi"])
def test_micropython_lib_ssd1306_driver_unchanged(run_fw, bus):
    driver = _micropython_lib_driver()
    if driver is None:
        pytest.skip(f"no micropython-lib checkout at {LIB_REPO}")
    if bus == "i2c":
        setup = "oled = ssd1306.SSD1306_I2C(72, 40, I2C(0, scl=Pin(5), sda=Pin(4)))"
        wires = I2C_WIRES
        attrs = {"width": 72, "height": 40}
    else:
        setup = "oled = ssd1306.SSD1306_SPI(72, 40, SPI(0), Pin(20), Pin(21), Pin(17))"
        wires = {"oled": {"sck": 18, "mosi": 19, "dc": 20, "res": 21, "cs": 17}}
        attrs = {"width": 72, "height": 40}
    r = run_fw(EXAMPLE.format(setup=setup), parts=[("oled", "ssd1306", attrs)], wires=wires,
               files={"ssd1306.py": driver})
    assert r.firmware_error is None, r.firmware_error
    buf = bytes.fromhex(lines(r)[0])
    assert r.parts["oled"]["screen"] == expected_screen(buf, 72, 40)
    assert r.parts["oled"]["contrast"] == 0xFF and r.parts["oled"]["updates"] == 2   # init + show


def test_png_is_a_valid_greyscale_image():
    png = screen_png([[1, 0], [0, 1]], scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    idat = png.index(b"IDAT")
    length = int.from_bytes(png[idat - 4:idat], "big")
    raw = zlib.decompress(png[idat + 4:idat + 4 + length])
    assert raw == b"\x00\xff\xff\x00\x00" * 2 + b"\x00\x00\x00\xff\xff" * 2


def test_bad_parameters_are_scenario_errors():
    from irqsim.errors import ScenarioError

    for key, value in (("address", 0x50), ("width", 200), ("height", 0)):
        with pytest.raises(ScenarioError):
            Ssd1306.parse_param(key, value)


def test_display_example_passes_and_shows_the_count():
    import irqsim

    scenario = Path(__file__).resolve().parents[2] / "examples" / "peripherals" / "oled_counter.toml"
    result = irqsim.run(scenario)
    assert [e for e in result.expectations if not e["passed"]] == [] and result.exit_code == 0
    screen = result.parts["oled"]["screen"]
    assert screen[30] == "#" * 128                                # the bar's frame
    assert screen[40] == "#." + "#" * 120 + "....." + "#"           # 3 presses: a 120-pixel bar


def test_png_parameter_writes_the_final_screen(run_fw, tmp_path):
    run_fw(OWN_DRIVER + "oled.fill(1)\noled.show()\n", parts=[("oled", "ssd1306", {"png": str(tmp_path / "screen.png")})],
           wires=I2C_WIRES)
    png = (tmp_path / "screen.png").read_bytes()
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 128 * 4


def test_sh1106_page_mode_driver_on_a_132_column_ram(run_fw):
    """SH1106 drivers write each page at column 2 (0x02, 0x10); 0x20 means nothing to it."""
    r = run_fw("""
import framebuf
from machine import I2C
i2c = I2C(0)
buf = bytearray(1024)
fb = framebuf.FrameBuffer(buf, 128, 64, framebuf.MONO_VLSB)
def cmd(*c):
    i2c.writeto(0x3C, bytes((0x00,) + c))
cmd(0xAE, 0xA1, 0xC8, 0xAD, 0x8B, 0x32, 0xAF)
fb.text("SH1106", 0, 0)
fb.vline(127, 0, 64, 1)
for page in range(8):
    cmd(0xB0 | page, 0x02, 0x10)
    i2c.writevto(0x3C, (b"\\x40", memoryview(buf)[page * 128:(page + 1) * 128]))
print(bytes(buf).hex())
""", parts=[("oled", "ssd1306", {"controller": "sh1106"})], wires=I2C_WIRES)
    buf = bytes.fromhex(lines(r)[0])
    assert r.parts["oled"]["screen"] == expected_screen(buf, 128, 64)
    assert all(row[127] == "#" for row in r.parts["oled"]["screen"])
    assert r.parts["oled"]["updates"] == 8
