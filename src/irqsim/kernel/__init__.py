"""The event kernel: an integer-nanosecond clock, an event heap and seeded random streams.

It knows nothing about CPUs, pins or MicroPython; everything above schedules callbacks here.
"""

from .core import Event, Kernel
from .rng import RandomStreams

__all__ = ["Event", "Kernel", "RandomStreams"]
