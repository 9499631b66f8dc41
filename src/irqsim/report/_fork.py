"""Run two export jobs at once: one in a forked child process, one here.

Why: a run uses one core, and writing its exports (VCD + Perfetto + HTML) costs about
three times the run in pure Python; the second core of an ordinary machine is idle. After
``fork`` the child shares the finished event log copy-on-write, so nothing is serialised:
the child writes its files while this process writes the others, and the wall time is
that of the slower half rather than the sum.

Both halves run the very same code as the in-process path (``onepass.export`` with a
subset of the outputs), so the files are byte-identical either way; the split only
changes which process writes which file.

The child is used only where it is safe and cheap: Linux (``fork`` is the platform's
native start method; macOS frameworks are not fork-safe and Windows has no fork), one
thread in this process (a fork copies locks held by other threads, e.g. the progress
watcher's), at least two CPUs in this process's affinity mask, and not when
``IRQSIM_NO_FORK`` is set. Otherwise both jobs run here, one
after the other. The child ends with ``os._exit`` so it never flushes this process's
buffered stdout a second time nor runs its atexit handlers; an exception in the child is
sent back through a pipe and raised here.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable

from ..errors import IrqsimError


def can_fork() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and not os.environ.get("IRQSIM_NO_FORK") and threading.active_count() == 1
            and _cpus() > 1)


def _cpus() -> int:
    """CPUs this process may run on: with one (``taskset -c 0``, a one-CPU cgroup) a worker
    only takes turns with this process and repeats part of its work (measured slower)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_split(child_job: Callable[[], None], here_job: Callable[[], None]) -> bool:
    """Run ``child_job`` in a forked child and ``here_job`` here, concurrently.

    Returns True when a child was used. Exceptions of either job propagate (``here_job``'s
    first); without fork both run here in order.
    """
    if not can_fork():
        child_job()
        here_job()
        return False
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: run, report, leave without any cleanup of the parent's state
        code = 0
        try:
            os.close(r)
            try:
                child_job()
                msg = b""
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                code = 1
                try:
                    msg = pickle.dumps(exc)
                except Exception:  # noqa: BLE001 - an unpicklable exception: its text
                    msg = pickle.dumps(IrqsimError(f"export failed: {type(exc).__name__}: {exc}"))
            view = memoryview(msg)
            while view:
                view = view[os.write(w, view):]
            os.close(w)
        finally:
            os._exit(code)
    os.close(w)
    try:
        here_job()
    finally:
        chunks = []
        with os.fdopen(r, "rb") as fp:
            while data := fp.read():
                chunks.append(data)
        _, status = os.waitpid(pid, 0)
    msg = b"".join(chunks)
    if msg:
        raise pickle.loads(msg)
    if os.waitstatus_to_exitcode(status) != 0:
        raise IrqsimError("the export worker process ended abnormally",
                          hint="set IRQSIM_NO_FORK=1 to write every export in this process")
    return True
