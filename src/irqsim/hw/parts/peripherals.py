"""Registers the parts the firmware reaches through machine.I2C/SPI/ADC/bitstream (docs/parts.md)."""

from . import analog, i2c_device, spi_device, ssd1306, ws2812  # noqa: F401 - registration side effects
