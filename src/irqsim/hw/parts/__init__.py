"""Parts wired to GPIO nets. A new part is a small class registered by name.

Each part declares its pins and parameters (with units); the scenario loader validates
attributes against the declaration, so a typo gets "did you mean" and a line number.
"""

from .base import PARTS, Param, Part, PartContext, register
from . import button, hcsr04, pulse, waveform  # noqa: F401,E402 - registration side effects
from . import encoder, ir_nec, probe, uart_peer  # noqa: F401,E402 - registration side effects

__all__ = ["PARTS", "Param", "Part", "PartContext", "register"]
