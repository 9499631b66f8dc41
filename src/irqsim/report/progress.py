"""A progress bar for long runs: virtual time done / total and the speed ratio.

Shown only on an interactive terminal, only once a run has taken ``delay_s`` of wall time
(short runs stay clean), never in CI (``CI`` set), never with ``--json``, and only when
the optional extra ``progress`` (rich) is installed.

Why a watcher thread and not a kernel event: an event the simulation schedules every few
ms of virtual time would wake a sleeping core (WFE) and charge its wake-up cost, so the
results would depend on whether a terminal was attached. The thread only *reads* the
CPU's clock (two ints; a torn read is clamped and harmless for a display) a few times a
second, so the simulation, its log and its outputs are byte-identical with or without it.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def should_show(*, json_mode: bool = False, stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    if json_mode or os.environ.get("CI"):
        return False
    try:
        if not stream.isatty():
            return False
        import rich  # noqa: F401 - optional extra "progress"
    except (ImportError, AttributeError, ValueError):
        return False
    return True


class ProgressWatch:
    """``with ProgressWatch(sim, enabled=...): sim.run()``; does nothing when disabled."""

    def __init__(self, sim, *, enabled: bool, delay_s: float = 2.0, interval_s: float = 0.25) -> None:
        self.sim = sim
        self.enabled = enabled
        self.delay_s = delay_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress = None
        self._lock = threading.Lock()

    def virtual_now_ns(self) -> int:
        cpu = self.sim.system.cpu
        return cpu.t_next - cpu.B.n

    def __enter__(self):
        if self.enabled:
            self._t0 = time.perf_counter()
            self._thread = threading.Thread(target=self._watch, name="irqsim-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None

    def _watch(self) -> None:
        if self._stop.wait(self.delay_s):
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        total_ns = max(1, self.sim.scenario.duration_ns)
        with self._lock:
            if self._stop.is_set():
                return
            progress = Progress(TextColumn("[bold]virtual"), BarColumn(), TextColumn("{task.description}"),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                                auto_refresh=False, redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
            task = progress.add_task("", total=total_ns)
            progress.start()
            self._progress = progress
        done = 0
        while True:
            now = min(total_ns, max(done, self.virtual_now_ns()))
            done = now
            wall = time.perf_counter() - self._t0
            ratio = (now / 1e9) / wall if wall > 0 else 0.0
            desc = f"{now / 1e9:.3f} / {total_ns / 1e9:.3f} s  ({ratio:.3g}x real time)"
            with self._lock:
                if self._progress is None:
                    return
                self._progress.update(task, completed=now, description=desc)
                self._progress.refresh()
            if self._stop.wait(self.interval_s):
                return


def watch(sim, *, json_mode: bool = False) -> ProgressWatch:
    """The progress context for a CLI run (enabled by :func:`should_show`)."""
    return ProgressWatch(sim, enabled=should_show(json_mode=json_mode))
