"""Corpus helpers: run a fixture firmware (or scenario) through ``irqsim run --json``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

FIRMWARE = Path(__file__).resolve().parent / "firmware"


@pytest.fixture
def run_json(capsys):
    """run_json("rotary_sched.toml", "--duration", "1s") -> (exit code, JSON document)."""
    from irqsim.cli import main

    def run(target, *args):
        path = Path(target)
        if not path.is_absolute():
            path = FIRMWARE / path
        code = main(["run", str(path), "--json", *args])
        out, err = capsys.readouterr()
        doc = json.loads(out) if out.strip().startswith("{") else None
        return code, doc, err

    return run


@pytest.fixture
def write_fw(tmp_path):
    """write_fw(source, name="main.py", **other_files) -> path of the firmware file."""

    def write(source: str, name: str = "main.py", **files) -> Path:
        for fname, text in files.items():
            (tmp_path / fname.replace("__", ".")).write_text(textwrap.dedent(text))
        fw = tmp_path / name
        fw.write_text(textwrap.dedent(source))
        return fw

    return write


def texts(doc) -> list[str]:
    return [s["text"] for s in doc["stdout"]]
