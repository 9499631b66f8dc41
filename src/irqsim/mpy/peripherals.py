"""Bus peripherals firmware commonly constructs (I2C, SPI, ADC, PWM, WDT, Signal; UART is mpy/uart.py).

I2C/SoftI2C (mpy/i2c.py), SPI/SoftSPI (mpy/spi.py) and ADC (mpy/adc.py) talk to scenario
parts wired to their pins (hw/parts/bus.py) and charge bus and conversion time;
``machine.bitstream`` (mpy/bitstream.py) drives its pin edge by edge. PWM is not wired to
simulated devices yet: it keeps its settings. Bus calls in a hard handler are reported
(IRQ301): the lesson's rule that bus calls do not belong in an interrupt handler.
"""

from __future__ import annotations


def add_peripherals(mod, port) -> None:
    from .adc import make_adc
    from .bitstream import make_bitstream
    from .i2c import make_i2c
    from .spi import make_spi
    from .uart import make_uart

    I2C, SoftI2C = make_i2c(port)
    SPI, SoftSPI = make_spi(port)
    UART = make_uart(port)
    ADC = make_adc(port)
    mod.bitstream = make_bitstream(port)

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
