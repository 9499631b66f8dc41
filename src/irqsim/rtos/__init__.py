"""A FreeRTOS-like real-time OS model on the irqsim event kernel (docs/rtos.md).

Build a system in Python::

    from irqsim.rtos import Rtos, compute, lock, unlock, give_from_isr

    os = Rtos(seed=1)
    enc = os.semaphore("encoder")
    os.isr("encoder_isr", 5, [compute("5us"), give_from_isr(enc)], period="1ms")
    os.task("motor", 3, [compute("150us")], wait=enc, deadline="1ms")
    os.task("fusion", 2, [compute("2ms")], period="10ms")
    os.run("1s")

or load a TOML task set with :func:`load_taskset` (rtos/scenario.py).
"""

from .context import IsrSource, JobStats, Task
from .ops import (
                  compute,
                  delay,
                  give,
                  give_from_isr,
                  kick,
                  lock,
                  pend,
                  receive,
                  send,
                  send_from_isr,
                  take,
                  unlock,
)
from .scheduler import TaskError
from .sync import Mutex, Queue, Semaphore, Watchdog
from .system import Rtos

__all__ = ["IsrSource", "JobStats", "Mutex", "Queue", "Rtos", "Semaphore", "Task", "TaskError",
           "Watchdog", "compute", "delay", "give", "give_from_isr", "kick", "lock", "pend", "receive",
           "send", "send_from_isr", "take", "unlock"]
