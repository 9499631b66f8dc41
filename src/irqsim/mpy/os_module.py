"""``os``: rp2's module (extmod/modos.c): uname, urandom, and the VFS functions over the run's
in-memory littlefs (mpy/vfs.py). Host files are never reachable from here."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace


def build(port) -> ModuleType:
    rng = port.system.rng.stream("firmware.urandom")
    vfs = port.vfs
    mod = ModuleType("os")
    mod.uname = lambda: SimpleNamespace(sysname="rp2", nodename="rp2", release="1.29.0",
                                        version="v1.29.0 (irqsim)", machine="Raspberry Pi Pico2 with RP2350")
    mod.urandom = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    mod.sep = "/"
    for name in ("listdir", "ilistdir", "mkdir", "rmdir", "remove", "rename", "stat", "statvfs",
                 "getcwd", "chdir"):
        setattr(mod, name, getattr(vfs, name))
    mod.unlink = vfs.remove          # modos.c: unlink aliases remove

    def sync():
        return None

    def dupterm(stream_obj=None, index=0):
        return None

    def mount(*args, **kwargs):
        port.violation("SIM002", "os.mount() is accepted but irqsim keeps one filesystem at /",
                       severity="note")

    def umount(*args):
        port.violation("SIM002", "os.umount() is accepted but irqsim keeps one filesystem at /",
                       severity="note")

    mod.sync = sync
    mod.dupterm = dupterm
    mod.mount = mount
    mod.umount = umount
    return mod
