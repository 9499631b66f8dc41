"""Registers the concrete I2C chips built on ``i2c_device`` (docs/parts.md "Concrete I2C chips")."""

from . import ads1115, aht20, bme280, ds3231, mpu6050, pcf8574  # noqa: F401 - registration side effects
