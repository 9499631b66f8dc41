"""``_thread``: rp2 runs at most one extra thread, on core 1 (ports/rp2/mpthreadport.c).

irqsim simulates one core. Locks and ``get_ident`` work (single-threaded firmware uses them
to be core-1-ready), but ``start_new_thread`` stops the run with a named error instead of
silently running nothing or failing with "no module named '_thread'".
"""

from __future__ import annotations

from types import ModuleType

from ..errors import IrqsimError

CORE0_IDENT = 0x20000000 + 0x3C   # a thread id is the address of its state; fixed per run


class NotSimulatedError(IrqsimError):
    """Firmware used a feature irqsim does not simulate (exit code 2, like a scenario error)."""


def build(port) -> ModuleType:
    mod = ModuleType("_thread")

    class LockType:
        """extmod/modthread.c mp_obj_thread_lock_t: acquire(waitflag=1, timeout=-1)."""

        def __init__(self) -> None:
            self._locked = False

        def acquire(self, waitflag=1, timeout=-1):
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

        def locked(self):
            return self._locked

        def __enter__(self):
            return self.acquire()

        def __exit__(self, *exc):
            self.release()

    def allocate_lock():
        return LockType()

    def get_ident():
        return CORE0_IDENT

    def start_new_thread(function, args, kwargs=None):
        file, line = port.firmware_location()
        port.refusals.append("_thread.start_new_thread")
        raise NotSimulatedError(
            "_thread.start_new_thread(): the second core (core 1) is not simulated by irqsim",
            file=file, line=line,
            hint="irqsim runs core 0 only; run the thread's loop from the main program or a Timer "
                 "callback to simulate it, or test core 1's work separately")

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
