"""``_thread``: rp2 runs at most one extra thread, on core 1 (ports/rp2/mpthreadport.c).

``start_new_thread`` runs the function on a simulated core 1 (mpy/core1.py, which explains
the time model); a second start while core 1 runs raises ``OSError("core1 in use")``.
Locks block as pico-sdk mutexes do (mutex_enter_blocking): the waiting core lets the other
run until the lock is released. ``get_ident`` is the core number + 1 (mp_thread_get_id).
"""

from __future__ import annotations

from types import ModuleType

from ..errors import IrqsimError
from ..kernel.core import NEVER
from .core1 import ARGS_BYTES, STACK_BYTES, Core1

CORE0_IDENT = 1   # mp_thread_get_id(): get_core_num() + 1 (ports/rp2/mpthreadport.c)
CORE1_IDENT = 2


class NotSimulatedError(IrqsimError):
    """Firmware used a feature irqsim does not simulate (exit code 2, like a scenario error)."""


def build(port) -> ModuleType:
    mod = ModuleType("_thread")
    core1 = Core1(port)
    port.core1 = core1

    class LockType:
        """extmod/modthread.c mp_obj_thread_lock_t: acquire(waitflag=1, timeout=-1)."""

        def __init__(self) -> None:
            self._locked = False

        def acquire(self, waitflag=1, timeout=-1):
            # modthread.c: the timeout argument is accepted and ignored ("TODO support timeout arg")
            if self._locked and waitflag and core1.running:
                if core1.active:
                    core1.wait_lock(self)
                else:   # core 0 spins in mutex_enter_blocking (IRQs still taken) until core 1 releases
                    port.cpu.wait_until(NEVER, run_callbacks=False, idle=False,
                                        until=lambda: not self._locked)
            if self._locked:
                if waitflag:
                    # Only core 1 could release it, and there is no core 1: a real deadlock.
                    file, line = port.firmware_location()
                    raise NotSimulatedError("_thread lock acquired twice on one core: the firmware "
                                            "would wait forever for core 1", file=file, line=line,
                                            hint="release the lock first, or acquire(0) to test it")
                return False
            self._locked = True
            return True

        def release(self):
            if not self._locked:
                raise RuntimeError()   # modthread.c: mp_raise_msg(&mp_type_RuntimeError, NULL)
            self._locked = False
            if not core1.active:
                core1.released(self)

        def locked(self):
            return self._locked

        def __enter__(self):
            return self.acquire()

        def __exit__(self, *exc):
            self.release()

    def allocate_lock():
        return LockType()

    def get_ident():
        return CORE1_IDENT if core1.active else CORE0_IDENT

    def start_new_thread(function, args, kwargs=None):
        # py/modthread.c mod_thread_start_new_thread: argument checks, then mp_thread_create
        if not isinstance(args, (tuple, list)):
            raise TypeError("expecting a tuple/list of args")
        if kwargs is not None and not isinstance(kwargs, dict):
            raise TypeError("expecting a dict for keyword args")
        if core1.running:
            raise OSError("core1 in use")   # mp_thread_create (ports/rp2/mpthreadport.c)
        port.alloc(ARGS_BYTES + 4 * len(args), "_thread args")
        port.alloc(STACK_BYTES, "_thread stack (mp_thread_create m_new)")
        core1.start(function, tuple(args), dict(kwargs or {}))
        return CORE1_IDENT

    def stack_size(size=None):
        return 0 if size is None else None

    def exit():
        raise SystemExit

    mod.LockType = LockType
    mod.allocate_lock = allocate_lock
    mod.get_ident = get_ident
    mod.start_new_thread = start_new_thread
    mod.stack_size = stack_size
    mod.exit = exit
    return mod
