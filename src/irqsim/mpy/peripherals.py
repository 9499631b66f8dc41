"""Bus peripherals firmware commonly constructs (I2C, SPI, ADC, PWM, WDT, Signal; UART is mpy/uart.py).

I2C/SoftI2C (mpy/i2c.py) talk to scenario parts wired to their pins (hw/parts/bus.py) and
charge bus time. SPI, ADC and PWM are not wired to simulated devices yet: SPI reads 0xFF,
ADC reads mid-scale, PWM keeps its settings. Bus calls in a hard handler are reported
(IRQ301): the lesson's rule that bus calls do not belong in an interrupt handler.
"""

from __future__ import annotations


def add_peripherals(mod, port) -> None:
    cpu = port.cpu

    def in_handler(what: str) -> None:
        # Only hard handlers: scheduled callbacks run in thread context, which is where the
        # lesson says bus work belongs.
        if cpu.hard_depth:
            port.violation("IRQ301", f"{what} in a hard interrupt handler: bus drivers wait on "
                           "their own interrupts and may deadlock or stall", severity="error")

    class _Bus:
        _kind = "bus"

        def __init__(self, id=0, *args, **kwargs):
            self.id = id
            self.settings = kwargs

        def init(self, *args, **kwargs):
            self.settings.update(kwargs)

        def deinit(self):
            return None

    from .i2c import make_i2c

    I2C, SoftI2C = make_i2c(port)

    class SPI(_Bus):
        MSB = 0
        LSB = 1

        def write(self, buf):
            in_handler("SPI.write()")

        def read(self, n, write=0):
            in_handler("SPI.read()")
            return bytes([0xFF]) * n

        def readinto(self, buf, write=0):
            in_handler("SPI.readinto()")
            for i in range(len(buf)):
                buf[i] = 0xFF

        def write_readinto(self, out, inp):
            in_handler("SPI.write_readinto()")
            for i in range(len(inp)):
                inp[i] = 0xFF

    class SoftSPI(SPI):
        pass

    from .uart import make_uart

    UART = make_uart(port)

    class ADC:
        CORE_TEMP = 4

        def __init__(self, pin):
            self.pin = pin

        def read_u16(self):
            return 32768

    class PWM:
        def __init__(self, pin, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
            self.pin = pin
            self._freq = freq or 0
            self._duty = duty_u16 or 0
            self._duty_ns = duty_ns or 0

        def init(self, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
            self.__init__(self.pin, freq=freq, duty_u16=duty_u16, duty_ns=duty_ns, invert=invert)

        def freq(self, *args):
            if args:
                self._freq = args[0]
                return None
            return self._freq

        def duty_u16(self, *args):
            if args:
                self._duty = args[0]
                return None
            return self._duty

        def duty_ns(self, *args):
            if args:
                self._duty_ns = args[0]
                return None
            return self._duty_ns

        def deinit(self):
            return None

    class WDT:
        def __init__(self, id=0, timeout=5000):
            self.timeout = timeout

        def feed(self):
            return None

    class Signal:
        def __init__(self, pin, *args, invert=False):
            self._pin = pin
            self._invert = bool(invert)

        def value(self, *args):
            if args:
                self._pin.value((1 if args[0] else 0) ^ self._invert)
                return None
            return self._pin.value() ^ self._invert

        def on(self):
            self.value(1)

        def off(self):
            self.value(0)

    for cls in (I2C, SoftI2C, SPI, SoftSPI, UART, ADC, PWM, WDT, Signal):
        setattr(mod, cls.__name__, cls)
