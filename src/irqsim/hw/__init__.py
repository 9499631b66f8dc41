"""Hardware models: GPIO nets with edge latches, the interrupt controller, alarms, parts.

They schedule work on the kernel and never import the runtime or the MicroPython shim.
"""
