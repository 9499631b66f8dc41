"""Things the simulated CPU can run: tasks (jobs of a task) and ISR invocations.

Each context runs on its own greenlet (its own stack), so a task body can block anywhere,
inside any call depth, exactly like a FreeRTOS task blocks inside ``xSemaphoreTake``. The
scheduler (rtos/kernel.py) only ever sees a context's *demand*: CPU time still to run
(``remaining_ns``), or "blocked", or "finished".

Priorities: a larger number is more urgent, for tasks (as in FreeRTOS) and for ISRs (unlike
the ARM NVIC, where 0 is the most urgent; documented in docs/rtos.md). Any ISR preempts any
task, so the scheduler orders contexts by ``(is_isr, priority)``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class JobStats:
    """Per-task (or per-ISR) worst cases observed in one run, with the job that produced them."""

    jobs: int = 0
    max_response_ns: int = 0
    max_response_job: tuple = ()        # (job index, release_t_ns)
    max_exec_ns: int = 0                 # measured WCET: CPU time of one job, preemption excluded
    max_exec_job: tuple = ()             # (job index, release_t_ns, inputs drawn for that job)
    max_blocking_ns: int = 0             # time a job waited while a lower-priority task ran
    misses: int = 0
    lost: int = 0                        # releases that found the ISR already pending
    min_gap_ns: int = 0                  # shortest time between two releases (0: fewer than two)
    last_release_ns: int = -1

    def released(self, t_ns: int) -> None:
        if self.last_release_ns >= 0:
            gap = t_ns - self.last_release_ns
            if gap < self.min_gap_ns or not self.min_gap_ns:
                self.min_gap_ns = gap
        self.last_release_ns = t_ns

    def finish(self, index: int, release_ns: int, response_ns: int, exec_ns: int, blocking_ns: int,
               inputs: tuple) -> None:
        self.jobs += 1
        if response_ns > self.max_response_ns or not self.max_response_job:
            self.max_response_ns = response_ns
            self.max_response_job = (index, release_ns)
        if exec_ns > self.max_exec_ns or not self.max_exec_job:
            self.max_exec_ns = exec_ns
            self.max_exec_job = (index, release_ns, inputs)
        self.max_blocking_ns = max(self.max_blocking_ns, blocking_ns)


class Context:
    """Common part of tasks and ISR invocations."""

    is_isr = False

    def __init__(self, name: str, priority: int) -> None:
        self.name = name
        self.base_priority = priority
        self.priority = priority          # effective priority (inheritance/ceiling raise it)
        self.glet = None                  # greenlet, created by the scheduler
        self.remaining_ns = 0             # CPU time the context still needs before it resumes
        self.resume_value = None          # returned by the blocking call the context is inside
        self.ready_seq = 0                # FIFO order among equal priorities
        # the job in progress
        self.job_index = -1
        self.release_ns = -1
        self.exec_ns = 0
        self.blocking_ns = 0
        self.inputs: list = []            # values drawn from RNG streams during the job
        self.stats = JobStats()

    def key(self) -> tuple:
        return (1 if self.is_isr else 0, self.priority, -self.ready_seq)


class Task(Context):
    """A FreeRTOS-like task. ``state`` is one of:

    ``ready`` (runnable, not running), ``running``, ``blocked`` (on a semaphore, mutex, queue
    or delay), ``waiting`` (dormant between jobs of a periodic/sporadic task), ``deleted``.
    """

    def __init__(self, name: str, priority: int, body, *, period_ns: int = 0, offset_ns: int = 0,
                 deadline_ns: int = 0, wait=None, jitter_ns: int = 0, line: int | None = None) -> None:
        super().__init__(name, priority)
        self.body = body                  # callable(os) or list of ops or generator function
        self.period_ns = period_ns
        self.offset_ns = offset_ns
        self.deadline_ns = deadline_ns or period_ns
        self.wait = wait                  # Semaphore that releases a sporadic job
        self.jitter_ns = jitter_ns        # declared release jitter (for the analysis)
        self.line = line                  # scenario line, for error messages
        self.state = "waiting"
        self.releases: deque = deque()    # release times of jobs not started yet
        self.blocked_on = None            # object the task waits for
        self.timeout_event = None
        self.held: list = []              # mutexes held, in locking order
        self.job_open = False
        self.done_index = -1

    @property
    def kind(self) -> str:
        if self.period_ns:
            return "periodic"
        if self.wait is not None:
            return "sporadic"
        return "free"


@dataclass
class IsrSource:
    """A declared interrupt source with a C-level handler of declared cost."""

    name: str
    priority: int
    body: object
    category: int = 2                    # AUTOSAR ISR category (1: no OS calls; 2: OS subset)
    period_ns: int = 0
    offset_ns: int = 0
    times_ns: tuple = ()
    min_interarrival_ns: int = 0
    max_interarrival_ns: int = 0
    line: int | None = None
    stats: JobStats = field(default_factory=JobStats)
    pending: bool = False
    count: int = 0


class IsrRun(Context):
    """One invocation of an ISR: runs to completion, may be preempted by a more urgent ISR."""

    is_isr = True

    def __init__(self, source: IsrSource, pended_ns: int, index: int) -> None:
        super().__init__(source.name, source.priority)
        self.source = source
        self.release_ns = pended_ns
        self.job_index = index
        self.state = "ready"
