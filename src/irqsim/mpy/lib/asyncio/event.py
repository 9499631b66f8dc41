# irqsim's asyncio: Event and ThreadSafeFlag.

from asyncio import core


class Event:
    # Wakes every waiting task when set; stays set until clear(). Set it from tasks only:
    # from an IRQ handler use a ThreadSafeFlag (set() here edits the run queue).

    def __init__(self):
        self.state = False
        self.waiting = core._Queue()

    def is_set(self):
        return self.state

    def set(self):
        q = self.waiting
        while q.head is not None:
            core._runq.push(q.pop())
        self.state = True

    def clear(self):
        self.state = False

    async def wait(self):
        if not self.state:
            self.waiting.append(core.cur_task)
            await core._suspend
        return True


class ThreadSafeFlag:
    # MicroPython's extension for IRQ handlers: set() only stores a flag (no allocation, safe
    # in a hard handler); the scheduler polls it like a stream. One task waits on it at a
    # time; wait() clears the flag when it returns.

    def __init__(self):
        self.state = 0

    def set(self):
        self.state = 1

    def clear(self):
        self.state = 0

    async def wait(self):
        if not self.state:
            await core._io_wait(self, False)
        self.state = 0
