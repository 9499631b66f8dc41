"""``machine.PWM`` as the rp2 port implements it (ports/rp2/machine_pwm.c, extmod/machine_pwm.c).

One object per slice and channel (GPIO n -> slice (n >> 1) & 7 on RP2040; on RP2350
n < 32 -> (n >> 1) & 7, else 8 + ((n >> 1) & 3), pico-sdk pwm_gpio_to_slice_num; channel
n & 1), so ``PWM(Pin(0)) is PWM(Pin(16))`` as on the chip, and two channels of one slice
share DIV/TOP: setting ``freq`` on one re-applies the other's duty. The register arithmetic
is the C code's, in its integer types (uint32 wrap, Cortex-M UDIV by zero = 0), so the
achieved frequency and duty read back exactly as the chip reports them:

- freq: DIV = 1 when (F + f/2) / f < 65534, TOP = that - 1; else the smallest DIV giving
  TOP < 65534 and TOP rounded; ValueError "freq too large"/"freq too small" when DIV is
  outside 1..255 15/16. ``freq()`` is round(F*16 / (div16 * (TOP + 1))), 0 before a set.
- duty_u16(d): CC = (min(d, 65535) * (TOP + 1) + 32767) // 65535; read back rounded.
- duty_ns(d): CC = round(d * slice_hz / 1e9), at most TOP + 1; read back rounded.
- The slice starts only once a frequency and a duty are both set; ``deinit`` stops the
  whole slice (both channels) and freezes its pads.

The pad shows the slice's output (mpy/pwm_slice.py) until the firmware re-initialises the
pin as a GPIO (``Pin(n, Pin.OUT)``). Each call costs ``pwm_call`` (an estimate, below).
"""

from __future__ import annotations

from .pwm_slice import PwmSlice

M32 = 0xFFFF_FFFF
M64 = (1 << 64) - 1
TOP_MAX = 65534            # machine_pwm.c: leaves room for 100 % duty with CC = TOP + 1
CALL_CYCLES = 500          # estimate: argument parsing plus a few register writes
_NOT_SET = object()


def slice_of(gpio: int, chip: str) -> tuple[int, int]:
    """pico-sdk pwm_gpio_to_slice_num / pwm_gpio_to_channel."""
    if "2350" in chip and gpio >= 32:
        return 8 + ((gpio >> 1) & 3), gpio & 1
    return (gpio >> 1) & 7, gpio & 1


def _int32(value) -> int:
    """mp_obj_get_int into an rp2 mp_int_t (32 bits)."""
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, int):
        raise TypeError("can't convert %s to int" % type(value).__name__)
    if not -(1 << 31) <= value < (1 << 31):
        raise OverflowError("overflow converting long int to machine word")
    return value


def _cdiv(a: int, b: int) -> int:
    """C signed division (truncates towards zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _udiv(a: int, b: int) -> int:
    return (a & M32) // (b & M32) if b & M32 else 0   # UDIV by zero is 0 (DIV_0_TRP clear)


def slice_hz(source_hz: int, offset: int, div16: int) -> int:
    """machine_pwm.c get_slice_hz: floor((16 F + offset) / div16) in uint32/uint64."""
    offset &= M32
    div16 &= M32
    if div16 == 0:
        return 0
    if source_hz + offset // 16 > 268_000_000:
        return ((16 * source_hz + offset) // div16) & M32
    return (((16 * source_hz) + offset) & M32) // div16


def freq_registers(source_hz: int, freq: int) -> tuple[int, int]:
    """(div16, top) for a requested frequency, as mp_machine_pwm_freq_set computes them."""
    q = _udiv((source_hz + _cdiv(freq, 2)) & M32, freq)
    if q < TOP_MAX:
        return 16, (q - 1) & M32
    d = (TOP_MAX * freq) & M32                 # C: uint32_t parameter
    div16 = slice_hz(source_hz, d - 1, d)      # get_slice_hz_ceil
    d = (div16 * freq) & M32
    top = (slice_hz(source_hz, d // 2, d) - 1) & M32   # get_slice_hz_round
    return div16, top


def make_pwm(port):
    cpu = port.cpu
    system = port.system
    board = system.board
    gpio = system.gpio
    kernel = system.kernel
    source_hz = board.clock_hz
    call_ns = port.call_ns.get("pwm_call", board.cycles_to_ns(CALL_CYCLES))
    n_slices = 12 if "2350" in board.chip else 8

    slices = [PwmSlice(i, source_hz, kernel, gpio) for i in range(n_slices)]
    freq_set = [False] * n_slices
    objects: dict[tuple[int, int], PWM] = {}

    class PWM:
        def __new__(cls, *args, **kwargs):
            if not args:
                raise TypeError("function missing 1 required positional arguments")
            machine_pin = port.modules["machine"].Pin
            pin = args[0] if isinstance(args[0], machine_pin) else machine_pin(args[0])
            sl, ch = slice_of(pin._num, board.chip)
            self = objects.get((sl, ch))
            if self is None:
                self = object.__new__(cls)
                self._slice = sl
                self._channel = ch
                self._invert = 0
                self._duty_type = None
                self._duty = 0
                objects[(sl, ch)] = self
            return self

        def __init__(self, pin, *args, **kwargs):
            cpu.charge(call_ns)
            cpu.sync()
            self._invert = 0
            self._duty_type = None
            self._init(*args, **kwargs)
            machine_pin = port.modules["machine"].Pin
            p = pin if isinstance(pin, machine_pin) else machine_pin(pin)
            slices[self._slice].attach(self._channel, p._num)

        def _init(self, *args, **kwargs):
            if len(args) > 1:
                raise TypeError("function takes 2 positional arguments but %d were given" % (len(args) + 1))
            for key in kwargs:
                if key not in ("freq", "duty_u16", "duty_ns", "invert"):
                    raise TypeError("unexpected keyword argument '%s'" % key)
            if args and "freq" in kwargs:
                raise TypeError("argument 'freq' given twice")   # pragma: no cover - rare
            freq = args[0] if args else kwargs.get("freq", _NOT_SET)
            duty_u16 = kwargs.get("duty_u16", _NOT_SET)
            duty_ns = kwargs.get("duty_ns", _NOT_SET)
            invert = kwargs.get("invert", _NOT_SET)
            self._defer = True   # defer starting until every argument is checked
            try:
                if freq is not _NOT_SET:
                    self._freq_set(_int32(freq))
                if duty_u16 is not _NOT_SET:
                    self._duty_set_u16(_int32(duty_u16))
                if duty_ns is not _NOT_SET:
                    self._duty_set_ns(_int32(duty_ns))
                if invert is not _NOT_SET:
                    self._invert = 1 if _int32(invert) else 0
            finally:
                self._defer = False
            self._start()

        def init(self, *args, **kwargs):
            cpu.charge(call_ns)
            cpu.sync()
            self._init(*args, **kwargs)

        def __repr__(self):
            return "<PWM slice=%u channel=%u invert=%u>" % (self._slice, self._channel, self._invert)

        def _other(self):
            return objects.get((self._slice, 1 - self._channel))

        def _start(self):
            """machine_pwm_start: polarity of both channels, then enable the slice."""
            if getattr(self, "_defer", False) or not freq_set[self._slice] or self._duty_type is None:
                return
            other = self._other()
            inv = [0, 0]
            inv[self._channel] = self._invert
            inv[1 - self._channel] = other._invert if other is not None else 0
            s = slices[self._slice]
            s.set_invert(*inv)
            s.set_enabled(True)

        def deinit(self):
            cpu.charge(call_ns)
            cpu.sync()
            slices[self._slice].set_enabled(False)

        # -- frequency ------------------------------------------------------------------
        def freq(self, *args):
            cpu.charge(call_ns)
            cpu.sync()
            if len(args) > 1:
                raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
            if not args:
                if not freq_set[self._slice]:
                    return 0
                s = slices[self._slice]
                div = s.div16 * (s.top + 1)
                return slice_hz(source_hz, div // 2, div)
            self._freq_set(_int32(args[0]))
            return None

        def _freq_set(self, freq):
            div16, top = freq_registers(source_hz, freq)
            if div16 < 16:
                raise ValueError("freq too large")
            if div16 >= 256 * 16:
                raise ValueError("freq too small")
            s = slices[self._slice]
            s.write(div16=div16, top=top)
            freq_set[self._slice] = True
            for obj in (self, self._other()):
                if obj is None:
                    continue
                if obj._duty_type == "u16":
                    obj._duty_set_u16(obj._duty)
                elif obj._duty_type == "ns":
                    obj._duty_set_ns(obj._duty)

        # -- duty -----------------------------------------------------------------------
        def _cc(self) -> int:
            return slices[self._slice].cc[self._channel]

        def duty_u16(self, *args):
            cpu.charge(call_ns)
            cpu.sync()
            if len(args) > 1:
                raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
            if not args:
                if self._duty_type is None or not freq_set[self._slice]:
                    return 0
                top1 = slices[self._slice].top + 1
                return (self._cc() * 65535 + top1 // 2) // top1
            self._duty_set_u16(_int32(args[0]))
            return None

        def _duty_set_u16(self, duty_u16):
            s = slices[self._slice]
            duty_u16 = min(duty_u16, 65535)
            cc = (((duty_u16 * (s.top + 1)) & M32) + 65535 // 2) & M32
            s.write(channel=self._channel, cc=cc // 65535)
            self._duty = duty_u16
            self._duty_type = "u16"
            self._start()

        def duty_ns(self, *args):
            cpu.charge(call_ns)
            cpu.sync()
            if len(args) > 1:
                raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
            if not args:
                if self._duty_type is None or not freq_set[self._slice]:
                    return 0
                hz = self._slice_hz()
                return ((self._cc() * 1_000_000_000 + hz // 2) // hz) if hz else 0
            self._duty_set_ns(_int32(args[0]))
            return None

        def _slice_hz(self) -> int:
            div16 = slices[self._slice].div16
            return slice_hz(source_hz, div16 // 2, div16)

        def _duty_set_ns(self, duty_ns):
            s = slices[self._slice]
            cc = ((((duty_ns & M64) * self._slice_hz()) & M64) + 500_000_000) & M64
            cc = (cc // 1_000_000_000) & M32
            cc = min(cc, s.top + 1)
            s.write(channel=self._channel, cc=cc)
            self._duty = duty_ns
            self._duty_type = "ns"
            self._start()

    return PWM
