"""``select``/``uselect``: ``poll()`` over the streams irqsim models (extmod/modselect.c).

A ``machine.UART`` is readable when bytes wait and writable when its TX ring has room;
``sys.stdin`` never has input (nobody types into a simulation), so a REPL-style
``poll.register(sys.stdin)`` loop keeps running instead of failing with "no module named".
Waiting idles the CPU and runs scheduled callbacks, as ``mp_poll`` does through
``mp_event_wait_ms``; ``poll(timeout)`` ends when the ms tick advanced ``timeout`` times.
"""

from __future__ import annotations

from types import ModuleType

from ..kernel.core import NEVER

POLLIN = 0x0001
POLLOUT = 0x0004
POLLERR = 0x0008
POLLHUP = 0x0010


def build(port) -> ModuleType:
    cpu = port.cpu
    call_ns = port.call_ns["sleep_call"]
    mod = ModuleType("select")

    def events_of(obj, mask: int) -> int:
        got = 0
        rx = getattr(obj, "_ring_rx", None)
        if rx is not None:   # machine.UART (mpy/uart.py)
            if mask & POLLIN and (rx or obj._hw.rx_readable()):
                got |= POLLIN
            if mask & POLLOUT and len(obj._ring_tx) < obj._txbuf_len:
                got |= POLLOUT
            return got
        ioctl = getattr(obj, "ioctl", None)
        if callable(ioctl):   # a firmware stream class: ioctl(MP_STREAM_POLL=3, mask)
            return int(ioctl(3, mask) or 0)
        return got           # sys.stdin and anything else: never ready

    class poll:  # noqa: N801 - MicroPython's name
        def __init__(self) -> None:
            self._objs: dict[int, list] = {}

        def register(self, obj, eventmask=POLLIN | POLLOUT):
            self._objs[id(obj)] = [obj, eventmask]

        def unregister(self, obj):
            self._objs.pop(id(obj), None)

        def modify(self, obj, eventmask):
            entry = self._objs.get(id(obj))
            if entry is None:
                from .vfs_file import mp_oserror

                raise mp_oserror(2)   # modselect.c: OSError(ENOENT) for an unregistered object
            entry[1] = eventmask

        def _ready(self):
            out = []
            for obj, mask in self._objs.values():
                ev = events_of(obj, mask)
                if ev:
                    out.append((obj, ev))
            return out

        def poll(self, timeout=-1):
            cpu.charge(call_ns)
            found = self._ready()
            if found or timeout == 0:
                return found
            end_ns = NEVER if timeout is None or timeout < 0 else (cpu.now() // 1_000_000 + int(timeout)) * 1_000_000
            cpu.wait_until(end_ns, run_callbacks=True, idle=True, until=lambda: bool(self._ready()))
            return self._ready()

        def ipoll(self, timeout=-1, flags=0):
            return iter(self.poll(timeout))

    def select(rlist, wlist, xlist, timeout=None):
        p = poll()
        for o in rlist:
            p.register(o, POLLIN)
        for o in wlist:
            p.register(o, POLLOUT)
        ms = -1 if timeout is None else int(timeout * 1000)
        ready = p.poll(ms)
        return ([o for o, e in ready if e & POLLIN], [o for o, e in ready if e & POLLOUT], [])

    mod.poll = poll
    mod.select = select
    mod.POLLIN, mod.POLLOUT, mod.POLLERR, mod.POLLHUP = POLLIN, POLLOUT, POLLERR, POLLHUP
    return mod
