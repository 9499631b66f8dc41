"""Firmware libraries irqsim ships as Python source: MicroPython's frozen ``asyncio``.

On the chip, ``asyncio`` is frozen bytecode that runs on the same VM as ``main.py``
(extmod/asyncio, ports/rp2/boards/manifest.py). irqsim's own implementation lives in
``mpy/lib/asyncio/`` and is loaded here through the same instrumented loader as user modules
(``Port.load_firmware``), so its lines cost virtual time and show in tracebacks as
``asyncio/core.py``. ``uasyncio`` is the same package (MicroPython's u-prefix fallback).

A firmware directory (or a scenario ``lib`` directory) that ships its own ``asyncio`` wins,
as a ``/lib`` copy would on the board: :func:`import_module` then returns None.

The package's C-level needs are host primitives injected into its module globals
(names start with ``_irqsim_``, so the heap model does not count them as roots):

- ``_irqsim_poll(waiters, delay_ms)``: ``select.poll.ipoll`` for the scheduler: idles (WFE,
  scheduled callbacks run) until ``delay_ms`` passes (None: no limit) or an awaited stream is
  ready, and returns the ready tasks. A task's ``io`` is a ThreadSafeFlag (ready when its
  ``state`` is set) or a ``machine.UART`` (ready when bytes wait / TX ring has room).
- ``_irqsim_drive(fn, arg)``: runs the scheduler; if the run ends (StopSimulation) while
  tasks were never started, closes their coroutines so CPython does not warn "coroutine ...
  was never awaited" later, at a random garbage collection.
- ``_irqsim_track(coro)``: remembers a task's coroutine for the above (weakly).
- ``_irqsim_TaskQueue``: ``_asyncio.TaskQueue`` (asyncio_queue.py).
"""

from __future__ import annotations

import inspect
import weakref
from pathlib import Path
from types import ModuleType

from ..kernel.core import NEVER
from ..runtime.cpu import StopSimulation
from ..runtime.instrument import CATCHABLE
from .asyncio_queue import make_task_queue

LIB_DIR = Path(__file__).resolve().parent / "lib"
# import name -> package directory under LIB_DIR
PACKAGES = {"asyncio": "asyncio", "uasyncio": "asyncio"}

_loaded: weakref.WeakSet = weakref.WeakSet()   # module objects this loader made


def import_module(port, name: str, fromlist):
    """Port._import for a bundled package; None when the firmware ships its own."""
    parts = name.split(".")
    top = parts[0]
    real = PACKAGES[top]
    pkg = port.modules.get(top)
    if pkg is None:
        pkg = port.modules.get(real)
        if pkg is None or pkg not in _loaded:
            if _firmware_has(port, top) or _firmware_has(port, real):
                return None
            pkg = _load(port, real, LIB_DIR / real / "__init__.py")
        port.modules[top] = pkg
    elif pkg not in _loaded:
        return None  # the firmware's own module of that name
    module = pkg
    dotted = real
    for part in parts[1:]:
        dotted = f"{dotted}.{part}"
        module = _submodule(port, module, dotted, part)
    for item in fromlist or ():
        if item != "*" and item not in vars(module) and (LIB_DIR / real / f"{item}.py").exists():
            _submodule(port, module, f"{real}.{item}", item)
    if len(parts) > 1 and not fromlist:
        return pkg  # ``import asyncio.core`` binds ``asyncio``
    return module


def _firmware_has(port, top: str) -> bool:
    for base in (port.firmware_dir, *getattr(port, "lib_dirs", ())):
        if (base / f"{top}.py").exists() or (base / top / "__init__.py").exists():
            return True
    return False


def _submodule(port, pkg: ModuleType, dotted: str, part: str) -> ModuleType:
    module = port.modules.get(dotted)
    if module is None:
        path = LIB_DIR / Path(*dotted.split(".")[:-1]) / f"{part}.py"
        if not path.exists():
            raise ImportError(f"no module named '{dotted}'")
        module = _load(port, dotted, path)
        setattr(pkg, part, module)
    return module


def _load(port, dotted: str, path: Path) -> ModuleType:
    module = ModuleType(dotted)
    port.modules[dotted] = module
    g, code = port.load_firmware(path, dotted)
    module.__dict__.update(g)
    module.__file__ = str(path.relative_to(LIB_DIR))   # as MicroPython names frozen modules
    module.__dict__.update(_primitives(port))
    _loaded.add(module)
    try:
        exec(code, module.__dict__)
    except BaseException:  # noqa: B036 - unregister a half-loaded module, then re-raise anything
        del port.modules[dotted]
        raise
    cancelled = module.__dict__.get("CancelledError")
    if dotted == "asyncio.core" and isinstance(cancelled, type):
        _catch_cancelled(port, cancelled)
    return module


def _catch_cancelled(port, cancelled: type) -> None:
    """A bare ``except:`` in firmware catches CancelledError, as on MicroPython (it derives
    from BaseException there too); the instrumenter narrows bare excepts to ``port.catchable``."""
    if cancelled in port.catchable:
        return
    port.catchable = (*port.catchable, cancelled)
    namespaces = [*port.firmware_globals, *(vars(m) for m in port.modules.values())]
    for ns in namespaces:
        if CATCHABLE in ns:
            ns[CATCHABLE] = port.catchable


_PRIMITIVES = ("_irqsim_poll", "_irqsim_drive", "_irqsim_track", "_irqsim_TaskQueue")


def _primitives(port) -> dict:
    """One set per port, shared by the package's modules (kept in their globals only, so
    nothing outlives the run)."""
    for module in port.modules.values():
        if module in _loaded and "_irqsim_poll" in vars(module):
            return {name: vars(module)[name] for name in _PRIMITIVES}
    return _make_primitives(port)


def _make_primitives(port) -> dict:
    cpu = port.cpu
    poll_ns = port.call_ns["sleep_call"]   # one mp_poll call: argument parsing, ioctl per stream
    coros: weakref.WeakSet = weakref.WeakSet()
    port.coroutines = coros   # closed at the end of the run if never started (Port.close_coroutines)

    def ready(task) -> bool:
        obj = task.io
        rx = getattr(obj, "_ring_rx", None)
        if rx is not None:   # machine.UART: rp2 machine_uart.c MP_STREAM_POLL
            if task.io_w:
                return len(obj._ring_tx) < obj._txbuf_len
            return bool(rx) or obj._hw.rx_readable()
        if task.io_w:
            return True
        return bool(getattr(obj, "state", 0))   # ThreadSafeFlag

    def poll(waiters, delay_ms):
        cpu.charge(poll_ns)
        found = [t for t in waiters if ready(t)]
        if found or delay_ms == 0:
            return found
        if delay_ms is None:
            end_ns = NEVER
        else:
            # ipoll(dt) times out when the ms tick has advanced dt times (extmod/modselect.c)
            end_ns = (cpu.now() // 1_000_000 + int(delay_ms)) * 1_000_000
        until = (lambda: any(ready(t) for t in waiters)) if waiters else None
        if cpu.wait_until(end_ns, run_callbacks=True, idle=True, until=until):
            return [t for t in waiters if ready(t)]
        return []

    def drive(fn, arg):
        try:
            return fn(arg)
        except StopSimulation:
            for coro in list(coros):
                if inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
                    coro.close()
            raise

    def track(coro) -> None:
        if inspect.iscoroutine(coro):
            coros.add(coro)

    return {"_irqsim_poll": poll, "_irqsim_drive": drive, "_irqsim_track": track,
            "_irqsim_TaskQueue": make_task_queue(port)}
