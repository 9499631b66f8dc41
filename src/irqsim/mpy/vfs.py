"""The board's flash filesystem, in memory: littlefs v2 as MicroPython's rp2 port mounts it.

On the chip, ``_boot.py`` mounts ``os.VfsLfs2`` over the flash after the firmware
(ports/rp2/modules/_boot.py); on RPI_PICO2 it is 3 MiB in 4096-byte blocks
(ports/rp2/boards/RPI_PICO2/mpconfigboard.cmake, ports/rp2/rp2_flash.c BLOCK_SIZE_BYTES).
Each run gets its own :class:`Vfs`: a dict of paths, never a host directory. A scenario may
pre-load it from one declared directory (``fs = "flash/"``), read once at the start; after
the run its contents are in ``irqsim run --json`` (``fs``) and ``--fs-out DIR`` writes them.

Behaviour kept from extmod/vfs_lfsx.c and vfs_lfsx_file.c:
- errors are ``OSError(errno)`` printed as ``[Errno 2] ENOENT`` (py/objexcept.c);
- a file's new contents are committed on ``flush()``/``close()`` (lfs_file_sync): data written
  but never flushed is not in the filesystem when the run (the power) ends;
- mode letters r/w/x/a/+/b/t; two of r/w/x/a -> ``ValueError``; ``stat()`` is a 10-tuple with
  mode 0x8000/0x4000, size and mtime (seconds since 1970: rp2 MICROPY_EPOCH_IS_1970);
- a closed file raises ``ValueError`` (no message); reading a write-only file or writing a
  read-only one raises ``OSError(EBADF)``.

Flash erase and program run with interrupts disabled (ports/rp2/rp2_flash.c
``begin_critical_flash_section``), so a commit masks IRQs for as long as the flash is busy:
that is the cost a logging firmware really pays, and it shows in the trace as a masked window.
"""

from __future__ import annotations

import errno as _errno
import posixpath
from pathlib import Path

from ..errors import ScenarioError
from .vfs_file import FileIO, TextIOWrapper, mp_oserror

BLOCK_BYTES = 4096
FS_BYTES = 3 * 1024 * 1024          # RPI_PICO2 MICROPY_HW_FLASH_STORAGE_BYTES
S_IFDIR = 0x4000
S_IFREG = 0x8000
# W25Q32JV datasheet (Pico 2 flash), typical: 4 KiB sector erase 45 ms, 256-byte page program 0.4 ms.
ERASE_NS = 45_000_000
PAGE_PROGRAM_NS = 400_000
PAGE_BYTES = 256
INLINE_MAX_BYTES = 256              # lfs2 inline_max defaults to cache_size (progsize=256 in rp2 _boot.py)
OPEN_NS = 120_000                   # path lookup: littlefs reads metadata blocks over XIP (estimate)
CALL_NS = 20_000                    # stat/listdir/remove...: one metadata walk (estimate)


class Vfs:
    """Files as ``path -> bytes`` and a set of directories; paths are absolute, ``/``-rooted."""

    def __init__(self, port) -> None:
        self.port = port
        self.files: dict[str, bytes] = {}
        self.mtimes: dict[str, int] = {}
        self.dirs: set[str] = {"/"}
        self.cwd = "/"
        self.open_files: list = []           # handles not closed yet (uncommitted data is lost)
        self.flash_busy_ns = 0               # total time spent erasing/programming
        self.serial = 0x20010000             # fake heap addresses for file reprs
        self.initial: dict[str, bytes] = {}  # contents at the start (unchanged files: no text in JSON)

    # -- paths ---------------------------------------------------------------------------
    def path(self, p) -> str:
        if isinstance(p, (bytes, bytearray)):
            p = bytes(p).decode()
        if not isinstance(p, str):
            raise TypeError("can't convert %s to str" % type(p).__name__)
        full = posixpath.normpath(posixpath.join(self.cwd, p))
        return "/" + full.lstrip("/") if full != "/" else "/"

    def _parent_ok(self, path: str) -> None:
        parent = posixpath.dirname(path)
        if parent not in self.dirs:
            raise mp_oserror(_errno.ENOTDIR if parent in self.files else _errno.ENOENT)

    def _children(self, d: str) -> list[str]:
        prefix = d.rstrip("/") + "/"
        names = {p[len(prefix):] for p in (*self.files, *self.dirs)
                 if p != d and p.startswith(prefix) and "/" not in p[len(prefix):]}
        return sorted(names)   # littlefs v2 keeps directory entries in name order

    def _charge(self, ns: int) -> None:
        self.port.cpu.charge(ns)

    def _now_s(self) -> int:
        return self.port.rtc_base_s + self.port.cpu.now() // 1_000_000_000

    # -- os functions ----------------------------------------------------------------------
    def open(self, *args, **kwargs):
        # extmod/vfs.c mp_vfs_open: (file, mode="r", buffering=-1, encoding=None); anything
        # else is mp_arg_parse_all's "extra ... arguments given"
        if len(args) > 4:
            raise TypeError("extra positional arguments given")
        names = ("file", "mode", "buffering", "encoding")
        if set(kwargs) - set(names):
            raise TypeError("extra keyword arguments given")
        given = dict(zip(names, args))
        for key, value in kwargs.items():
            if key in given:
                raise TypeError("extra keyword arguments given")
            given[key] = value
        if "file" not in given:
            raise TypeError("'file' argument required")
        return self._open(given["file"], given.get("mode", "r"))

    def _open(self, file, mode):
        self._charge(OPEN_NS)
        # vfs_lfsx_file.c: the file object and its lfs cache come from the GC heap
        # (raises MemoryError in a hard handler, where the heap is locked)
        self.port.alloc(INLINE_MAX_BYTES + 64, "open(): file object and lfs cache")
        if not isinstance(mode, str):
            raise TypeError("can't convert %s to str" % type(mode).__name__)
        access, binary = _parse_mode(mode)
        path = self.path(file)
        if path in self.dirs:
            raise mp_oserror(_errno.EISDIR)
        self._parent_ok(path)
        exists = path in self.files
        if access == "r" and not exists:
            raise mp_oserror(_errno.ENOENT)
        if access == "x" and exists:
            raise mp_oserror(_errno.EEXIST)
        if access in "wx" or not exists:
            self._commit(path, b"", 0)     # lfs_file_open with O_CREAT/O_TRUNC commits the entry
        cls = FileIO if binary else TextIOWrapper
        handle = cls(self, path, self.files[path], readable=access == "r" or "+" in mode,
                     writable=access != "r" or "+" in mode, append=access == "a")
        self.open_files.append(handle)
        return handle

    def listdir(self, p=None):
        self._charge(CALL_NS)
        d = self.cwd if p is None else self.path(p)
        if d not in self.dirs:
            raise mp_oserror(_errno.ENOTDIR if d in self.files else _errno.ENOENT)
        names = self._children(d)
        if isinstance(p, bytes):
            return [n.encode() for n in names]
        return names

    def ilistdir(self, p=None):
        d = self.cwd if p is None else self.path(p)
        for name in self.listdir(p):
            full = posixpath.join(d, name)
            if full in self.dirs:
                yield (name, S_IFDIR, 0, 0)
            else:
                yield (name, S_IFREG, 0, len(self.files[full]))

    def mkdir(self, p) -> None:
        self._charge(CALL_NS)
        path = self.path(p)
        if path in self.dirs or path in self.files:
            raise mp_oserror(_errno.EEXIST)
        self._parent_ok(path)
        self._flash(PAGE_BYTES, erase_blocks=1)    # a new directory is a new metadata pair
        self.dirs.add(path)
        self.mtimes[path] = self._now_s()

    def rmdir(self, p) -> None:
        self._remove(p)

    def remove(self, p) -> None:
        self._remove(p)

    def _remove(self, p) -> None:
        # vfs_lfsx.c: remove and rmdir are both lfs_remove (files and empty directories)
        self._charge(CALL_NS)
        path = self.path(p)
        if path in self.files:
            del self.files[path]
        elif path in self.dirs and path != "/":
            if self._children(path):
                raise mp_oserror(_errno.ENOTEMPTY)
            self.dirs.discard(path)
        else:
            raise mp_oserror(_errno.ENOENT if path != "/" else _errno.EINVAL)
        self.mtimes.pop(path, None)
        self._flash(PAGE_BYTES)

    def rename(self, old, new) -> None:
        self._charge(CALL_NS)
        src, dst = self.path(old), self.path(new)
        if src not in self.files and (src not in self.dirs or src == "/"):
            raise mp_oserror(_errno.ENOENT)
        self._parent_ok(dst)
        if src in self.files:
            if dst in self.dirs:
                raise mp_oserror(_errno.EISDIR)
            self.files[dst] = self.files.pop(src)
            self.mtimes[dst] = self.mtimes.pop(src, 0)
        else:
            if dst in self.files:
                raise mp_oserror(_errno.ENOTDIR)
            if dst in self.dirs and self._children(dst):
                raise mp_oserror(_errno.ENOTEMPTY)
            if dst == src or dst.startswith(src.rstrip("/") + "/"):
                raise mp_oserror(_errno.EINVAL)
            moved = [p for p in (*self.dirs, *self.files) if p == src or p.startswith(src + "/")]
            for p in moved:
                q = dst + p[len(src):]
                if p in self.dirs:
                    self.dirs.discard(p)
                    self.dirs.add(q)
                else:
                    self.files[q] = self.files.pop(p)
                self.mtimes[q] = self.mtimes.pop(p, 0)
        self._flash(PAGE_BYTES)

    def stat(self, p):
        self._charge(CALL_NS)
        path = self.path(p)
        if path in self.dirs:
            mode, size = S_IFDIR, 0
        elif path in self.files:
            mode, size = S_IFREG, len(self.files[path])
        else:
            raise mp_oserror(_errno.ENOENT)
        t = self.mtimes.get(path, 0)
        return (mode, 0, 0, 0, 0, 0, size, t, t, t)

    def statvfs(self, p=None):
        self._charge(CALL_NS)
        n_blocks = FS_BYTES // BLOCK_BYTES
        free = max(0, n_blocks - self.used_blocks())
        return (BLOCK_BYTES, BLOCK_BYTES, n_blocks, free, free, 0, 0, 0, 0, 255)

    def used_blocks(self) -> int:
        """Superblock pair, one metadata pair per directory, whole blocks for file data
        (small files are inlined in their directory's metadata by littlefs)."""
        used = 2 + 2 * len(self.dirs)
        for data in self.files.values():
            if len(data) > BLOCK_BYTES // 4:   # lfs2 inline limit is cache_size-bound; estimate
                used += (len(data) + BLOCK_BYTES - 1) // BLOCK_BYTES
        return used

    def getcwd(self) -> str:
        return self.cwd

    def chdir(self, p) -> None:
        path = self.path(p)
        if path not in self.dirs:
            raise mp_oserror(_errno.ENOTDIR if path in self.files else _errno.ENOENT)
        self.cwd = path

    # -- committing data: lfs_file_sync ----------------------------------------------------
    def _commit(self, path: str, data: bytes, new_bytes: int) -> None:
        old = self.files.get(path, b"")
        stored = sum(len(d) for d in self.files.values()) - len(old) + len(data)
        if stored + BLOCK_BYTES * (2 + 2 * len(self.dirs)) > FS_BYTES:
            raise mp_oserror(_errno.ENOSPC)   # lfs: LFS_ERR_NOSPC -> OSError(28)
        self.files[path] = bytes(data)
        self.mtimes[path] = self._now_s()
        # A small file lives inline in its directory's metadata log (appends program pages);
        # a bigger one is copy-on-write: its touched blocks are erased and re-programmed.
        # (Metadata compaction, an occasional extra erase, is not modelled.)
        if len(data) <= INLINE_MAX_BYTES or not new_bytes:
            blocks = 0
        else:
            blocks = max(1, (new_bytes + BLOCK_BYTES - 1) // BLOCK_BYTES)
        self._flash(new_bytes + PAGE_BYTES, erase_blocks=blocks)

    def _flash(self, nbytes: int, *, erase_blocks: int = 0) -> None:
        """Erase and program with interrupts disabled, as rp2_flash.c does, one critical
        section per operation (hard IRQs latch meanwhile and run in between)."""
        cpu = self.port.cpu
        pages = (nbytes + PAGE_BYTES - 1) // PAGE_BYTES
        steps = [ERASE_NS] * erase_blocks + [PAGE_PROGRAM_NS] * pages
        masked = cpu.on_masked
        cpu.on_masked = _ignore   # not the firmware's critical section: no IRQ702 budget warning
        try:
            for ns in steps:
                state = cpu.mask()
                try:
                    cpu._busy(ns)
                finally:
                    cpu.unmask(state)
                self.flash_busy_ns += ns
        finally:
            cpu.on_masked = masked

    # -- loading and exporting -------------------------------------------------------------
    def preload(self, root: Path, *, file=None) -> None:
        """Copy a scenario's declared directory into the filesystem (read-only on the host)."""
        root = root.resolve()
        total = 0
        for host in sorted(root.rglob("*")):
            real = host.resolve()
            try:
                rel = real.relative_to(root)
            except ValueError:
                raise ScenarioError(f"fs directory entry {host.name!r} points outside {root}", file=file,
                                    hint="the pre-loaded filesystem may only hold files inside its directory") from None
            path = "/" + rel.as_posix()
            if real.is_dir():
                self.dirs.add(path)
                continue
            data = real.read_bytes()
            total += len(data)
            if total > FS_BYTES:
                raise ScenarioError(f"fs directory holds more than the Pico 2's {FS_BYTES // 1024} KiB filesystem",
                                    file=file, hint="keep only the files the firmware reads")
            self.files[path] = data
            self.mtimes[path] = 0
        for path in list(self.files):
            parent = posixpath.dirname(path)
            while parent not in self.dirs:
                self.dirs.add(parent)
                parent = posixpath.dirname(parent)

    def install(self, scenario) -> None:
        """Fill the filesystem as the board would hold it: the scenario's ``fs`` directory, then
        the firmware file (and a ``boot.py`` beside a ``main.py``) unless the directory has them."""
        if scenario.fs is not None:
            self.preload(scenario.fs, file=str(scenario.path) if scenario.path else None)
        firmware = scenario.firmware
        names = [firmware]
        if firmware.name == "main.py" and firmware.with_name("boot.py").is_file():
            names.append(firmware.with_name("boot.py"))
        for f in names:
            self.files.setdefault("/" + f.name, f.read_bytes())
            self.mtimes.setdefault("/" + f.name, 0)
        self.initial = dict(self.files)

    def snapshot(self) -> dict:
        """The filesystem after the run, for JSON: directories and files in path order."""
        import base64

        files = []
        for path in sorted(self.files):
            data = self.files[path]
            entry = {"path": path, "size": len(data), "changed": self.initial.get(path) != data}
            if not entry["changed"]:
                files.append(entry)
                continue
            try:
                entry["text"] = data.decode("utf-8")
            except UnicodeDecodeError:
                entry["base64"] = base64.b64encode(data).decode("ascii")
            files.append(entry)
        unsynced = sorted({h.path for h in self.open_files if h.dirty})
        return {"dirs": sorted(self.dirs), "files": files, "unsynced": unsynced,
                "flash_busy_ns": self.flash_busy_ns}

    def export(self, out: Path) -> int:
        """Write the files under ``out`` (created); returns how many were written."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for d in sorted(self.dirs):
            (out / d.lstrip("/")).mkdir(parents=True, exist_ok=True)
        for path, data in sorted(self.files.items()):
            target = out / path.lstrip("/")
            target.write_bytes(data)
        return len(self.files)


def _ignore(duration_ns: int) -> None:
    return None


def _parse_mode(mode: str) -> tuple[str, bool]:
    """vfs_lfsx_file.c file_open: the last of r/w/x/a wins only if it is the first one seen."""
    access = None
    binary = False
    for ch in mode:
        if ch in "rwxa":
            if access is not None:
                raise ValueError()
            access = ch
        elif ch == "b":
            binary = True
        elif ch == "t":
            binary = False
    return access or "r", binary
