"""The RP2350/RP2040 PIO as hardware: blocks, state machines, clock dividers (docs/pio.md)."""

from .block import INSTRUCTION_SLOTS, PioBlock, PioSystem
from .decode import SmConfig
from .sm import StateMachineCore

__all__ = ["INSTRUCTION_SLOTS", "PioBlock", "PioSystem", "SmConfig", "StateMachineCore"]
