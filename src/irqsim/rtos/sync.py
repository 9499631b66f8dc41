"""Semaphores, mutexes, message queues and the software watchdog.

FreeRTOS semantics where it matters for timing (queue.c, tasks.c):
* blocked tasks wait in priority order, FIFO among equal priorities;
* ``give``/``send`` from a task switches at once if it readied a more urgent task;
  the ``*_from_isr`` variants never block and the switch happens when the ISR returns
  (``portYIELD_FROM_ISR``);
* a binary semaphore given twice before it is taken stays at 1 (the second give fails).

Differences (docs/rtos.md): a released mutex is handed straight to its most urgent waiter
(FreeRTOS wakes it and lets it retry), and an inherited priority drops as soon as the
mutex that caused it is released (FreeRTOS keeps it until the task holds no mutex).
"""

from __future__ import annotations

from collections import deque

from ..trace.log import Kind

PROTOCOLS = ("none", "inherit", "ceiling")


class _Waiters:
    """Tasks blocked on an object: most urgent first, FIFO among equals."""

    def __init__(self) -> None:
        self._items: list = []
        self._seq = 0

    def add(self, task, payload=None) -> None:
        self._seq += 1
        self._items.append((task, self._seq, payload))

    def pop(self):
        best = max(self._items, key=lambda e: (e[0].priority, -e[1]))
        self._items.remove(best)
        return best[0], best[2]

    def remove(self, task) -> None:
        self._items = [e for e in self._items if e[0] is not task]

    def tasks(self):
        return [e[0] for e in self._items]

    def __bool__(self) -> bool:
        return bool(self._items)


class _Object:
    is_mutex = False
    kind = "object"

    def __init__(self, rt, name: str, line: int | None = None) -> None:
        self.rt = rt
        self.name = name
        self.line = line

    def _log(self, who, action: str) -> None:
        name = who.name if who is not None else "-"
        self.rt.log.append((self.rt.now_ns, Kind.LOCK, self.name, name, action))


class Semaphore(_Object):
    """Binary (``max_count=1``) or counting semaphore (xSemaphoreCreateBinary/Counting)."""

    kind = "semaphore"

    def __init__(self, rt, name: str, *, max_count: int = 1, initial: int = 0, line=None) -> None:
        super().__init__(rt, name, line)
        self.max_count = max_count
        self.initial = initial
        self.reset()

    def reset(self) -> None:
        self.count = self.initial
        self.stamps: deque = deque([self.rt.now_ns] * self.initial)  # give times, for job releases
        self.waiters = _Waiters()

    def _give(self, who) -> bool:
        if self.waiters:
            task, _ = self.waiters.pop()
            task.wake_stamp = self.rt.now_ns
            self._log(who, "give")
            self.rt.make_ready(task, True)
            return True
        if self.count >= self.max_count:
            self._log(who, "full")
            return False
        self.count += 1
        self.stamps.append(self.rt.now_ns)
        self._log(who, "give")
        return True

    def give(self) -> bool:
        who = self.rt.enter(f"{self.name}.give")
        ok = self._give(who)
        self.rt.reschedule()
        return ok

    def give_from_isr(self) -> bool:
        who = self.rt.enter(f"{self.name}.give_from_isr", from_isr=True)
        return self._give(who)

    def take(self, timeout=None) -> bool:
        rt = self.rt
        who = rt.enter(f"{self.name}.take", blocking=True)
        timeout_ns = rt.timeout_of(timeout, who)
        if self.count > 0:
            self.count -= 1
            if who is not None:
                who.wake_stamp = self.stamps.popleft()
            else:
                self.stamps.popleft()
            self._log(who, "take")
            return True
        if timeout_ns == 0:
            return False
        self.waiters.add(who)
        self._log(who, "block")
        return bool(rt.block(who, self, timeout_ns, on_timeout=self.waiters.remove))

    def take_from_isr(self) -> bool:
        who = self.rt.enter(f"{self.name}.take_from_isr", from_isr=True)
        if self.count > 0:
            self.count -= 1
            self.stamps.popleft()
            self._log(who, "take")
            return True
        return False


class Mutex(_Object):
    """A mutex with no protocol, priority inheritance, or the immediate priority ceiling
    protocol (OSEK/AUTOSAR resources, POSIX PTHREAD_PRIO_PROTECT)."""

    is_mutex = True
    kind = "mutex"

    def __init__(self, rt, name: str, *, protocol: str = "inherit", ceiling: int | None = None,
                 line=None) -> None:
        super().__init__(rt, name, line)
        if protocol not in PROTOCOLS:
            raise ValueError(f"mutex protocol must be one of {', '.join(PROTOCOLS)}")
        self.protocol = protocol
        self.ceiling = ceiling
        self.reset()

    def reset(self) -> None:
        self.owner = None
        self.waiters = _Waiters()

    def _acquire(self, task) -> None:
        self.owner = task
        task.held.append(self)
        self._log(task, "lock")
        self.rt.update_priority(task)

    def lock(self, timeout=None) -> bool:
        rt = self.rt
        who = rt.enter(f"{self.name}.lock", blocking=True, task_only=True)
        if who is None or who.is_isr:
            return False
        timeout_ns = rt.timeout_of(timeout, who)
        if self.owner is None:
            self._acquire(who)
            return True
        if self.owner is who:
            rt.violation("rtos-relock", f"task {who.name!r} locked mutex {self.name!r} it already holds "
                         "(a non-recursive mutex deadlocks here)", once=("relock", who.name, self.name))
            return False
        if timeout_ns == 0:
            return False
        self.waiters.add(who)
        self._log(who, "block")
        rt.update_priority(self.owner)

        def gave_up(task):
            self.waiters.remove(task)
            if self.owner is not None:
                rt.update_priority(self.owner)

        return bool(rt.block(who, self, timeout_ns, on_timeout=gave_up))

    def unlock(self) -> bool:
        rt = self.rt
        who = rt.enter(f"{self.name}.unlock", task_only=True)
        if who is None or who.is_isr:
            return False
        if self.owner is not who:
            rt.violation("rtos-unlock", f"task {who.name!r} unlocked mutex {self.name!r} it does not hold",
                         once=("unlock", who.name, self.name))
            return False
        who.held.remove(self)
        self.owner = None
        self._log(who, "unlock")
        rt.update_priority(who)
        if self.waiters:
            task, _ = self.waiters.pop()
            self._acquire(task)
            rt.make_ready(task, True)
        rt.reschedule()
        return True


class Queue(_Object):
    """A message queue of fixed length (xQueueCreate); items are copied Python values."""

    kind = "queue"

    def __init__(self, rt, name: str, *, length: int = 1, line=None) -> None:
        super().__init__(rt, name, line)
        self.length = length
        self.reset()

    def reset(self) -> None:
        self.items: deque = deque()
        self.receivers = _Waiters()
        self.senders = _Waiters()
        self.high_water = 0

    def _put(self, who, item) -> bool:
        if self.receivers:
            task, _ = self.receivers.pop()
            self._log(who, "send")
            self.rt.make_ready(task, (True, item))
            return True
        if len(self.items) >= self.length:
            self._log(who, "full")
            return False
        self.items.append(item)
        self.high_water = max(self.high_water, len(self.items))
        self._log(who, "send")
        return True

    def send(self, item=0, timeout=None) -> bool:
        rt = self.rt
        who = rt.enter(f"{self.name}.send", blocking=True)
        timeout_ns = rt.timeout_of(timeout, who)
        if self._put(who, item):
            rt.reschedule()
            return True
        if timeout_ns == 0:
            return False
        self.senders.add(who, item)
        self._log(who, "block")
        return bool(rt.block(who, self, timeout_ns, on_timeout=self.senders.remove))

    def send_from_isr(self, item=0) -> bool:
        who = self.rt.enter(f"{self.name}.send_from_isr", from_isr=True)
        return self._put(who, item)

    def _get(self, who):
        item = self.items.popleft()
        if self.senders:
            task, pending = self.senders.pop()
            self.items.append(pending)
            self.rt.make_ready(task, True)
        self._log(who, "receive")
        return item

    def receive(self, timeout=None):
        """Returns the item, or None when the timeout expired."""
        rt = self.rt
        who = rt.enter(f"{self.name}.receive", blocking=True)
        timeout_ns = rt.timeout_of(timeout, who)
        if self.items:
            item = self._get(who)
            rt.reschedule()
            return item
        if timeout_ns == 0:
            return None
        self.receivers.add(who)
        self._log(who, "block")
        got = rt.block(who, self, timeout_ns, on_timeout=self.receivers.remove)
        return got[1] if got else None

    def receive_from_isr(self):
        who = self.rt.enter(f"{self.name}.receive_from_isr", from_isr=True)
        return self._get(who) if self.items else None


class Watchdog(_Object):
    """A software watchdog: if nobody kicks it for ``timeout_ns`` it resets the system
    (``action="reset"``), ends the run (``"stop"``) or only reports (``"log"``)."""

    kind = "watchdog"

    def __init__(self, rt, name: str = "watchdog", *, timeout_ns: int, action: str = "reset",
                 line=None) -> None:
        super().__init__(rt, name, line)
        if action not in ("reset", "stop", "log"):
            raise ValueError("watchdog action must be reset, stop or log")
        self.timeout_ns = timeout_ns
        self.action = action
        self.event = None
        self.fired = 0

    def reset(self) -> None:
        self.last_kick_ns = self.rt.now_ns
        self._arm()

    def _arm(self) -> None:
        if self.event is not None:
            self.event.cancel()
        self.event = self.rt.at(self.rt.now_ns + self.timeout_ns, self._expire)

    def kick(self) -> None:
        who = self.rt.enter(f"{self.name}.kick", from_isr=True)
        self.last_kick_ns = self.rt.now_ns
        self._log(who, "kick")
        self._arm()

    def _expire(self) -> None:
        self.event = None
        self.fired += 1
        rt = self.rt
        rt.violation("rtos-watchdog", f"watchdog {self.name!r} was not kicked for "
                     f"{self.timeout_ns} ns (last kick at {self.last_kick_ns} ns): {self.action}",
                     line=self.line or 0)
        if self.action == "reset":
            rt.reset(f"watchdog {self.name}")
        elif self.action == "stop":
            rt.stopped = "watchdog"
        else:
            self._arm()
