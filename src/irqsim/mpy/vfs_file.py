"""File objects of the littlefs VFS (extmod/vfs_lfsx_file.c) and MicroPython's OSError.

``open(..., "b")`` gives ``FileIO`` (bytes), otherwise ``TextIOWrapper`` (str, UTF-8). Both
keep the file's bytes privately and hand them to the filesystem on ``flush()``/``close()``
(lfs_file_sync), so another handle, ``os.stat`` or the end of the run see only committed data.
"""

from __future__ import annotations

import builtins as _b

# py/mperrno.h: the errno names MicroPython prints ("[Errno 2] ENOENT"); other codes print bare.
ERRNO_NAMES = {1: "EPERM", 2: "ENOENT", 5: "EIO", 9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES",
               17: "EEXIST", 19: "ENODEV", 21: "EISDIR", 22: "EINVAL", 95: "EOPNOTSUPP",
               98: "EADDRINUSE", 103: "ECONNABORTED", 104: "ECONNRESET", 105: "ENOBUFS",
               107: "ENOTCONN", 110: "ETIMEDOUT", 111: "ECONNREFUSED", 113: "EHOSTUNREACH",
               114: "EALREADY", 115: "EINPROGRESS"}
CALL_NS = 6_000          # read/write/seek: stream call + lfs cache lookup (estimate)
BYTE_NS = 40             # per byte copied through the lfs cache (estimate)


class OSError(_b.OSError):  # noqa: A001 - MicroPython's name, so tracebacks print "OSError"
    """``OSError(errno)`` as MicroPython builds it: ``args == (errno,)``, ``.errno`` set, and
    printed as ``[Errno 2] ENOENT`` (py/objexcept.c mp_obj_exception_print). CPython's own
    ``OSError(2)`` prints ``2`` and has ``errno is None``; CPython's ``OSError(2, "...")``
    turns into FileNotFoundError. ``except OSError`` in firmware catches this class."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        if args and isinstance(args[0], int):
            self.errno = args[0]

    def __str__(self) -> str:
        args = self.args
        if args and 0 < len(args) < 3 and isinstance(args[0], int) and args[0] in ERRNO_NAMES:
            text = f"[Errno {args[0]}] {ERRNO_NAMES[args[0]]}"
            return text + (f": {args[1]}" if len(args) > 1 else "")
        if len(args) == 1:
            return str(args[0])
        return str(args) if args else ""


def mp_oserror(code: int) -> OSError:
    return OSError(code)


class _File:
    """MicroPython closes an unreferenced file from the GC finaliser
    (mp_obj_malloc_var_with_finaliser); irqsim does not, since CPython would free it at once
    and sync data the chip may never write: unclosed files stay uncommitted."""

    _binary = True

    def __init__(self, vfs, path: str, data: bytes, *, readable: bool, writable: bool, append: bool) -> None:
        self._vfs = vfs
        self._cpu = vfs.port.cpu
        self.path = path
        self._data = bytearray(data)
        self._pos = len(data) if append else 0
        self._readable = readable
        self._writable = writable
        self._append = append
        self._open = True
        self.dirty = 0         # bytes written since the last commit
        vfs.serial += 0x40         # a heap-like address for repr, per run (deterministic)
        self._addr = vfs.serial

    # -- helpers -------------------------------------------------------------------------
    def _check(self, read: bool = False, write: bool = False) -> None:
        if not self._open:
            raise ValueError()             # vfs_lfsx_file.c check_open: mp_raise_ValueError(NULL)
        if (read and not self._readable) or (write and not self._writable):
            raise mp_oserror(9)            # lfs: LFS_ERR_BADF -> OSError(EBADF)

    def _cost(self, nbytes: int) -> None:
        self._cpu.charge(CALL_NS + BYTE_NS * nbytes)

    def _out(self, raw: bytes):
        if raw:
            self._vfs.port.alloc(len(raw) + 16, "the bytes/str a file read returns")
        return bytes(raw)

    # -- stream API ----------------------------------------------------------------------
    def read(self, size=-1):
        self._check(read=True)
        end = len(self._data) if size is None or size < 0 else min(len(self._data), self._pos + size)
        raw = bytes(self._data[self._pos:end])
        self._pos = max(self._pos, end)
        self._cost(len(raw))
        return self._out(raw)

    def readinto(self, buf, nbytes=None):
        self._check(read=True)
        n = len(buf) if nbytes is None else min(nbytes, len(buf))
        raw = self._data[self._pos:self._pos + n]
        buf[:len(raw)] = raw
        self._pos += len(raw)
        self._cost(len(raw))
        return len(raw)

    def readline(self, size=-1):
        self._check(read=True)
        nl = self._data.find(b"\n", self._pos)
        end = len(self._data) if nl < 0 else nl + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        raw = bytes(self._data[self._pos:end])
        self._pos = max(self._pos, end)
        self._cost(len(raw))
        return self._out(raw)

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def write(self, buf):
        self._check(write=True)
        raw = buf.encode() if isinstance(buf, str) else bytes(buf)   # str has the buffer protocol
        if self._append:
            self._pos = len(self._data)
        if self._pos > len(self._data):
            self._data.extend(bytes(self._pos - len(self._data)))
        self._data[self._pos:self._pos + len(raw)] = raw
        self._pos += len(raw)
        self.dirty += len(raw)
        self._cost(len(raw))
        return len(raw)

    def seek(self, offset, whence=0):
        self._check()
        base = {0: 0, 1: self._pos, 2: len(self._data)}.get(whence)
        if base is None or base + offset < 0:
            raise mp_oserror(22)
        self._pos = base + offset
        self._cost(0)
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def flush(self):
        self._check()
        self._sync()

    def _sync(self) -> None:
        if self._writable and (self.dirty or self.path not in self._vfs.files):
            self._vfs._commit(self.path, bytes(self._data), self.dirty)
            self.dirty = 0

    def close(self):
        if not self._open:
            return None
        try:
            self._sync()
        finally:
            self._open = False
            if self in self._vfs.open_files:
                self._vfs.open_files.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class FileIO(_File):
    def __repr__(self) -> str:
        return f"<io.FileIO {self._addr:x}>"


class TextIOWrapper(_File):
    _binary = False

    def _out(self, raw: bytes):
        if raw:
            self._vfs.port.alloc(len(raw) + 16, "the bytes/str a file read returns")
        return raw.decode("utf-8", "replace")

    def read(self, size=-1):
        if size is None or size < 0:
            return super().read()
        # MicroPython's text streams count characters: read whole UTF-8 sequences.
        self._check(read=True)
        data, pos = self._data, self._pos
        count = 0
        while pos < len(data) and count < size:
            lead = data[pos]
            pos += 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            count += 1
        raw = bytes(data[self._pos:pos])
        self._pos = pos
        self._cost(len(raw))
        return self._out(raw)

    def __repr__(self) -> str:
        return f"<io.TextIOWrapper {self._addr:x}>"
