"""``struct``/``ustruct`` as MicroPython's py/modstruct.c has them, over CPython's ``struct``.

MicroPython implements ``unpack`` with ``unpack_from``: a buffer longer than the format is
accepted (only a shorter one fails), and the failure is ``ValueError("buffer too small")``.
Popular drivers depend on the first (e.g. ``unpack("<hB", seven_bytes)`` in the common BME280
driver), so CPython's exact-size rule would break them.
"""

import struct as _struct

calcsize = _struct.calcsize
pack = _struct.pack


def unpack(fmt, buf):
    return unpack_from(fmt, buf, 0)


def unpack_from(fmt, buf, offset=0):
    if offset < 0:
        offset += len(buf)       # negative offsets count from the end (modstruct.c)
    if offset < 0 or offset + _struct.calcsize(fmt) > len(buf):
        raise ValueError("buffer too small")
    return _struct.unpack_from(fmt, buf, offset)


def pack_into(fmt, buf, offset, *values):
    if offset < 0:
        offset += len(buf)
    if offset < 0 or offset + _struct.calcsize(fmt) > len(buf):
        raise ValueError("buffer too small")
    _struct.pack_into(fmt, buf, offset, *values)
