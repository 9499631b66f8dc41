# irqsim's asyncio for MicroPython firmware (also importable as uasyncio).
#
# The core is loaded at import; the rest on first use, as MicroPython's package does, so a
# program pays (in virtual time and heap) only for the parts it touches.

from asyncio.core import (  # noqa: F401 (the package's API)
    CancelledError,
    Loop,
    Task,
    TimeoutError,
    create_task,
    current_task,
    get_event_loop,
    new_event_loop,
    run,
    run_until_complete,
    sleep,
    sleep_ms,
)

__version__ = (3, 0, 0)

_lazy = {
    "wait_for": "funcs",
    "wait_for_ms": "funcs",
    "gather": "funcs",
    "Event": "event",
    "ThreadSafeFlag": "event",
    "Lock": "lock",
    "Stream": "stream",
    "StreamReader": "stream",
    "StreamWriter": "stream",
}


def __getattr__(attr):
    where = _lazy.get(attr)
    if where is None:
        raise AttributeError(attr)
    if where == "funcs":
        from asyncio import funcs as mod
    elif where == "event":
        from asyncio import event as mod
    elif where == "lock":
        from asyncio import lock as mod
    else:
        from asyncio import stream as mod
    value = getattr(mod, attr)
    globals()[attr] = value
    return value
