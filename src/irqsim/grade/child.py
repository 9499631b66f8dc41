"""The isolated worker: ``python -m irqsim.grade.child`` runs ONE submission on ONE scenario.

It reads a job (JSON) on stdin, limits itself first (``resource.setrlimit``: CPU seconds
and address space, no core files), copies the submission into a fresh temporary directory
(so a submission can import only its own modules, and its working directory is empty),
switches firmware confinement to strict, runs the simulation and writes one JSON line
with the outcome to stdout. Anything that kills it (the CPU limit's SIGXCPU, the wall
timeout's SIGKILL, the memory limit) is classified by the parent from the exit status.
"""

from __future__ import annotations

import json
import sys

MARK = "@@irqsim-grade@@ "


def limit(cpu_s: int, memory_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_job(job: dict) -> dict:
    import shutil
    import tempfile
    from pathlib import Path

    from ..errors import IrqsimError
    from ..mpy import confine
    from ..sim import build

    confine.STRICT = True
    sub = Path(job["submission"])
    with tempfile.TemporaryDirectory(prefix="irqsim-grade-") as tmp:
        work = Path(tmp) / "submission"
        if sub.is_dir():
            shutil.copytree(sub, work, symlinks=False, ignore=shutil.ignore_patterns("__pycache__", ".*"))
            firmware = work / job["firmware"]
        else:
            work.mkdir()
            firmware = work / job["firmware"]
            shutil.copyfile(sub, firmware)
        if not firmware.exists():
            return {"verdict": "missing", "detail": f"no {job['firmware']} in the submission"}
        import os

        os.chdir(work)
        overrides = dict(job.get("overrides") or {})
        overrides["firmware"] = str(firmware)
        sim = None
        try:
            sim = build(job["scenario"], overrides=overrides)
            result = sim.run()
        except confine.ConfinementError as exc:
            return _forbidden(sim, exc.format())
        except IrqsimError as exc:
            if sim is not None and sim.port.refusals:
                return _forbidden(sim, exc.format())
            return {"verdict": "firmware error", "detail": exc.format()}
        except MemoryError:
            return {"verdict": "memory", "detail": "the run exceeded the memory limit"}
        return classify(sim, result, must_return=job.get("must_return", False))


def classify(sim, result, *, must_return: bool) -> dict:
    expectations = [{"line": e["line"], "passed": e["passed"], "detail": e["detail"]} for e in result.expectations]
    violations = [v.as_dict() for v in result.violations]
    out = {"expectations": expectations, "violations": violations, "end_reason": result.end_reason,
           "stdout_tail": [line for _, line in result.stdout[-12:]]}
    err = result.firmware_error
    failed = [e for e in expectations if not e["passed"]]
    if sim.port.refusals:
        out.update(verdict="forbidden import", detail="refused: " + ", ".join(dict.fromkeys(sim.port.refusals)))
    elif err is not None and err.message.startswith("ImportError"):
        out.update(verdict="forbidden import", detail=err.message + " (not in MicroPython's module set)")
    elif err is not None and err.message.rstrip(": ") == "MemoryError":
        # The host's MemoryError has no message; the simulated heap's always says why.
        out.update(verdict="memory", detail="the firmware exhausted the grader's memory limit")
    elif err is not None:
        out.update(verdict="firmware error", detail=err.traceback_text)
    elif must_return and sim.main_end_ns is None:
        out.update(verdict="timeout", detail=f"main program still running at the end of the scenario "
                   f"({result.end_ns / 1e9:g} s of virtual time): an endless loop?")
    elif failed:
        out.update(verdict="fail", detail=f"{len(failed)} of {len(expectations)} expectations failed")
    else:
        out.update(verdict="pass", detail=f"{len(expectations)} expectations met")
    return out


def _forbidden(sim, text: str) -> dict:
    refused = ", ".join(dict.fromkeys(sim.port.refusals)) if sim is not None and sim.port.refusals else ""
    return {"verdict": "forbidden import", "detail": text + (f" (refused: {refused})" if refused else "")}


def main() -> int:
    job = json.loads(sys.stdin.read())
    limit(int(job["cpu_s"]), int(job["memory_bytes"]))
    try:
        out = run_job(job)
    except MemoryError:
        out = {"verdict": "memory", "detail": "the run exceeded the memory limit"}
    except Exception as exc:  # noqa: BLE001 - reported as the grader's error for this pair
        out = {"verdict": "error", "detail": f"grader error: {type(exc).__name__}: {exc}"}
    sys.stdout.write(MARK + json.dumps(out, sort_keys=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
