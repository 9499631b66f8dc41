"""Byte-for-byte result check for runtime speed work: record goldens once, compare after each change.

Speed work on the hot paths (runtime/cpu.py, instrument.py, the GPIO/NVIC/kernel code) must not
change a single result. This records, for every example scenario ``irqsim run`` accepts:

- the ``irqsim run X --json`` bytes (plus a few ``--set`` variants: other pulse rates),
- a SHA-256 of every event-log record and stdout line (stricter than the JSON summary: any
  record moving by one ns shows up),

and the output of ``python -m irqsim.calibrate calibration``.

Run (goldens stay out of git)::

    python benchmarks/golden_check.py record /tmp/irqsim-goldens   # before touching anything
    python benchmarks/golden_check.py check  /tmp/irqsim-goldens   # after each optimisation

``--src DIR`` runs another checkout's ``src`` (PYTHONPATH precedes the editable install), so
the goldens can be recorded from a pristine export of the base commit.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRS = ("seed", "limits", "polling_vs_irq", "parts", "steps", "races", "grading", "labs")
VARIANTS = {  # extra runs: the same firmware at other rates (more edges, drops, GC interplay)
    "seed/encoder_limits.toml": (["--set", "parts.enc.freq=1kHz"], ["--set", "parts.enc.freq=100kHz"]),
    "seed/encoder_limits_gc.toml": (["--set", "parts.enc.freq=100kHz"],),
}


def _digest(path: str, extra: list[str]) -> None:
    """Child mode: run a scenario in-process and print a hash of its whole log."""
    from irqsim.cli.run_cmd import parse_set
    from irqsim.sim import build

    overrides = parse_set(extra[1::2])
    result = build(Path(path), overrides=overrides or None).run()
    h = hashlib.sha256()
    n = 0
    for rec in result.log.records():
        h.update(repr(rec).encode())
        h.update(b"\n")
        n += 1
    h.update(repr(result.stdout).encode())
    print(f"end_ns={result.end_ns} end={result.end_reason} records={n} sha256={h.hexdigest()}")


def cases(root: Path) -> list[tuple[str, list[str]]]:
    out = []
    for d in DIRS:
        for toml in sorted((root / "examples" / d).glob("*.toml")):
            rel = toml.relative_to(root / "examples").as_posix()
            for extra in ([], *VARIANTS.get(rel, ())):
                out.append((f"examples/{rel}", extra))
    return out


def run_case(root: Path, env: dict, case) -> tuple[str, bytes] | None:
    path, extra = case
    name = path + ("" if not extra else " " + " ".join(extra))
    cli = subprocess.run([sys.executable, "-m", "irqsim", "run", path, "--json", *extra],
                         cwd=root, env=env, capture_output=True)
    if cli.returncode not in (0, 1):
        return None  # a scenario `irqsim run` does not accept (another tool's file)
    dig = subprocess.run([sys.executable, __file__, "_digest", path, *extra], cwd=root, env=env,
                         capture_output=True)
    blob = (b"rc=%d\n" % cli.returncode + cli.stdout + b"\n--stderr--\n" + cli.stderr +
            b"\n--digest--\n" + dig.stdout + dig.stderr)
    return name, blob


def collect(root: Path, src: Path | None, jobs: int) -> dict[str, bytes]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    results: dict[str, bytes] = {}
    with ThreadPoolExecutor(jobs) as pool:
        for item in pool.map(lambda c: run_case(root, env, c), cases(root)):
            if item is not None:
                results[item[0]] = item[1]
    cal = subprocess.run([sys.executable, "-m", "irqsim.calibrate", "calibration"], cwd=root, env=env,
                         capture_output=True)
    results["calibration"] = b"rc=%d\n" % cal.returncode + cal.stdout + cal.stderr
    return results


def _fname(name: str) -> str:
    return name.replace("/", "__").replace(" ", "_").replace("=", "-") + ".out"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_digest":
        _digest(sys.argv[2], sys.argv[3:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("goldens", type=Path)
    ap.add_argument("--src", type=Path, default=None, help="src/ directory to run (default: this checkout's)")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose examples/ and calibration/ run")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    results = collect(args.root, args.src, args.jobs)
    if args.mode == "record":
        args.goldens.mkdir(parents=True, exist_ok=True)
        for name, blob in results.items():
            (args.goldens / _fname(name)).write_bytes(blob)
        print(f"recorded {len(results)} goldens in {args.goldens}")
        return 0
    bad = 0
    for name, blob in results.items():
        f = args.goldens / _fname(name)
        if not f.exists():
            print(f"NEW      {name}")
            bad += 1
        elif f.read_bytes() != blob:
            print(f"DIFFERS  {name}")
            bad += 1
    missing = {p.name for p in args.goldens.glob("*.out")} - {_fname(n) for n in results}
    for m in sorted(missing):
        print(f"MISSING  {m}")
        bad += 1
    print(f"{len(results) - bad if bad <= len(results) else 0}/{len(results)} identical" +
          ("" if not bad else f", {bad} problems"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
