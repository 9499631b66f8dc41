"""The HTML report's "Parts" section: each part's final state, and the bus transactions.

What the firmware did to the outside world is often the quickest check of a run: the
picture an SSD1306 ends up showing, the colours a WS2812 strip holds, the bytes a UART
peer received, how long an LED was lit. Everything here comes from the run itself: the
parts' ``summary()`` (``Result.parts``), the pin changes and the ``Kind.BUS`` records
the shared pass collected (``_timeline.SpanCollector``: ``data["bus"]``). The OLED image
is an inline PNG ``data:`` URI (stdlib zlib, deterministic bytes) and a character LCD's
rows are text in fixed-width cells with inline styles, so the page stays self-contained.
"""

from __future__ import annotations

import base64
import html
import json

from ..units import format_ns

MAX_BUS_ROWS = 200      # transactions listed; the rest are counted in a "... N more" row
MAX_DATA_BYTES = 16     # bytes of each transaction's data shown in the table
MAX_TEXT_CHARS = 2000   # characters of a UART peer's received text shown
OLED_SCALE = 2          # PNG pixels per panel pixel (CSS keeps them sharp when zoomed)
_e = html.escape


def parts_section(view, data: dict) -> str:
    """The section's HTML, or "" when the run has neither parts with state nor bus traffic."""
    parts = getattr(view, "parts", None) or {}
    bus = data.get("bus") or []
    if not parts and not bus:
        return ""
    out = ["<h2 id=\"parts-h\">Parts</h2>"]
    specs = _specs(view)
    wires = _wires(view)
    for pid, summary in parts.items():
        spec = specs.get(pid)
        kind = spec.type if spec is not None else ""
        body = _part_body(pid, kind, summary if isinstance(summary, dict) else {"state": summary},
                          spec, wires.get(pid, {}), data)
        out.append(f"<div class=\"part\" id=\"part-{_e(_slug(pid))}\" data-type=\"{_e(kind)}\">"
                   f"<h3>{_e(str(pid))} <span class=note>{_e(kind)}</span></h3>{body}</div>")
    if bus:
        out.append(bus_table(bus))
    return "\n".join(out)


def _specs(view) -> dict:
    result = getattr(view, "result", None)
    scenario = getattr(result, "scenario", None)
    return {spec.id: spec for spec in getattr(scenario, "parts", ())}


def _wires(view) -> dict:
    result = getattr(view, "result", None)
    return dict(getattr(getattr(result, "scenario", None), "wires", {}) or {})


def _slug(text) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(text))


# -- one part ----------------------------------------------------------------------------
def _part_body(pid, kind: str, summary: dict, spec, wires: dict, data: dict) -> str:
    shown: set[str] = set()
    extra = []
    screen = summary.get("screen")
    if _is_screen(screen) and _is_text_screen(kind, screen):
        extra.append(_lcd(pid, screen, summary))
        shown.add("screen")
    elif _is_screen(screen):
        extra.append(_oled(pid, screen, summary.get("contrast", 255)))
        shown.add("screen")
    leds = summary.get("leds")
    if isinstance(leds, list) and all(isinstance(c, str) and c.startswith("#") for c in leds):
        extra.append(_swatches(leds, summary.get("frames")))
        shown.add("leds")
    if isinstance(summary.get("received_text"), str):
        extra.append(_uart(summary["received_text"]))
        shown.add("received_text")
    if kind == "led" and "pin" in wires:
        extra.append(_led_time(spec, wires["pin"], summary, data))
    return _facts(summary, shown) + "".join(extra)


def _facts(summary: dict, skip: set) -> str:
    """Scalars as "key value" pairs; lists and dicts as compact JSON, cut at 160 characters."""
    items = []
    for key, value in summary.items():
        if key in skip:
            continue
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, (int, float, str)) or value is None:
            text = "-" if value is None else str(value)
        else:
            from .parts_doc import json_safe

            text = json.dumps(json_safe(value), separators=(",", ":"))
            if len(text) > 160:
                text = text[:157] + "..."
        items.append(f"<span>{_e(str(key))} <b>{_e(text)}</b></span>")
    return f"<p class=\"facts\">{' '.join(items)}</p>" if items else ""


def _is_screen(screen) -> bool:
    return (isinstance(screen, list) and bool(screen) and all(isinstance(r, str) for r in screen)
            and len({len(r) for r in screen}) == 1 and len(screen[0]) > 0)


def _oled(pid, screen: list[str], contrast) -> str:
    from ..hw.parts.ssd1306 import screen_png

    rows = [[1 if c == "#" else 0 for c in row] for row in screen]
    # the brightness the part's own png_bytes() uses for this contrast (hw/parts/ssd1306.py)
    level = 64 + int(contrast) * 191 // 255 if isinstance(contrast, int) else 255
    png = base64.b64encode(screen_png(rows, scale=OLED_SCALE, level=level)).decode("ascii")
    w, h = len(rows[0]) * OLED_SCALE, len(rows) * OLED_SCALE
    lit = sum(map(sum, rows))
    return (f"<img class=\"oled\" id=\"oled-{_e(_slug(pid))}\" width=\"{w}\" height=\"{h}\" "
            f"alt=\"{_e(str(pid))}: final screen, {len(rows[0])}x{len(rows)}, {lit} pixels lit\" "
            f"src=\"data:image/png;base64,{png}\">")


# A character LCD: green-yellow backlight, dark glyphs, one fixed-width cell per character
# (inline styles, so the page needs no extra stylesheet rule and stays self-contained).
LCD_STYLE = ("display:inline-block;margin:4px 0;padding:8px 10px;border:6px solid #1b3d8f;border-radius:4px;"
             "font:20px/1.15 ui-monospace,Menlo,Consolas,monospace;letter-spacing:2px;white-space:pre")
LCD_ON = "background:#9bc53d;color:#1d2b0f"
LCD_OFF = "background:#4d5a33;color:#1d2b0f"       # backlight off: the glass stays dim


def _is_text_screen(kind: str, screen: list[str]) -> bool:
    """An HD44780 screen (rows of characters), not an OLED bitmap of '#' and '.'."""
    return kind == "lcd_i2c" or not set("".join(screen)) <= {"#", "."}


def _lcd(pid, screen: list[str], summary: dict) -> str:
    cursor = summary.get("cursor")
    display_on = summary.get("display_on", True) is not False
    rows = []
    for r, row in enumerate(screen):
        cells = []
        for c, ch in enumerate(row if display_on else " " * len(row)):
            text = _e(ch)
            if isinstance(cursor, list) and cursor == [r, c]:
                text = f"<u class=\"lcd-cursor\">{text}</u>"
            cells.append(text)
        rows.append(f"<span class=\"lcd-row\" style=\"display:block\">{''.join(cells)}</span>")
    look = LCD_ON if summary.get("backlight", True) is not False else LCD_OFF
    label = f"{pid}: final screen, {len(screen[0])}x{len(screen)} characters: " + " / ".join(
        row.rstrip() for row in screen)
    return (f"<div class=\"lcd\" id=\"lcd-{_e(_slug(pid))}\" role=\"img\" aria-label=\"{_e(label)}\" "
            f"style=\"{LCD_STYLE};{look}\">{''.join(rows)}</div>")


def _swatches(leds: list[str], frames) -> str:
    cells = "".join(f"<span class=\"sw\" style=\"background:{_e(c)}\" title=\"LED {i}: {_e(c)}\"></span>"
                    for i, c in enumerate(leds))
    lit = sum(1 for c in leds if c.strip("#0"))
    return (f"<div class=\"strip\">{cells}</div><p class=note>{len(leds)} LEDs, {lit} lit, "
            f"{frames if frames is not None else '?'} frames latched</p>")


def _uart(text: str) -> str:
    shown = text[:MAX_TEXT_CHARS]
    more = f"\n... {len(text) - MAX_TEXT_CHARS} more characters" if len(text) > MAX_TEXT_CHARS else ""
    raw = shown.encode("utf-8")[:256]
    hexdump = " ".join(f"{b:02x}" for b in raw)
    return (f"<pre class=\"uart\">{_e(shown)}{more}</pre>"
            + (f"<p class=\"note hex\">hex: {hexdump}{' ...' if len(shown.encode('utf-8')) > 256 else ''}</p>"
               if raw else "<p class=note>nothing received</p>"))


def _led_time(spec, gpio: int, summary: dict, data: dict) -> str:
    """Time lit over the run, from the pin's level changes (the part only listens)."""
    active_low = bool(spec.attrs.get("active_low", False)) if spec is not None else False
    end = data.get("end_ns") or 0
    steps = data.get("pins", {}).get(gpio)
    if not steps or end <= 0:
        on = bool(summary.get("on"))
        lit_ns = end if on else 0
    else:
        lit_ns = 0
        for (t, level), (t2, _) in zip(steps, steps[1:] + [(end, None)], strict=True):
            if bool(level) != active_low:
                lit_ns += max(0, min(t2, end) - t)
    share = lit_ns / end * 100 if end else 0.0
    return (f"<p class=\"led-time\">lit <b>{_e(format_ns(lit_ns))}</b>, dark {_e(format_ns(max(0, end - lit_ns)))}"
            f" ({share:.1f} % lit over the run)</p>")


# -- bus transactions --------------------------------------------------------------------
def bus_table(bus: list[tuple], limit: int = MAX_BUS_ROWS) -> str:
    """``bus`` = [(t0, t1, bus, op, address, data_hex, result)] in time order."""
    rows = ["<h3>Bus transactions</h3><table id=\"bus-table\"><tr><th>time</th><th class=l>bus</th>"
            "<th class=l>op</th><th>address</th><th class=l>data</th><th>bytes</th><th class=l>result</th>"
            "<th>duration</th></tr>"]
    for t0, t1, name, op, address, data_hex, result in bus[:limit]:
        n = len(data_hex) // 2
        shown = _hex(data_hex) or "-"   # an address-only segment (a scan, a register pointer)
        spi = address is None or address < 0
        addr = "-" if spi else f"{address:#04x}"
        if spi:   # SPI: the result is the MISO bytes (mpy/spi.py)
            bad, result = " class=\"l hex\"", "miso " + _hex(str(result))
        else:     # I2C: ack, nack, nack@N, timeout (mpy/i2c.py)
            bad = " class=l" if result == "ack" else " class=\"l bad\""
        rows.append(f"<tr><td>{_e(format_ns(t0))}</td><td class=l>{_e(str(name))}</td><td class=l>{_e(str(op))}</td>"
                    f"<td>{addr}</td><td class=\"l hex\">{_e(shown)}</td><td>{n}</td><td{bad}>{_e(str(result))}</td>"
                    f"<td>{_e(format_ns(max(0, t1 - t0)))}</td></tr>")
    if len(bus) > limit:
        rows.append(f"<tr class=\"more\"><td class=l colspan=\"8\">... {len(bus) - limit} more transactions</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _hex(data_hex: str) -> str:
    """The first MAX_DATA_BYTES bytes, spaced, and "..." when there are more."""
    shown = " ".join(data_hex[i:i + 2] for i in range(0, min(len(data_hex), 2 * MAX_DATA_BYTES), 2))
    return shown + " ..." if len(data_hex) > 2 * MAX_DATA_BYTES else shown
