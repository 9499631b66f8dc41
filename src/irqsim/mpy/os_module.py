"""``os``: what MicroPython's rp2 os offers that does not touch the host (uname, urandom)."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace


def build(port) -> ModuleType:
    rng = port.system.rng.stream("firmware.urandom")
    mod = ModuleType("os")
    mod.uname = lambda: SimpleNamespace(sysname="rp2", nodename="rp2", release="1.29.0",
                                        version="v1.29.0 (irqsim)", machine="Raspberry Pi Pico2 with RP2350")
    mod.urandom = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    mod.listdir = lambda *a: []
    mod.sep = "/"
    return mod
