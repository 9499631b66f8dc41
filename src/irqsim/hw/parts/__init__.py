"""Parts wired to GPIO nets. A new part is a small class registered by name.

Each part declares its pins and parameters (with units); the scenario loader validates
attributes against the declaration, so a typo gets "did you mean" and a line number.
"""

from . import (  # noqa: F401,E402 - registration side effects  # noqa: F401,E402 - registration side effects
    button,
    encoder,
    hcsr04,
    i2c_chips,
    ir_nec,
    peripherals,
    probe,
    pulse,
    sensors,
    uart_peer,
    waveform,
)
from .base import PARTS, Param, Part, PartContext, register

__all__ = ["PARTS", "Param", "Part", "PartContext", "register"]
