"""Where points run: a local process pool, or a Dask cluster. No scheduler of our own.

Both engines take the same task dicts and yield the same rows (as they complete), since a
row depends only on its task: the simulation is deterministic and shares nothing.

Local: ``concurrent.futures.ProcessPoolExecutor`` with a ``forkserver`` context (``spawn``
where there is none). Fork is avoided on purpose: a forked child inherits whatever the
parent process holds (threads, the shim of a run in progress), forkserver children start
clean and still start faster than spawn.

Dask: ``dask.distributed.Client`` on the given scheduler address (``tcp://host:8786``),
optional extra "sweep". Run Dask workers with one thread each (``dask worker --nthreads 1``):
a simulation adjusts process-wide state (the recursion limit) while it runs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

from ..errors import IrqsimError
from .task import run_point


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_local(tasks: list[dict], workers: int) -> Iterator[dict]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if not tasks:
        return
    workers = max(1, min(workers, len(tasks)))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        futures = [pool.submit(run_point, t) for t in tasks]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        # On an interruption, queued points are dropped; finished rows are already written.
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(tasks: list[dict], scheduler: str) -> Iterator[dict]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise IrqsimError("--scheduler needs dask.distributed", hint='pip install "irqsim[sweep]"') from None
    if not tasks:
        return
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except OSError as exc:
        raise IrqsimError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                          hint="start one with `dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None
    try:
        # pure=False: identical tasks are still distinct runs; key= names them by point key.
        futures = [client.submit(run_point, t, key=f"irqsim-point-{t['key']}", pure=False) for t in tasks]
        for fut in as_completed(futures, loop=client.loop):
            yield fut.result()
            fut.release()
    finally:
        client.close()
