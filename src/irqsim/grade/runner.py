"""Fan every (submission, scenario) pair out to its own limited worker process.

One fresh process per pair: a pool worker killed by a CPU or memory limit would take the
pool down with it, and a fresh process leaves nothing of one student's run behind for the
next. Threads only wait on the processes, so ``workers`` bounds the CPU use.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..sweep.progress import Progress
from .child import MARK
from .suite import Suite, SuiteScenario, find_submissions

# Verdicts, from best to worst; a student's overall verdict is their worst scenario's.
VERDICTS = ("pass", "fail", "timeout", "memory", "firmware error", "forbidden import", "missing", "error")


@dataclass
class Outcome:
    student: str
    scenario: str
    verdict: str
    detail: str
    points: float
    max_points: float
    expectations: list = field(default_factory=list)
    violations: list = field(default_factory=list)
    stdout_tail: list = field(default_factory=list)


def run_pair(suite: Suite, student: str, submission: Path, sc: SuiteScenario) -> Outcome:
    job = {"submission": str(submission.resolve()), "firmware": suite.firmware, "scenario": str(sc.path),
           "overrides": sc.overrides, "must_return": sc.must_return, "cpu_s": suite.cpu_s,
           "memory_bytes": suite.memory_bytes}
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    data = _launch(job, env, suite.wall_s)
    if isinstance(data, str):
        verdict, detail, data = data, _KILLED[data], {}
    else:
        verdict, detail = data.get("verdict", "error"), data.get("detail", "")
    points = sc.points if verdict == "pass" else 0.0
    return Outcome(student=student, scenario=sc.name, verdict=verdict, detail=detail, points=points,
                   max_points=sc.points, expectations=data.get("expectations", []),
                   violations=data.get("violations", []), stdout_tail=data.get("stdout_tail", []))


_KILLED = {
    "timeout": "the run exceeded the grader's CPU-time or wall-clock limit",
    "memory": "the run exceeded the grader's memory limit",
    "error": "the worker process died",
}


def _launch(job: dict, env: dict, wall_s: float):
    """The child's JSON outcome, or a verdict string when it was killed or crashed."""
    proc = subprocess.Popen([sys.executable, "-m", "irqsim.grade.child"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(json.dumps(job), timeout=wall_s)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        return "timeout"
    for line in out.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "timeout"
    if "MemoryError" in err or proc.returncode == -signal.SIGSEGV and "memory" in err.lower():
        return "memory"
    return "error"


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)   # its own session: the child and anything it started
    except ProcessLookupError:
        pass


def grade(suite: Suite, submissions_dir: str | Path, *, workers: int = 1, progress: bool | None = None) -> list[Outcome]:
    subs = find_submissions(submissions_dir, suite.firmware)
    pairs = [(student, path, sc) for student, path in subs for sc in suite.scenarios]
    outcomes: list[Outcome] = []
    with Progress(len(pairs), f"grade {suite.title}", enabled=progress) as bar, \
            ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run_pair, suite, *p) for p in pairs]
        for fut in as_completed(futures):
            outcomes.append(fut.result())
            bar.advance()
    order = {sc.name: i for i, sc in enumerate(suite.scenarios)}
    outcomes.sort(key=lambda o: (o.student, order[o.scenario]))
    return outcomes


def overall(outcomes: list[Outcome]) -> str:
    return max((o.verdict for o in outcomes), key=lambda v: VERDICTS.index(v) if v in VERDICTS else len(VERDICTS))
