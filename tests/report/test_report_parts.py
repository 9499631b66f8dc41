"""The parts' final state: ``parts`` in the ``--json`` document and the HTML report's Parts
section (OLED image, LED strip, UART text, LED lit time, bus transactions)."""

from __future__ import annotations

import base64
import json
import math
import re
import struct
import zlib
from pathlib import Path

import pytest

from irqsim.cli import main
from irqsim.report._source import RunView
from irqsim.report.html import write_report
from irqsim.report.html_parts import MAX_BUS_ROWS
from irqsim.report.parts_doc import MAX_INLINE_BYTES, json_safe
from irqsim.sim import build
from irqsim.trace.log import EventLog, Kind

from .conftest import REPO
from .test_report_html import chromium, needs_chromium

EXAMPLES = REPO / "examples"
OLED = EXAMPLES / "peripherals" / "oled_counter.toml"


@pytest.fixture(scope="module")
def oled_result():
    return build(OLED).run()


def _report(source, tmp_path, name="r.html") -> str:
    out = tmp_path / name
    write_report(source, out)
    return out.read_text(encoding="utf-8")


# -- JSON ---------------------------------------------------------------------------------
def test_json_safe_converts_what_json_cannot_hold():
    data = {2: (1, 2), "b": b"\x01\xff", "nan": math.nan, "inf": -math.inf, "s": {3, 1, 2}, "p": Path("a/b.png"),
            "big": bytes(MAX_INLINE_BYTES + 1), "ok": 1.5, "none": None, "flag": True}
    safe = json_safe(data)
    assert safe == {"2": [1, 2], "b": "01ff", "big": {"omitted_bytes": MAX_INLINE_BYTES + 1}, "flag": True,
                    "inf": None, "nan": None, "none": None, "ok": 1.5, "p": "a/b.png", "s": [1, 2, 3]}
    assert list(safe) == sorted(safe)
    json.dumps(safe, allow_nan=False)   # strict JSON


def test_run_json_has_the_parts(capsys):
    assert main(["run", str(OLED), "--json", "--quiet"]) == 0
    text = capsys.readouterr().out
    doc = json.loads(text)
    parts = doc["parts"]
    assert list(parts) == ["btn", "oled"]
    oled = parts["oled"]
    assert list(oled) == sorted(oled)
    assert len(oled["screen"]) == 64 and {len(row) for row in oled["screen"]} == {128}
    assert set("".join(oled["screen"])) == {"#", "."}
    assert oled["updates"] == 4 and parts["btn"] == {"presses": 3}
    assert "png" not in oled   # this scenario does not ask for the file
    # the same document again, byte for byte
    assert main(["run", str(OLED), "--json", "--quiet"]) == 0
    assert capsys.readouterr().out == text


def test_json_parts_match_the_result(oled_result):
    from irqsim.report.text import result_document

    doc = result_document(oled_result)
    assert doc["parts"]["oled"]["screen"] == oled_result.parts["oled"]["screen"]
    assert json.loads(json.dumps(doc, allow_nan=False))["parts"] == doc["parts"]


# -- HTML: parts --------------------------------------------------------------------------
def _png_rows(data_uri: str) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of grey values) of an 8-bit greyscale PNG without filters."""
    png = base64.b64decode(data_uri)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 0)
    pos, idat = 8, b""
    while pos < len(png):
        n = struct.unpack(">I", png[pos:pos + 4])[0]
        if png[pos + 4:pos + 8] == b"IDAT":
            idat += png[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width + 1
    rows = [raw[i * stride:(i + 1) * stride] for i in range(height)]
    assert all(r[0] == 0 for r in rows)
    return width, height, [r[1:] for r in rows]


def test_oled_screen_is_an_inline_png_of_the_final_screen(oled_result, tmp_path):
    text = _report(oled_result, tmp_path)
    assert 'id="parts-h"' in text and 'id="part-oled" data-type="ssd1306"' in text
    uri = re.search(r'<img class="oled" id="oled-oled"[^>]*src="data:image/png;base64,([^"]+)"', text).group(1)
    width, height, rows = _png_rows(uri)
    assert (width, height) == (256, 128)
    screen = oled_result.parts["oled"]["screen"]
    for y, row in enumerate(screen):   # every panel pixel is a 2x2 block, lit where the screen is
        got = rows[2 * y]
        assert all((got[2 * x] > 0) == (c == "#") for x, c in enumerate(row))
    lit = sum(row.count("#") for row in screen)
    assert 1000 < lit < 8192 and f"{lit} pixels lit" in text


def test_led_strip_swatches(tmp_path):
    result = build(EXAMPLES / "peripherals" / "pot_strip.toml").run()
    text = _report(result, tmp_path)
    leds = result.parts["strip"]["leds"]
    part = re.search(r'<div class="part" id="part-strip".*?\n', text).group(0)
    assert re.findall(r'class="sw" style="background:(#[0-9a-f]{6})"', part) == leds
    assert f"{result.parts['strip']['frames']} frames latched" in part


def test_uart_peer_text(tmp_path):
    result = build(EXAMPLES / "parts" / "uart_echo.toml").run()
    text = _report(result, tmp_path)
    received = result.parts["pc"]["received_text"]
    assert received == "HELLO IRQSIMSECOND\n"   # uart_echo.py echoes upper-cased
    pre = re.search(r'<pre class="uart">(.*?)</pre>', text, re.S).group(1)
    assert pre.replace("&#x27;", "'").replace("&quot;", '"') == received
    assert " ".join(f"{b:02x}" for b in received.encode()[:8]) in text


def test_led_lit_time_comes_from_the_pin(tmp_path):
    sim = build(EXAMPLES / "parts" / "blink_probe.toml")
    result = sim.run()
    from irqsim.units import format_ns

    lit = sim.parts["led"].time_at(1, result.end_ns)   # the part's own record of its pin
    assert 0 < lit < result.end_ns
    text = _report(result, tmp_path)
    got = re.search(r'<p class="led-time">lit <b>([^<]+)</b>', text).group(1)
    assert got == format_ns(lit)


# -- HTML: bus transactions ---------------------------------------------------------------
def _bus_log(n: int) -> EventLog:
    log = EventLog()
    for i in range(n):
        t = 1000 + i * 100_000
        result = "nack" if i == 3 else "ack"
        log.append((t, Kind.BUS, "I2C0", "write", 0x3C, bytes(range(i % 40)).hex(), result, t + 50_000))
    log.append((1000 + n * 100_000 + 5, Kind.BUS, "SPI1", "xfer", -1, "9f00", "00ef", 1000 + n * 100_000 + 900))
    log.append((n * 100_000 + 10_000, Kind.END, "duration"))
    return log


def test_bus_table_is_capped_with_a_count_of_the_rest(tmp_path):
    n = MAX_BUS_ROWS + 49
    text = _report(RunView(log=_bus_log(n), end_ns=(n + 1) * 100_000), tmp_path)
    table = re.search(r'<table id="bus-table">(.*?)</table>', text, re.S).group(1)
    assert table.count("<tr>") == 1 + MAX_BUS_ROWS
    assert f"... {n + 1 - MAX_BUS_ROWS} more transactions" in table
    rows = re.findall(r"<tr><td>(.*?)</tr>", table)
    assert "<td>0x3c</td>" in rows[0] and "<td>0</td>" in rows[0]
    assert '<td class="l bad">nack</td>' in rows[3]
    assert "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f ..." in rows[20]   # 20 bytes, 16 shown


def test_bus_lanes_in_the_timeline(tmp_path):
    text = _report(RunView(log=_bus_log(5), end_ns=700_000), tmp_path)
    data = json.loads(re.search(r'id="timeline-data">(.*?)</script>', text, re.S).group(1))
    lanes = {lane["name"]: lane for lane in data["lanes"]}
    assert "bus I2C0" in lanes and "bus SPI1" in lanes
    i2c = lanes["bus I2C0"]
    starts = struct.unpack("<5d", base64.b64decode(i2c["a"]))
    assert starts == tuple(float(1000 + i * 100_000) for i in range(5))
    assert "write 0x3c nack (3 B)" in i2c["labels"] and lanes["bus SPI1"]["labels"] == ["xfer (2 B)"]


def test_no_parts_section_without_parts_or_buses(log, tmp_path):
    assert 'id="parts-h"' not in _report(log, tmp_path)


def test_report_with_parts_is_deterministic(oled_result, tmp_path):
    assert _report(oled_result, tmp_path, "a.html") == _report(oled_result, tmp_path, "b.html")


@needs_chromium
def test_oled_report_renders_in_chromium(oled_result, tmp_path, artifacts):
    out = tmp_path / "oled.html"
    write_report(oled_result, out)
    # a probe appended to a copy: Chromium decoded the inline PNG at its natural size
    probe = tmp_path / "probe.html"
    probe.write_text(out.read_text(encoding="utf-8").replace(
        "</body>", "<script>window.addEventListener('load',function(){var i=document.querySelector('img.oled');"
        "document.body.setAttribute('data-oled',i.complete+'x'+i.naturalWidth+'x'+i.naturalHeight);});</script></body>"),
        encoding="utf-8")
    dom, console = chromium(probe.as_uri(), tmp_path / "profile", "--dump-dom")
    assert console == []
    assert 'data-rendered="1"' in dom and re.search(r'<div id="js-errors">\s*</div>', dom)
    assert 'data-oled="truex256x128"' in dom
    assert dom.count("<title>write 0x3c ack (1025 B):") == 4   # the bus lane: four full-screen show()s
    shot = artifacts / "report_oled_counter.png"
    shot.unlink(missing_ok=True)
    chromium(out.as_uri(), tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000


def test_json_names_the_png_file_not_its_bytes(tmp_path, capsys):
    import shutil

    for name in ("oled_counter.toml", "oled_counter.py"):
        shutil.copy(EXAMPLES / "peripherals" / name, tmp_path / name)
    assert main(["run", str(tmp_path / "oled_counter.toml"), "--json", "--quiet",
                 "--set", "parts.oled.png=screen.png", "--duration", "50ms"]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    assert doc["parts"]["oled"]["png"] == "screen.png"
    assert (tmp_path / "screen.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "iVBOR" not in json.dumps(doc)   # no base64 PNG inline


# -- HTML: character LCD ------------------------------------------------------------------
LCD_SCENARIO = EXAMPLES / "peripherals" / "weather_station.toml"


@pytest.fixture(scope="module")
def lcd_result():
    return build(LCD_SCENARIO).run()


def _lcd_rows(text: str, pid: str) -> list[str]:
    block = re.search(rf'<div class="lcd" id="lcd-{pid}"[^>]*>(.*?)</div>', text).group(1)
    rows = re.findall(r'<span class="lcd-row"[^>]*>(.*?)</span>', block)
    import html as _html

    return [_html.unescape(re.sub(r"</?u[^>]*>", "", r)) for r in rows]


def test_lcd_screen_is_fixed_width_text_not_an_oled_image(lcd_result, tmp_path):
    text = _report(lcd_result, tmp_path)
    lcd_ids = [pid for pid, s in lcd_result.parts.items() if isinstance(s, dict) and "backlight" in s]
    assert lcd_ids
    pid = lcd_ids[0]
    screen = lcd_result.parts[pid]["screen"]
    assert any(row.strip() for row in screen)                # the example wrote something
    assert _lcd_rows(text, pid) == screen                    # every row, every character (spaces too)
    assert f'id="oled-{pid}"' not in text                    # not mistaken for an OLED bitmap
    assert "white-space:pre" in text and "monospace" in text
    assert "background:#9bc53d" in text                      # backlight on in this example
    assert f"{len(screen[0])}x{len(screen)} characters" in text


def test_lcd_backlight_off_display_off_and_cursor():
    from irqsim.report.html_parts import _lcd

    screen = ["Hi <b>&   ", "          "]
    on = _lcd("lcd", screen, {"backlight": True, "display_on": True, "cursor": [0, 1]})
    assert "&lt;b&gt;&amp;" in on and '<u class="lcd-cursor">i</u>' in on
    off = _lcd("lcd", screen, {"backlight": False, "display_on": False, "cursor": None})
    assert "background:#4d5a33" in off and "Hi" not in off.split(">", 1)[1]   # display off: blank glass


def test_lcd_report_is_deterministic(lcd_result, tmp_path):
    assert _report(lcd_result, tmp_path, "a.html") == _report(lcd_result, tmp_path, "b.html")


@needs_chromium
def test_lcd_report_renders_in_chromium(lcd_result, tmp_path):
    out = tmp_path / "lcd.html"
    write_report(lcd_result, out)
    probe = tmp_path / "probe.html"
    probe.write_text(out.read_text(encoding="utf-8").replace(
        "</body>", "<script>window.addEventListener('load',function(){var d=document.querySelector('div.lcd');"
        "var r=d.querySelectorAll('.lcd-row');document.body.setAttribute('data-lcd',r.length+'x'+"
        "(r[0].getBoundingClientRect().width===r[1].getBoundingClientRect().width));});</script></body>"),
        encoding="utf-8")
    dom, console = chromium(probe.as_uri(), tmp_path / "profile", "--dump-dom")
    assert console == []
    assert 'data-rendered="1"' in dom and re.search(r'<div id="js-errors">\s*</div>', dom)
    rows = len(lcd_result.parts["lcd"]["screen"]) if "lcd" in lcd_result.parts else 2
    assert f'data-lcd="{rows}xtrue"' in dom                  # fixed width: every row equally wide
