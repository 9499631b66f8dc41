# irqsim's asyncio: Lock.

from asyncio import core


class Lock:
    # state: 0 free, 1 held, or the Task it was handed to by release() that has not run yet.

    def __init__(self):
        self.state = 0
        self.waiting = core._Queue()

    def locked(self):
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        q = self.waiting
        if q.head is None:
            self.state = 0
        else:
            t = q.pop()
            self.state = t
            core._runq.push(t)

    async def acquire(self):
        if self.state != 0:
            me = core.cur_task
            self.waiting.append(me)
            try:
                await core._suspend
            except core.CancelledError:
                if self.state is me:  # handed over as it was cancelled: pass it on
                    self.state = 1
                    self.release()
                raise
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self.release()
