"""The forked export worker (``report/_fork.py``): the same bytes as writing every file in
this process, its errors surface here, and ``IRQSIM_NO_FORK`` keeps everything in-process."""

from __future__ import annotations

import pytest

from irqsim.errors import IrqsimError
from irqsim.report import _fork
from irqsim.report.onepass import export
from irqsim.sim import build

FILES = {"vcd": "r.vcd", "trace": "r.json", "report": "r.html"}


@pytest.fixture(scope="module")
def result():
    from .conftest import seed_scenario

    return build(seed_scenario("encoder_limits"), overrides={"duration": "50ms"}).run()


def _write(result, d, **kw) -> dict[str, bytes]:
    d.mkdir()
    export(result, **{k: d / name for k, name in FILES.items()}, **kw)
    return {name: (d / name).read_bytes() for name in FILES.values()}


@pytest.mark.skipif(not _fork.can_fork(), reason="no fork on this platform")
def test_forked_exports_are_byte_identical_to_in_process(result, tmp_path, monkeypatch):
    used = []
    real = _fork.run_split
    monkeypatch.setattr(_fork, "run_split", lambda a, b: used.append(real(a, b)))
    serial = _write(result, tmp_path / "serial")
    forked = _write(result, tmp_path / "forked", parallel=True)
    assert used == [True]    # the child really wrote VCD + trace
    assert forked == serial
    assert all(len(b) > 1000 for b in forked.values())


def test_two_files_split_too(result, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    export(result, vcd=tmp_path / "a" / "r.vcd", trace=tmp_path / "a" / "r.json", parallel=True)
    export(result, vcd=tmp_path / "b" / "r.vcd", trace=tmp_path / "b" / "r.json")
    for name in ("r.vcd", "r.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_no_fork_env_writes_in_process(result, tmp_path, monkeypatch):
    monkeypatch.setenv("IRQSIM_NO_FORK", "1")
    assert not _fork.can_fork()
    serial = _write(result, tmp_path / "serial")
    assert _write(result, tmp_path / "env", parallel=True) == serial


def test_child_error_is_raised_here(result, tmp_path):
    # the VCD (child's half) cannot be opened: its OSError comes back through the pipe
    with pytest.raises(OSError) as info:
        export(result, vcd=tmp_path / "missing" / "r.vcd", report=tmp_path / "r.html", parallel=True)
    assert "missing" in str(info.value.filename)
    assert (tmp_path / "r.html").stat().st_size > 1000   # this process's half still finished


def test_unpicklable_child_error_becomes_irqsim_error():
    class Local(Exception):   # a local class cannot be pickled
        pass

    def fail():
        raise Local("boom")

    if not _fork.can_fork():
        pytest.skip("no fork on this platform")
    with pytest.raises(IrqsimError, match="Local: boom"):
        _fork.run_split(fail, lambda: None)


def test_cli_summary_reuses_the_report_statistics(result, tmp_path):
    result.__dict__.pop("_stats", None)
    export(result, report=tmp_path / "r.html")
    cached = result.__dict__["_stats"][1]
    assert result.stats() is cached
