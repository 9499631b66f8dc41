# A driver package in the micropython-lib style: a lazy loader resolving names with a
# relative __import__ called with globals=None (MicroPython uses the current globals).
import asyncio


async def _probe():
    pass


CORO_TYPE = type(_probe())   # a coroutine made only to learn its type (no warning on MicroPython)

_lazy = {"Blinker": "blink", "Counter": "count"}


def __getattr__(attr):
    mod = _lazy.get(attr)
    if mod is None:
        raise AttributeError(attr)
    value = getattr(__import__(mod, None, None, True, 1), attr)
    globals()[attr] = value
    return value
