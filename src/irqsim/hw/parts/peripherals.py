"""Registers the parts the firmware reaches through machine.I2C/SPI/ADC/bitstream (docs/parts.md)."""

from . import i2c_device  # noqa: F401 - registration side effects
