"""``pcf8574``: the 8-bit quasi-bidirectional I2C I/O expander; ``lcd_i2c``: the "I2C LCD
backpack", a PCF8574 wired to an HD44780 16x2 or 20x4 character LCD.

PCF8574 (NXP PCF8574/PCF8574A datasheet rev. 5, sections 7-8): addresses 0x20..0x27
(PCF8574A: 0x38..0x3F) by A2..A0; no registers: every data byte written sets the port
P7..P0 (output valid t_v(Q) = 4 us after the ACK; modelled at the byte's wire time), every
byte read returns the pin levels. At power-on the latch is 0xFF (weak pull-up high). A pin
written 1 is only a weak pull-up, so an external low wins (reads 0); a pin written 0 drives low.

The generic ``pcf8574`` drives the GPIO nets its ``p0``..``p7`` pins are wired to (1 released
to the pull-up, 0 driven low) and reads them back; ``parts.<id>.port`` is the final latch.

``lcd_i2c`` uses the wiring of the ubiquitous YwRobot/LCM1602 backpacks that MicroPython LCD
drivers assume: P0 = RS, P1 = RW, P2 = E, P3 = backlight transistor, P4..P7 = D4..D7
(``hd44780.py`` decodes the strobes). ``parts.<id>.screen`` is the visible text per row,
with ``backlight``, ``display_on``, ``cursor`` ([row, column] or null) and counters.
"""

from __future__ import annotations

from ...errors import ScenarioError
from .base import Param, Part, register
from .bus import table
from .hd44780 import ROW_BASE, Hd44780

ADDRESSES = tuple(range(0x20, 0x28)) + tuple(range(0x38, 0x40))   # PCF8574, PCF8574A
RS, RW, E, BACKLIGHT = 0x01, 0x02, 0x04, 0x08


class _Expander(Part):
    outputs = ()   # SDA is shared with other I2C targets; spec/check.py must not flag it
    actions = ("set",)

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "address" and value not in ADDRESSES:
            raise ScenarioError(f"{cls.type_name}.address must be 0x20..0x27 (PCF8574) or 0x38..0x3F "
                                f"(PCF8574A), got {value:#04x}", hint="backpacks usually answer on 0x27 or 0x3F")
        return value

    def begin(self) -> None:
        self.port = 0xFF                 # power-on reset: all pins high (datasheet 8.3)
        self.reading = False
        self.reads = self.writes = self.nacks = 0
        scl, sda = self.gpio_of("scl"), self.gpio_of("sda")
        if scl is not None and sda is not None:
            table(self.gpio).i2c.append((scl, sda, self))

    # -- the I2C target protocol (hw/parts/bus.py) ------------------------------------------------
    def i2c_start(self, read: bool, t_ns: int) -> bool:
        if not self.present:
            self.nacks += 1
            return False
        self.reading = read
        return True

    def i2c_write(self, byte: int, t_ns: int) -> bool:
        self.writes += 1
        old, self.port = self.port, byte
        self.port_changed(old, byte, t_ns)
        return True

    def i2c_read(self, t_ns: int) -> int:
        self.reads += 1
        return self.port & self.pins_in(t_ns)

    def i2c_stop(self, t_ns: int) -> None:
        self.reading = False

    # -- what the port is connected to ---------------------------------------------------------
    def port_changed(self, old: int, new: int, t_ns: int) -> None:
        pass

    def pins_in(self, t_ns: int) -> int:
        """Levels the outside world holds the pins at (1 where nothing pulls low)."""
        return 0xFF


@register("pcf8574")
class Pcf8574(_Expander):
    pins = ("scl", "sda", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7")
    params = {
        "address": Param("int", 0x20, "7-bit address: 0x20..0x27 (PCF8574) or 0x38..0x3F (PCF8574A)"),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    def begin(self) -> None:
        super().begin()
        self._drive(self.port)

    def port_changed(self, old: int, new: int, t_ns: int) -> None:
        self.at(t_ns, self._drive, new)

    def _drive(self, value: int) -> None:
        for bit in range(8):
            # 1: weak pull-up (an input pin of the firmware reads 1); 0: strong low
            self.drive(f"p{bit}", (value >> bit) & 1)

    def pins_in(self, t_ns: int) -> int:
        value = 0
        for bit in range(8):
            num = self.gpio_of(f"p{bit}")
            level = 1 if num is None else self.gpio.pin(num).level
            value |= level << bit
        return value

    def summary(self) -> dict:
        return {"address": f"{self.address:#04x}", "port": f"{self.port:#04x}", "reads": self.reads,
                "writes": self.writes, "nacks": self.nacks}


@register("lcd_i2c")
class LcdI2c(_Expander):
    pins = ("scl", "sda")
    params = {
        "address": Param("int", 0x27, "7-bit address of the backpack's PCF8574: 0x27 (or 0x3F for a PCF8574A)"),
        "columns": Param("int", 16, "characters per row: 16 or 20 (also 8, 24, 40)"),
        "rows": Param("int", 2, "rows: 1, 2 or 4"),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        value = super().parse_param(key, raw)
        if key == "rows" and value not in (1, 2, 4):
            raise ScenarioError(f"lcd_i2c.rows must be 1, 2 or 4, got {value}")
        if key == "columns" and not 1 <= value <= 40:
            raise ScenarioError(f"lcd_i2c.columns must be 1..40, got {value}")
        return value

    def begin(self) -> None:
        super().begin()
        self.lcd = Hd44780(self.columns, self.rows)

    def port_changed(self, old: int, new: int, t_ns: int) -> None:
        if old & E and not new & E:                    # falling E latches (HD44780U figure 25)
            self.lcd.strobe(old & RS, old & RW, old >> 4, t_ns)

    def pins_in(self, t_ns: int) -> int:
        p = self.port
        if p & RW and p & E:                           # the LCD drives D7..D4 while E is high
            return 0x0F | (self.lcd.read(p & RS, t_ns) << 4)
        return 0xFF

    def screen(self) -> list[str]:
        return self.lcd.screen()

    def summary(self) -> dict:
        lcd = self.lcd
        cursor = None
        if lcd.display_on and lcd.cursor_on and not lcd.to_cgram:
            for r in range(self.rows):
                base = ROW_BASE[r]
                if (lcd.ac & 0x40) == (base & 0x40) and 0 <= (lcd.ac & 0x3F) - (base & 0x3F) < self.columns:
                    cursor = [r, (lcd.ac & 0x3F) - (base & 0x3F)]
        return {"address": f"{self.address:#04x}", "screen": self.screen(), "backlight": bool(self.port & BACKLIGHT),
                "display_on": lcd.display_on, "cursor": cursor, "characters": lcd.characters,
                "instructions": lcd.instructions, "lost": lcd.lost, "writes": self.writes}
