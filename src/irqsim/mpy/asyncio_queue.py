"""The C half of MicroPython's asyncio: ``_asyncio.TaskQueue``, as host code with a C cost.

On rp2 (MICROPY_PY_ASYNCIO, extmod/modasyncio.c) the task queue is C: pushing, popping and
removing a task cost a C call, not Python bytecode. irqsim's firmware-level asyncio
(``mpy/lib/asyncio``) keeps its scheduler loop in Python, as MicroPython's core.py is, and
takes its queues from here (injected as ``_irqsim_TaskQueue`` by ``bundled.py``).

Order: by due time in ms ticks, compared with ticks_diff (wrap at 2**30), first come first
served among equal times; ``append`` is a FIFO for tasks waiting on an Event, a Lock or
another task. Tasks are linked through their own ``nxt`` field, so queueing allocates
nothing, as the C pairing heap does not.
"""

from __future__ import annotations

from .time_module import TICKS_HALFPERIOD, TICKS_MAX

# C work per queue operation (method dispatch in modasyncio.c + a pairing-heap meld of a few
# nodes). The calling bytecode (load_method, call) is charged by the instrumented line.
# An estimate of the same order as Pin calls in the board profile; not calibrated.
QUEUE_OP_CYCLES = 120


def _before(a: int, b: int) -> bool:
    """ticks_diff(a, b) < 0"""
    return ((a - b + TICKS_HALFPERIOD) & TICKS_MAX) - TICKS_HALFPERIOD < 0


def make_task_queue(port):
    cpu = port.cpu
    op_ns = port.system.board.cycles_to_ns(QUEUE_OP_CYCLES)

    class TaskQueue:
        __slots__ = ("head", "tail")

        def __init__(self):
            self.head = None
            self.tail = None

        def peek(self):
            return self.head

        def append(self, task):
            cpu.charge(op_ns)
            self._link_tail(task)

        def _link_tail(self, task):
            task.q = self
            task.nxt = None
            if self.tail is None:
                self.head = task
            else:
                self.tail.nxt = task
            self.tail = task

        def push(self, task, due=None):
            cpu.charge(op_ns)
            if due is None:
                due = (cpu.now() // 1_000_000) & TICKS_MAX   # mp_hal_ticks_ms
            task.due = due
            if self.tail is None or not _before(due, self.tail.due):
                self._link_tail(task)
                return
            task.q = self
            prev, node = None, self.head
            while not _before(due, node.due):
                prev, node = node, node.nxt
            task.nxt = node
            if prev is None:
                self.head = task
            else:
                prev.nxt = task

        def pop(self):
            cpu.charge(op_ns)
            task = self.head
            if task is None:
                raise IndexError("empty queue")
            self.head = task.nxt
            if self.head is None:
                self.tail = None
            task.nxt = None
            task.q = None
            return task

        def remove(self, task):
            cpu.charge(op_ns)
            prev, node = None, self.head
            while node is not None and node is not task:
                prev, node = node, node.nxt
            if node is None:
                return
            if prev is None:
                self.head = node.nxt
            else:
                prev.nxt = node.nxt
            if self.tail is node:
                self.tail = prev
            node.nxt = None
            node.q = None

    TaskQueue.__name__ = TaskQueue.__qualname__ = "TaskQueue"
    return TaskQueue
