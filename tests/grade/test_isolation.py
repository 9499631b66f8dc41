"""Submissions that attack or exhaust the grader: each gets a verdict; the grader survives."""

import textwrap
from pathlib import Path

import pytest

from irqsim.grade import grade, load_suite

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples" / "grading" / "count_250hz.toml"
PWNED = Path("/tmp/irqsim-grade-pwned-2")

SUBMISSIONS = {
    "import_subprocess": ("import subprocess\nsubprocess.run(['touch', '%s'])\n", "forbidden import"),
    "dunder_import": ("m = __import__('subprocess')\n", "forbidden import"),
    "caught_import": ("try:\n    import socket\nexcept ImportError:\n    pass\nprint('pulses_seen 250')\n",
                      "forbidden import"),
    "os_system": ("import os\nos.system('touch %s')\n", "firmware error"),
    "globals_escape": ("g = print.__globals__\ng['_b'].__import__('os').system('touch %s')\n", "forbidden import"),
    "getattr_escape": ("import sys\nf = getattr(sys.getrecursionlimit, '__se' + 'lf__')\nf.modules['os'].system('touch %s')\n",
                       "forbidden import"),
    "loader_escape": ("__loader__.load_module('posix').system('touch %s')\n", "firmware error"),
    "exec_escape": ("exec(\"print.__globals__['_b'].__import__('os').system('touch %s')\")\n", "forbidden import"),
    "json_escape": ("import json\njson.codecs.open('%s', 'w')\n", "firmware error"),
    "open_file": ("f = open('%s', 'w')\n", "firmware error"),
    "syntax": ("def broken(:\n", "firmware error"),
    "host_memory": ("x = bytearray(4 * 1024 * 1024 * 1024)\nprint('pulses_seen 250')\n", "memory"),
    "host_cpu": ("import re\nre.match('(a+)+$', 'a' * 64 + 'b')\n", "timeout"),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    PWNED.unlink(missing_ok=True)
    root = tmp_path_factory.mktemp("iso")
    subs = root / "subs"
    subs.mkdir()
    for name, (src, _) in SUBMISSIONS.items():
        (subs / f"{name}.py").write_text(src.replace("%s", str(PWNED)))
    suite_file = root / "suite.toml"
    suite_file.write_text(textwrap.dedent(f"""\
        schema = 1
        firmware = "main.py"
        [limits]
        cpu = "2s"
        memory = "1GB"
        wall = "20s"
        [[scenario]]
        name = "250 Hz"
        path = "{SCENARIO}"
        """))
    return {o.student: o for o in grade(load_suite(suite_file), subs, workers=2, progress=False)}


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_verdict(outcomes, name):
    o = outcomes[name]
    assert o.verdict == SUBMISSIONS[name][1], o.detail
    assert o.detail


def test_nothing_escaped(outcomes):
    assert not PWNED.exists()


def test_wall_clock_limit(tmp_path):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "slow.py").write_text("import re\nre.match('(a+)+$', 'a' * 64 + 'b')\n")
    suite_file = tmp_path / "suite.toml"
    suite_file.write_text(f'schema = 1\n[limits]\ncpu = "60s"\nwall = "1500ms"\n[[scenario]]\npath = "{SCENARIO}"\n')
    (o,) = grade(load_suite(suite_file), tmp_path / "subs", progress=False)
    assert o.verdict == "timeout"
