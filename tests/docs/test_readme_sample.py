"""The README's first screen shows the main job's output: every line of it must be what the
main job prints today (a changed figure fails here, so the front door cannot go stale)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_sample_output_is_what_the_main_job_prints(capsys, monkeypatch):
    from irqsim.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\.venv/bin/irqsim (run examples/seed/\S+\.toml)", readme).group(1)
    blocks = re.findall(r"```\n(\[ .*?)```", readme, re.S)
    sample = [line for line in blocks[0].splitlines() if line.strip() and line != "..."]
    monkeypatch.chdir(ROOT)
    assert main(command.split()) == 0
    printed = capsys.readouterr().out.splitlines()
    missing = [line for line in sample if line not in printed]
    assert not missing, f"README sample lines the main job no longer prints: {missing}"
    assert len(sample) >= 8
