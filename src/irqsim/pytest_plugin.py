"""pytest plugin: the ``irqsim_sim`` fixture, per-test seeds, failure reports with a reproduction.

Registered through the ``pytest11`` entry point. Importing this module imports nothing of
irqsim beyond the package marker; the simulator loads when a test asks for the fixture, so
installing irqsim never slows or changes anyone else's test suite.

    def test_counts(irqsim_sim):
        sim = irqsim_sim.load("encoder_main.py")          # relative to the test file
        enc = sim.part("encoder", "enc", clk="GP14", dt="GP15")
        enc.turn(at="10ms", detents=5)
        run = sim.run("500ms")
        assert "count 5" in run.lines

Options: ``--irqsim-seed N`` (the global seed; each test's seed is a stable hash of it and
the test id), ``--irqsim-keep-traces DIR`` (write scenario, output and results of failed
tests there), ``--irqsim-board NAME`` (the default board).
"""

from __future__ import annotations

import hashlib
import re

import pytest

_BENCHES = pytest.StashKey[list]()


def pytest_addoption(parser) -> None:
    group = parser.getgroup("irqsim", "irqsim firmware simulation")
    group.addoption("--irqsim-seed", type=int, default=0, help="global seed; per-test seeds derive from it and the test id")
    group.addoption("--irqsim-keep-traces", metavar="DIR", default=None,
                    help="keep scenario, output and result JSON of failed tests in DIR")
    group.addoption("--irqsim-board", default="pico2", help="default board for irqsim_sim benches")


def derive_seed(global_seed: int, nodeid: str) -> int:
    """A stable 31-bit seed from the global seed and the test id (never Python's salted hash)."""
    digest = hashlib.sha256(f"{global_seed}:{nodeid}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFF_FFFF


@pytest.fixture
def irqsim_seed(request) -> int:
    return derive_seed(request.config.getoption("irqsim_seed"), request.node.nodeid)


@pytest.fixture
def irqsim_sim(request, irqsim_seed):
    """A fresh :class:`irqsim.testing.Bench` for this test (call ``irqsim_sim.new()`` for more)."""
    from irqsim.testing import Bench

    base = request.path.parent
    board = request.config.getoption("irqsim_board")
    benches = request.node.stash.setdefault(_BENCHES, [])

    class _TestBench(Bench):
        def __init__(self, firmware=None, **kwargs):
            kwargs.setdefault("seed", irqsim_seed)
            kwargs.setdefault("board", board)
            kwargs.setdefault("base_dir", base)
            super().__init__(firmware, **kwargs)
            benches.append(self)

        def new(self, firmware=None, **kwargs):
            return _TestBench(firmware, **kwargs)

    return _TestBench()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    benches = [b for b in item.stash.get(_BENCHES, []) if b.result is not None or b.simulation is not None]
    if not benches:
        return
    keep = item.config.getoption("irqsim_keep_traces")
    for i, bench in enumerate(benches):
        try:
            section = _failure_section(item, bench, i, keep)
        except Exception as exc:  # noqa: BLE001 - a report helper must never hide the test's own failure
            section = f"(irqsim could not build the failure report: {exc})"
        report.sections.append((f"irqsim run {i + 1}" if len(benches) > 1 else "irqsim run", section))


def _failure_section(item, bench, index: int, keep) -> str:
    import tempfile
    from pathlib import Path

    lines = []
    result = bench.result
    if result is not None:
        lines.append(f"seed {bench.seed}, board {bench.board}, ended by {result.end_reason} at {result.end_ns / 1e6:.3f} ms")
        lines.append("last firmware output:")
        lines += [f"  {line}" for line in result.tail(15)] or ["  (none)"]
        if result.violations:
            lines.append("violations:")
            lines += [f"  {v.file}:{v.line}: {v.code} [{v.severity}] {v.message}" for v in result.violations]
        if result.firmware_error is not None:
            lines.append("firmware error:")
            lines += [f"  {x}" for x in result.firmware_error.format().splitlines()]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-120:] + (f"_{index + 1}" if index else "")
    if keep:
        out = Path(keep)
        out.mkdir(parents=True, exist_ok=True)
    else:
        out = Path(tempfile.gettempdir()) / "irqsim-repro"
        out.mkdir(exist_ok=True)
    scenario = out / f"{name}.toml"
    duration = None
    if result is not None and result.end_reason != "until":
        from irqsim.units import format_ns

        duration = format_ns(result.raw.scenario.duration_ns)
    scenario.write_text(bench.to_toml(duration), encoding="utf-8")
    if keep and result is not None:
        (out / f"{name}.json").write_text(result.to_json() + "\n", encoding="utf-8")
        (out / f"{name}.out").write_text(result.text(), encoding="utf-8")
    lines.append(f"reproduce: irqsim run {scenario}")
    return "\n".join(lines)
