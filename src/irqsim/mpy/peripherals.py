"""Bus peripherals firmware commonly constructs (I2C, SPI, ADC, PWM, WDT, Signal; UART is mpy/uart.py).

I2C/SoftI2C (mpy/i2c.py), SPI/SoftSPI (mpy/spi.py) and ADC (mpy/adc.py) talk to scenario
parts wired to their pins (hw/parts/bus.py) and charge bus and conversion time;
``machine.bitstream`` (mpy/bitstream.py) drives its pin edge by edge; ``machine.PWM``
(mpy/pwm.py) puts its slice's edges on the pin; ``machine.dht_readinto`` (mpy/dht.py) runs
the DHT11/22 protocol against a ``dht22``/``dht11`` part. Bus calls in a hard handler are reported
(IRQ301): the lesson's rule that bus calls do not belong in an interrupt handler.
"""

from __future__ import annotations


def add_peripherals(mod, port) -> None:
    from .adc import make_adc
    from .bitstream import make_bitstream
    from .dht import make_dht_readinto
    from .i2c import make_i2c
    from .pwm import make_pwm
    from .spi import make_spi
    from .uart import make_uart

    I2C, SoftI2C = make_i2c(port)
    SPI, SoftSPI = make_spi(port)
    UART = make_uart(port)
    ADC = make_adc(port)
    mod.bitstream = make_bitstream(port)
    mod.dht_readinto = make_dht_readinto(port)   # MICROPY_PY_MACHINE_DHT_READINTO (rp2 mpconfigport.h)
    PWM = make_pwm(port)
    from . import onewire

    # extmod/modonewire.c registers the built-in module ``_onewire`` (MICROPY_PY_ONEWIRE);
    # built here because the frozen onewire driver is what firmware imports.
    port.modules["_onewire"] = onewire.build(port)

    class WDT:
        def __init__(self, id=0, timeout=5000):
            self.timeout = timeout

        def feed(self):
            return None

    class Signal:
        """extmod/machine_signal.c: Signal(pin) / Signal(pin, invert=True), or Signal(pin arguments...,
        *, invert) which builds the Pin itself (rp2 defines MICROPY_PY_MACHINE_PIN_MAKE_NEW, so
        Signal(25, Pin.OUT, invert=True) works); a ``value=`` given that way is inverted for the Pin."""

        def __init__(self, *args, **kwargs):
            invert = bool(kwargs.pop("invert", False))
            if args and isinstance(args[0], (mod.Pin, Signal)):
                if len(args) != 1 or kwargs:
                    raise TypeError()   # machine_signal.c: mp_raise_TypeError(NULL)
                pin = args[0]
            else:
                if invert and "value" in kwargs:
                    kwargs["value"] = 0 if kwargs["value"] else 1
                pin = mod.Pin(*args, **kwargs)
            self._pin = pin
            self._invert = invert

        def value(self, *args):
            if len(args) > 1:
                raise TypeError("function expected at most 2 arguments, got %d" % (len(args) + 1))
            if args:
                self._pin.value((1 if args[0] else 0) ^ self._invert)
                return None
            return self._pin.value() ^ self._invert

        __call__ = value   # signal_call: the fast get/set path

        def on(self):
            self._pin.value(1 ^ self._invert)

        def off(self):
            self._pin.value(0 ^ self._invert)

    for cls in (I2C, SoftI2C, SPI, SoftSPI, UART, ADC, PWM, WDT, Signal):
        setattr(mod, cls.__name__, cls)
