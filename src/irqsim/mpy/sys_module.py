"""``sys``: the rp2 port's view (platform, implementation, print_exception, exit)."""

from __future__ import annotations

import sys as host_sys
from types import ModuleType, SimpleNamespace


class _Out:
    def __init__(self, port) -> None:
        self._write = port.write   # not the port itself: it holds host paths (confine.py)
        self._charge = port.cpu.charge
        self._call_ns = port.call_ns["print_call"]
        self._byte_ns = int(1000 / max(1, port.system.board.micropython["usb_cdc_bytes_per_us"]))

    def write(self, data) -> int:
        """py/stream.c mp_stream_write: any object with the buffer protocol goes out as its raw
        bytes (bytes, bytearray, memoryview); the result counts bytes, so "é" is 2; anything
        else is TypeError. Charged as print() charges the same bytes."""
        if isinstance(data, str):
            raw = data.encode()
        elif isinstance(data, (bytes, bytearray, memoryview)):
            raw = bytes(data)
        else:
            raise TypeError("object with buffer protocol required")
        self._charge(self._call_ns + self._byte_ns * len(raw))
        self._write(data if isinstance(data, str) else raw.decode("utf-8", "replace"))
        return len(raw)

    def flush(self) -> None:
        return None


class _In:
    """USB-CDC stdin with nobody typing: reads wait (idle, callbacks run) until the run ends."""

    def __init__(self, port) -> None:
        self._cpu = port.cpu

    def _wait(self):
        from ..kernel.core import NEVER

        self._cpu.wait_until(NEVER, run_callbacks=True, idle=True)
        return ""

    def read(self, n=-1):
        return self._wait()

    def readline(self):
        return self._wait()

    def readinto(self, buf):
        return self._wait() or None

    @property
    def buffer(self):
        return self


def build(port) -> ModuleType:
    mod = ModuleType("sys")
    mod.platform = "rp2"
    mod.byteorder = "little"
    mod.maxsize = 2**31 - 1
    mod.version = "3.4.0; MicroPython v1.29.0 (irqsim)"
    mod.version_info = (3, 4, 0)
    mod.implementation = SimpleNamespace(name="micropython", version=(1, 29, 0, ""), _machine="Raspberry Pi Pico2 with RP2350 (irqsim)", _mpy=6)
    mod.stdout = _Out(port)
    mod.stderr = mod.stdout
    mod.stdin = _In(port)   # never has input (select.poll never reports it readable)
    mod.argv = []
    mod.path = ["", ".frozen", "/lib"]
    mod.modules = port.modules

    def print_exception(exc, file=None):
        text = port.format_exception(exc) + "\n"
        (file or mod.stdout).write(text)

    def exit(code=0):
        raise SystemExit(code)

    mod.print_exception = print_exception
    mod.exit = exit
    mod.getrecursionlimit = host_sys.getrecursionlimit
    return mod
