"""Helpers: write a firmware (and scenario) into tmp_path and run it."""

from __future__ import annotations

import textwrap

import pytest

from irqsim.sim import build

HEAD = 'schema = 1\nboard = "pico2"\nfirmware = "main.py"\nseed = 1\n'


@pytest.fixture
def run_fw(tmp_path):
    def run(source: str, *, duration: str = "1s", extra: str = "", files: dict | None = None):
        (tmp_path / "main.py").write_text(textwrap.dedent(source))
        for name, text in (files or {}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        scenario = tmp_path / "scenario.toml"
        scenario.write_text(HEAD + f'duration = "{duration}"\n' + textwrap.dedent(extra))
        return build(scenario).run()

    return run


def lines(result) -> list[str]:
    return [line for _, line in result.stdout]
