"""Integration bug hunt: features that landed separately, exercised together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from irqsim.cli import main as cli_main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def _strict_json(text: str):
    """json.loads that refuses NaN/Infinity: the --json document must be JSON-safe."""

    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def run_cli(capsys):
    """Run ``irqsim ARGS...`` in process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            rc = cli_main([str(a) for a in args])
        except SystemExit as e:  # argparse errors
            rc = e.code
        out = capsys.readouterr()
        return rc, out.out, out.err

    return run


@pytest.fixture
def firmware(tmp_path):
    """Write a firmware file and return its path."""

    def write(text: str, name: str = "main.py") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return write


@pytest.fixture
def strict_json():
    """The strict --json parser (NaN/Infinity refused)."""
    return _strict_json
