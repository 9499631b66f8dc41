"""Helpers for the PIO tests: MicroPython's examples read from its repository at test time,
scenarios written as TOML next to the firmware, pin edges out of the event log."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(os.environ.get("IRQSIM_MICROPYTHON_REPO", "/work/.mirror/micropython+micropython/repo"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pio"


def mp_example(name: str) -> str:
    """Source of examples/rp2/<name>.py from MicroPython (MIT); the test skips without it."""
    path = f"examples/rp2/{name}.py"
    if (REPO / path).exists():
        return (REPO / path).read_text()
    try:
        out = subprocess.run(["git", "--git-dir", str(REPO), "show", f"HEAD:{path}"], capture_output=True, check=False)
    except OSError:
        out = None
    if out is None or out.returncode != 0:
        pytest.skip(f"no MicroPython checkout at {REPO}")
    return out.stdout.decode()


@pytest.fixture
def scenario(tmp_path):
    """scenario(firmware_source, toml_body) -> Result of the run."""
    from irqsim.sim import build

    def run(source: str, body: str, *, name: str = "main.py"):
        (tmp_path / name).write_text(source)
        sc = tmp_path / "scenario.toml"
        sc.write_text(f'schema = 1\nfirmware = "{name}"\n' + body)
        return build(sc).run()

    return run


def pin_edges(result, gpio: int) -> list[tuple[int, int]]:
    """(t_ns, level) of every change of ``gpio``."""
    return [(r[0], r[3]) for r in result.log.records() if r[1] == "pin" and r[2] == gpio]


def pulses(edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(rise t_ns, high ns) of each complete high pulse."""
    out = []
    rise = None
    for t, level in edges:
        if level:
            rise = t
        elif rise is not None:
            out.append((rise, t - rise))
            rise = None
    return out
