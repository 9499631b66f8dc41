# irqsim's asyncio: gather, wait_for, wait_for_ms.

from asyncio import core


class _Expiry:
    def __init__(self):
        self.fired = False


async def _expire(state, aw, timeout, sleep):
    await sleep(timeout)
    state.fired = True
    aw.cancel()


async def wait_for(aw, timeout, sleep=core.sleep):
    # The caller awaits aw itself; a timer task cancels aw when the time is up, and the
    # resulting CancelledError becomes TimeoutError. Cancelling the caller cancels aw
    # (Task.cancel forwards to the awaited task) and then the timer.
    aw = core._promote(aw)
    if timeout is None:
        return await aw
    state = _Expiry()
    timer = core.create_task(_expire(state, aw, timeout, sleep))
    try:
        return await aw
    except core.CancelledError:
        if state.fired:
            raise core.TimeoutError from None
        raise
    finally:
        if not state.fired:
            timer.cancel()


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout, core.sleep_ms)


class _Gathering:
    # Called by the scheduler as each gathered task ends (Task.on_done); wakes the gathering
    # task when all are done, or at the first exception unless return_exceptions.

    def __init__(self, parent, return_exceptions):
        self.parent = parent
        self.pending = 0
        self.return_exceptions = return_exceptions
        self.error = None

    def __call__(self, task, exc):
        if self.parent.q is not core._parked:
            return  # woken already (an earlier exception, or cancelled)
        if exc is not None and not self.return_exceptions:
            self.error = exc
        else:
            self.pending -= 1
            if self.pending:
                return
        core._runq.push(self.parent)


async def gather(*aws, return_exceptions=False):
    tasks = [core._promote(aw) for aw in aws]
    g = _Gathering(core.cur_task, return_exceptions)
    for t in tasks:
        if not t.finished:
            if t.on_done is not None or (t.joiners is not None and t.joiners.head is not None):
                raise RuntimeError("can't gather")
            t.on_done = g
            g.pending += 1
        elif t.exc is not None and not return_exceptions and g.error is None:
            g.error = t.exc
    cancelled = None
    if g.pending and g.error is None:
        g.parent.q = core._parked
        try:
            await core._suspend
        except core.CancelledError as er:
            cancelled = er
    for t in tasks:
        if t.on_done is g:  # still running: no longer gathered
            t.on_done = None
            if cancelled is not None:
                t.cancel()
        elif t.finished:
            t.retrieved = True
    if cancelled is not None:
        raise cancelled
    if g.error is not None:
        raise g.error
    results = []
    for t in tasks:
        if t.exc is not None:
            results.append(t.exc)
        else:
            results.append(t.result)
    return results
