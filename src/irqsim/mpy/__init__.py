"""The MicroPython API shim: modules firmware imports (machine, time, micropython, rp2, gc).

Names and behaviour follow the rp2 port exactly (ports/rp2/*.c), including exception types
and messages. Each run builds fresh module objects bound to its own simulated board, so
nothing leaks into the host's own ``time``/``machine`` or between runs.
"""
