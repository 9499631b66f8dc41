"""``i2c_device``: a generic register-map I2C target that covers most sensor drivers.

Most I2C sensors (temperature, IMU, pressure, RTC, EEPROM-like parts) share one protocol:
after the address byte with R/W=0, the first ``reg_bits/8`` bytes set a register pointer
and further bytes are written from there; a read (usually after a repeated START) returns
bytes from the pointer. Registers are ``reg_width`` bytes wide (2 for TMP102/INA219-style
parts whose pointer selects a 16-bit register, MSB first). The byte cursor advances after every byte when ``auto_increment`` is on
(the common default; e.g. ST parts need bit 7 of the register address set for it, which a
driver does by itself). Registers hold ``registers`` initially; ``who_am_i = [reg, value]``
is a shorthand for an identification register. ``signals`` map a register range to a value
that follows time (``hw/parts/signal.py``: constant, points, CSV file, expression, sine,
noise), encoded as ``round(value / lsb) << shift`` in ``bytes`` bytes (``order`` big or
little, ``signed`` two's complement). Multi-byte values are latched when a read starts, as
sensors' shadow registers do, so a burst never mixes two samples.

``present = false`` (also as a timeline ``set``) makes it NACK its address, like an
unplugged module. Wire ``dev:scl`` and ``dev:sda`` to the GPIOs the firmware's I2C uses.
"""

from __future__ import annotations

from ...errors import ScenarioError
from . import signal as sig
from .base import Param, Part, register
from .bus import table

SIGNAL_KEYS = ("reg", "bytes", "order", "signed", "lsb", "shift")


def _reg(value, what: str) -> int:
    if isinstance(value, str):
        try:
            value = int(value, 0)
        except ValueError:
            raise ScenarioError(f"{what}: register {value!r} is not a number", hint='write "0x0F" or 15') from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(f"{what}: bad register {value!r}")
    return value


def _bytes(value, what: str) -> list[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b < 256
                                               for b in value):
        raise ScenarioError(f"{what} must be a byte value or a list of byte values 0..255, got {value!r}")
    return list(value)


@register("i2c_device")
class I2cDevice(Part):
    pins = ("scl", "sda")
    outputs = ()   # shares the bus nets with other targets; spec/check.py must not flag it
    params = {
        "address": Param("int", None, "7-bit address (0x08..0x77)"),
        "reg_bits": Param("int", 8, "register address (pointer) width: 8 or 16 bits"),
        "reg_width": Param("int", 1, "bytes per register (1..4)"),
        "auto_increment": Param("bool", True, "the register pointer advances after each byte"),
        "size": Param("int", 256, "number of registers (the pointer wraps)"),
        "registers": Param("table", {}, 'initial contents: { "0x0F" = 0x33, "0x20" = [1, 2] }'),
        "who_am_i": Param("list", None, "[register, value] shorthand"),
        "readonly": Param("list", [], "registers that ignore writes"),
        "signals": Param("list", [], "register ranges whose value follows time"),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    @classmethod
    def parse_param(cls, key, raw):
        what = f"i2c_device.{key}"
        if key == "address":
            value = super().parse_param(key, raw)
            if not 0x08 <= value <= 0x77:
                raise ScenarioError(f"{what} must be a 7-bit address 0x08..0x77, got {value:#x}",
                                    hint="addresses 0x00-0x07 and 0x78-0x7F are reserved (I2C spec 3.1.12)")
            return value
        if key == "reg_bits":
            value = super().parse_param(key, raw)
            if value not in (8, 16):
                raise ScenarioError(f"{what} must be 8 or 16, got {value}")
            return value
        if key == "reg_width":
            value = super().parse_param(key, raw)
            if not 1 <= value <= 4:
                raise ScenarioError(f"{what} must be 1..4 bytes, got {value}")
            return value
        if key == "size":
            value = super().parse_param(key, raw)
            if not 1 <= value <= 65536:
                raise ScenarioError(f"{what} must be 1..65536, got {value}")
            return value
        if key == "registers":
            if not isinstance(raw, dict):
                raise ScenarioError(f"{what} must be a table like {{ \"0x0F\" = 0x33 }}")
            return {_reg(k, what): _bytes(v, f"{what}[{k}]") for k, v in raw.items()}
        if key == "who_am_i":
            if not (isinstance(raw, list) and len(raw) == 2):
                raise ScenarioError(f"{what} must be [register, value], got {raw!r}")
            return (_reg(raw[0], what), _bytes(raw[1], what)[0])
        if key == "readonly":
            if not isinstance(raw, list):
                raise ScenarioError(f"{what} must be a list of registers")
            return [_reg(r, what) for r in raw]
        if key == "signals":
            if not isinstance(raw, list):
                raise ScenarioError(f"{what} must be a list of tables")
            return [cls._signal(s, f"{what}[{i}]") for i, s in enumerate(raw)]
        return super().parse_param(key, raw)

    @staticmethod
    def _signal(spec, what: str) -> dict:
        if not isinstance(spec, dict) or "reg" not in spec:
            raise ScenarioError(f"{what} must be a table with reg and a value source",
                                hint='{ reg = "0x00", bytes = 2, lsb = 0.0625, shift = 4, expr = "25 + t" }')
        own = {k: spec[k] for k in SIGNAL_KEYS if k in spec}
        rest = {k: v for k, v in spec.items() if k not in SIGNAL_KEYS}
        sig.check(rest, what)
        n = own.get("bytes", 1)
        if not isinstance(n, int) or not 1 <= n <= 8:
            raise ScenarioError(f"{what}.bytes must be 1..8")
        if own.get("order", "big") not in ("big", "little"):
            raise ScenarioError(f"{what}.order must be big or little")
        lsb = own.get("lsb", 1)
        if isinstance(lsb, bool) or not isinstance(lsb, (int, float)) or lsb == 0:
            raise ScenarioError(f"{what}.lsb must be a non-zero number (value per count)")
        shift = own.get("shift", 0)
        if not isinstance(shift, int) or not 0 <= shift < 8 * n:
            raise ScenarioError(f"{what}.shift must be 0..{8 * n - 1}")
        return {"reg": _reg(own["reg"], what), "bytes": n, "order": own.get("order", "big"),
                "signed": bool(own.get("signed", False)), "lsb": float(lsb), "shift": shift, "spec": rest}

    def begin(self) -> None:
        if self.address is None:
            raise ScenarioError(f"part '{self.id}' (i2c_device) needs an address", hint="address = 0x48")
        w = self.reg_width
        self._nbytes = self.size * w
        self.mem = bytearray(self._nbytes)
        for reg, data in self.registers.items():
            for i, b in enumerate(data):
                self.mem[(reg * w + i) % self._nbytes] = b
        self._readonly = {(r * w + i) % self._nbytes for r in self.readonly for i in range(w)}
        if self.who_am_i is not None:
            self.mem[self.who_am_i[0] * w % self._nbytes] = self.who_am_i[1]
            self._readonly.update((self.who_am_i[0] * w + i) % self._nbytes for i in range(w))
        rng = self.ctx.rng.stream(f"part.{self.id}") if self.ctx.rng is not None else None
        self._signals = []
        for s in self.signals:
            fn = sig.build(s["spec"], f"{self.id}.signals", rng=rng, base_dir=self.ctx.files_dir)
            self._signals.append((s, fn))
            for i in range(s["bytes"]):
                self._readonly.add((s["reg"] * w + i) % self._nbytes)
        self.cursor = 0         # byte index: register * reg_width + byte
        self._phase = None      # None | "ptr" | "data" | "read"
        self._ptr_bytes: list[int] = []
        self.reads = self.writes = self.nacks = 0
        self.written: dict[int, int] = {}
        scl, sda = self.gpio_of("scl"), self.gpio_of("sda")
        if scl is not None and sda is not None:
            table(self.gpio).i2c.append((scl, sda, self))

    # -- register contents ----------------------------------------------------------------
    def _latch(self, t_ns: int) -> None:
        for s, fn in self._signals:
            n = s["bytes"]
            raw = round(fn(t_ns) / s["lsb"]) << s["shift"]
            lo, hi = (-(1 << (8 * n - 1)), (1 << (8 * n - 1)) - 1) if s["signed"] else (0, (1 << (8 * n)) - 1)
            raw = min(max(raw, lo), hi) & ((1 << (8 * n)) - 1)
            data = raw.to_bytes(n, s["order"])
            base = s["reg"] * self.reg_width
            for i, b in enumerate(data):
                self.mem[(base + i) % self._nbytes] = b

    # -- the I2C target protocol (hw/parts/bus.py) -----------------------------------------
    def i2c_start(self, read: bool, t_ns: int) -> bool:
        if not self.present:
            self.nacks += 1
            return False
        if read:
            self._latch(t_ns)
            self._phase = "read"
            self.reads += 1
        else:
            self._phase = "ptr"
            self._ptr_bytes = []
            self.writes += 1
        return True

    def i2c_write(self, byte: int, t_ns: int) -> bool:
        if self._phase == "ptr":
            self._ptr_bytes.append(byte)
            if len(self._ptr_bytes) == self.reg_bits // 8:
                value = 0
                for b in self._ptr_bytes:
                    value = (value << 8) | b
                self.cursor = (value % self.size) * self.reg_width
                self._phase = "data"
            return True
        i = self.cursor
        if i not in self._readonly:
            self.mem[i] = byte
            self.written[i] = byte
        self._advance()
        return True

    def _advance(self) -> None:
        # Without auto-increment the cursor still walks the bytes of one register
        # (a 16-bit register reads MSB then LSB), then stays on that register.
        w = self.reg_width
        nxt = (self.cursor + 1) % self._nbytes
        if self.auto_increment or nxt % w:
            self.cursor = nxt
        else:
            self.cursor -= w - 1

    def i2c_read(self, t_ns: int) -> int:
        value = self.mem[self.cursor]
        self._advance()
        return value

    def i2c_stop(self, t_ns: int) -> None:
        self._phase = None

    def register(self, reg: int, n: int | None = None) -> bytes:
        """Current bytes of register ``reg`` (``n`` bytes; default one register)."""
        n = self.reg_width if n is None else n
        return bytes(self.mem[(reg * self.reg_width + i) % self._nbytes] for i in range(n))

    def summary(self) -> dict:
        return {"address": f"{self.address:#04x}", "reads": self.reads, "writes": self.writes,
                "nacks": self.nacks,
                # registers the firmware wrote, with their current contents (hex, MSB first)
                "written": {f"{r:#04x}": self.register(r).hex()
                            for r in sorted({i // self.reg_width for i in self.written})}}
