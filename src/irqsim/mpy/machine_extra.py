"""``machine`` pieces firmware in the wild uses beyond Pin/Timer: WDT that really bites, RTC,
``bootloader()`` and ``mem8/16/32`` (refused with a clear error: registers are not modelled).

ports/rp2/machine_wdt.c, machine_rtc.c, modmachine.c; extmod/modmachine.c (memX).
"""

from __future__ import annotations

from ..runtime.cpu import StopSimulation
from ..trace.log import Kind
from .thread_module import NotSimulatedError
from .time_module import RTC_START_S

# machine_wdt.c: 24-bit counter, 1 tick/us on RP2350 (2 on RP2040) -> 16777 ms (8388 ms)
WDT_TIMEOUT_MAX_MS = {"rp2350": 16777, "rp2040": 8388}


def add_extras(mod, port) -> None:
    cpu = port.cpu
    kernel = port.system.kernel
    board = port.system.board
    chip = str(getattr(board, "chip", "rp2350")).lower()
    wdt_max = WDT_TIMEOUT_MAX_MS.get(chip, 16777)
    port.rtc_base_s = RTC_START_S   # wall-clock seconds at t=0 (RTC.datetime(...) moves it)

    def stop(reason: str) -> None:
        exc = StopSimulation(reason)
        cpu.stopped = exc
        raise exc

    class WDT:
        """One watchdog (a singleton on rp2); not fed within ``timeout`` ms -> the chip resets.
        irqsim ends the run there (reason "watchdog") and reports an error, since the
        firmware would restart from boot.py with ``reset_cause() == WDT_RESET``."""

        _event = None
        _timeout_ns = 0

        def __new__(cls, id=0, timeout=5000):
            if isinstance(id, bool) or not isinstance(id, int):
                raise TypeError("can't convert %s to int" % type(id).__name__)
            if id != 0:
                raise ValueError("WDT(%d) doesn't exist" % id)
            if isinstance(timeout, float):
                raise TypeError("can't convert float to int")
            if timeout > wdt_max:
                raise ValueError("timeout exceeds %d" % wdt_max)
            cls._timeout_ns = max(0, int(timeout)) * 1_000_000
            self = object.__new__(cls)
            self.feed()
            return self

        def feed(self):
            cls = type(self)
            if cls._event is not None:
                cls._event.cancel()
            cls._event = kernel.schedule_at(cpu.sync() + cls._timeout_ns, _bite, cls._timeout_ns)
            return None

    def _bite(timeout_ns: int) -> None:
        WDT._event = None
        port.violation_at("WDT001", f"the watchdog was not fed for {timeout_ns // 1_000_000} ms: the chip "
                          "resets here (machine.reset_cause() would be WDT_RESET after reboot)",
                          where=(None, None), severity="error")
        port.log.append((kernel.now_ns, Kind.PRINT, "[watchdog reset]"))
        stop("watchdog")

    class RTC:
        """The always-on timer as a calendar: datetime() -> (y, m, d, weekday, h, m, s, 0);
        starts at 2021-01-01 00:00:00 (ports/rp2/main.c) and runs with virtual time."""

        def __init__(self, *args, **kwargs):
            return None

        def datetime(self, *args):
            import calendar
            import time as host_time

            now_s = cpu.now() // 1_000_000_000
            if not args:
                t = host_time.gmtime(port.rtc_base_s + now_s)
                return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_wday, t.tm_hour, t.tm_min, t.tm_sec, 0)
            items = tuple(args[0])
            if len(items) != 8:
                raise ValueError("requested length 8 but object has length %d" % len(items))
            y, mo, d, _wd, h, mi, s, _sub = (int(x) for x in items)
            port.rtc_base_s = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) - now_s
            return None

    class _Mem:
        def __init__(self, width: int) -> None:
            self._name = f"mem{width}"

        def _refuse(self, addr):
            file, line = port.firmware_location()
            where = f"0x{addr:08x}" if isinstance(addr, int) else repr(addr)
            raise NotSimulatedError(f"machine.{self._name}[{where}]: peripheral registers are not simulated by irqsim",
                                    file=file, line=line,
                                    hint="use the machine/rp2 API (Pin, Timer, UART ...) the simulator models, "
                                         "or keep register-level code out of what you simulate")

        def __getitem__(self, addr):
            self._refuse(addr)

        def __setitem__(self, addr, value):
            self._refuse(addr)

    def bootloader(*args):
        # modmachine.c: reboots into the BOOTSEL USB bootloader; the program never continues.
        port.write("machine.bootloader()\n")
        stop("bootloader")

    mod.WDT = WDT
    mod.RTC = RTC
    mod.mem8, mod.mem16, mod.mem32 = _Mem(8), _Mem(16), _Mem(32)
    mod.bootloader = bootloader   # rp2 defines only PWRON_RESET and WDT_RESET (modmachine.c)


class _PinNames:
    """``Pin.board`` / ``Pin.cpu``: named pins as attributes (ports/rp2/boards/*/pins.csv)."""

    def __init__(self, pin_cls, kind: str, names: dict) -> None:
        self._pin_cls = pin_cls
        self._kind = kind
        self._names = names

    def __getattr__(self, name):
        num = self._names.get(name)
        if num is None:
            raise AttributeError("type object '%s' has no attribute '%s'" % (self._kind, name))
        return self._pin_cls.__new__(self._pin_cls, num)   # the one Pin object per GPIO, no charge

    def __dir__(self):
        return sorted(self._names)


def add_pin_names(pin_cls, n_gpio: int, led_gpio: int) -> None:
    # RPI_PICO2 pins.csv: GP0..GP22, GP25..GP28 and LED (GPIO25); the cpu table has every GPIOn.
    board = {f"GP{n}": n for n in (*range(23), 25, 26, 27, 28) if n < n_gpio}
    board["LED"] = led_gpio
    pin_cls.board = _PinNames(pin_cls, "board", board)
    pin_cls.cpu = _PinNames(pin_cls, "cpu", {f"GPIO{n}": n for n in range(n_gpio)})

