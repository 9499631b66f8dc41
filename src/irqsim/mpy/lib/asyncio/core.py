# irqsim's asyncio for MicroPython firmware: tasks, the run queue and the scheduler loop.
#
# Firmware-level code: irqsim loads it like main.py (instrumented), so every line here costs
# virtual time, as MicroPython's frozen asyncio bytecode does on the chip. Written for irqsim
# after MicroPython's documented behaviour (docs/library/asyncio.rst, extmod/asyncio): times
# are ms ticks, the queue is ordered by due time (first come, first served among equals),
# queueing never allocates (tasks are linked through their own fields), an idle loop waits in
# select.poll-like fashion so IRQs and scheduled callbacks run meanwhile.
#
# _irqsim_TaskQueue, _irqsim_poll, _irqsim_drive and _irqsim_track are injected by irqsim
# (mpy/bundled.py): the C task queue, the C-level poll/WFE wait, and end-of-run cleanup of
# never-started coroutines.
# ruff: noqa: F821 (those injected names)

import sys
from time import ticks_add, ticks_diff, ticks_ms


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


################################################################################
# Queues


# The run queue and wait queues: MicroPython's C TaskQueue (_asyncio), supplied by irqsim
# (mpy/asyncio_queue.py) at C cost. Ordered by Task.due in ms ticks, first come first served
# among equal times; push(task[, due]), append(task) (FIFO), pop(), remove(task), .head.
_Queue = _irqsim_TaskQueue


class _IoWait:
    # Tasks waiting for a stream (ThreadSafeFlag, UART) to become ready; the scheduler polls
    # them through _irqsim_poll.

    def __init__(self):
        self.tasks = []

    def add(self, task, obj, writing):
        task.io = obj
        task.io_w = writing
        task.q = self
        self.tasks.append(task)

    def remove(self, task):
        self.tasks.remove(task)
        task.io = None
        task.q = None


class _Parked:
    # Where a task waits when whoever wakes it holds it directly (gather's parent task).

    def remove(self, task):
        task.q = None


_parked = _Parked()


################################################################################
# Tasks


class Task:
    def __init__(self, coro, globals=None):
        self.coro = coro
        self.due = 0  # ms ticks at which it runs, while on the run queue
        self.nxt = None  # next task on the same queue
        self.q = None  # the queue this task is on; None while it runs
        self.awaits = None  # the Task this one awaits: cancel() is forwarded to it
        self.io = None  # the stream it waits on (with io_w: for writing)
        self.io_w = False
        self.finished = False
        self.result = None
        self.exc = None
        self.retrieved = False  # someone awaited the result (or exception)
        self.joiners = None  # _Queue of tasks awaiting this one
        self.on_done = None  # callable(task, exc) instead of joiners (gather)
        self.throw = None  # exception to raise inside the coroutine when it next runs
        _irqsim_track(coro)

    def __repr__(self):
        return "<Task>"

    def __await__(self):
        if not self.finished:
            if self.on_done is not None:
                raise RuntimeError("can't wait")
            if self.joiners is None:
                self.joiners = _Queue()
            me = cur_task
            self.joiners.append(me)
            me.awaits = self
            yield
        self.retrieved = True
        if self.exc is not None:
            raise self.exc
        return self.result

    def done(self):
        return self.finished

    def cancel(self):
        if self.finished:
            return False
        if self is cur_task:
            raise RuntimeError("can't cancel self")
        t = self
        while t.awaits is not None:  # cancelling a task that awaits a task cancels that one
            t = t.awaits
        q = t.q
        if t is cur_task:
            q = _runq  # running: it gets the error when it next resumes
        if q is not _runq:
            if q is not None:
                q.remove(t)
            _runq.push(t)
        elif t is not cur_task and ticks_diff(t.due, ticks_ms()) > 0:
            _runq.remove(t)  # sleeping: wake it now
            _runq.push(t)
        t.throw = CancelledError()
        return True


class _Suspend:
    # `await _suspend`: give the CPU back to the scheduler. The caller has already queued
    # the running task where something will wake it.

    def __await__(self):
        yield


_suspend = _Suspend()


class _Sleep:
    # What sleep_ms() returns: one object for the whole program, so sleeping allocates
    # nothing on MicroPython's heap.

    def __init__(self):
        self.due = None

    def __await__(self):
        due = self.due
        self.due = None
        _runq.push(cur_task, due)
        yield


_sleeper = _Sleep()


def sleep_ms(t):
    _sleeper.due = ticks_add(ticks_ms(), max(0, t))
    return _sleeper


def sleep(t):
    return sleep_ms(int(t * 1000))


def _io_wait(obj, writing):
    # Park the running task until obj is ready; the caller then awaits _suspend.
    _io.add(cur_task, obj, writing)
    return _suspend


################################################################################
# The scheduler


def _promote(aw):
    if isinstance(aw, Task):
        return aw
    return create_task(aw)


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _runq.push(t)
    return t


def _finish(t, result, exc):
    t.finished = True
    t.result = result
    t.exc = exc
    told = t is _main
    if t.on_done is not None:
        cb = t.on_done
        t.on_done = None
        cb(t, exc)
        told = True
    q = t.joiners
    if q is not None:
        while q.head is not None:
            j = q.pop()
            j.awaits = None
            _runq.push(j)
            told = True
    if exc is not None and not told and not isinstance(exc, CancelledError):
        # Nobody waits for it: report the exception on the next pass unless a task
        # awaits it first (then that task gets it).
        _runq.push(t)


def _step(t):
    global cur_task
    if t.finished:  # queued by _finish to report an exception nobody retrieved
        if not t.retrieved:
            t.retrieved = True
            _context["exception"] = t.exc
            _context["future"] = t
            _loop.call_exception_handler(_context)
        return
    cur_task = t
    exc = t.throw
    try:
        if exc is None:
            t.coro.send(None)
        else:
            t.throw = None
            t.coro.throw(exc)
    except StopIteration as done:
        _finish(t, done.value, None)
    except _ended as er:
        _finish(t, None, er)
    cur_task = None


_ended = (CancelledError, Exception)  # a tuple made once: the loop allocates nothing


def _run(main):
    runq = _runq
    io = _io
    while True:
        t = runq.head
        if t is None:
            if io.tasks:
                dt = None  # only a stream can wake a task
            elif main is None or main.finished:
                return None
            else:
                dt = 3  # nothing can wake main, yet it must not return: idle on
        else:
            dt = ticks_diff(t.due, ticks_ms())
            if dt <= 0:
                if io.tasks:
                    for w in _irqsim_poll(io.tasks, 0):
                        io.remove(w)
                        runq.push(w)
                _step(runq.pop())
                if main is not None and main.finished:
                    main.retrieved = True
                    if main.exc is not None:
                        raise main.exc
                    return main.result
                continue
        for w in _irqsim_poll(io.tasks, dt):
            io.remove(w)
            runq.push(w)


def run_until_complete(main_task=None):
    global _main
    _main = main_task
    try:
        return _irqsim_drive(_run, main_task)
    finally:
        _main = None


def run(coro):
    return run_until_complete(create_task(coro))


################################################################################
# The event loop object


async def _stopper():
    pass


class Loop:
    def __init__(self):
        self.handler = None
        self.stop_task = None

    def create_task(self, coro):
        return create_task(coro)

    def run_forever(self):
        # Runs until stop(): the stop task is the main task, queued only by stop().
        self.stop_task = Task(_stopper())
        run_until_complete(self.stop_task)

    def run_until_complete(self, aw):
        return run_until_complete(_promote(aw))

    def stop(self):
        t = self.stop_task
        if t is not None:
            self.stop_task = None
            _runq.push(t)

    def close(self):
        pass

    def set_exception_handler(self, handler):
        self.handler = handler

    def get_exception_handler(self):
        return self.handler

    def default_exception_handler(self, context):
        print(context["message"])
        t = context["future"]
        print("future:", t, "coro=", "<generator object '%s'>" % t.coro.__name__)
        sys.print_exception(context["exception"])

    def call_exception_handler(self, context):
        if self.handler is None:
            self.default_exception_handler(context)
        else:
            self.handler(self, context)


_context = {"message": "Task exception wasn't retrieved", "exception": None, "future": None}
_loop = Loop()
cur_task = None
_main = None


def get_event_loop(runq_len=0, waitq_len=0):
    return _loop


def current_task():
    if cur_task is None:
        raise RuntimeError("no running event loop")
    return cur_task


def new_event_loop():
    global _runq, _io, _loop
    _runq = _Queue()
    _io = _IoWait()
    _loop = Loop()
    return _loop


new_event_loop()
