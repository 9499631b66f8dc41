"""MicroPython's own framebuf tests (tests/extmod/framebuf*.py + .exp), run as firmware.

Read from the micropython repository (MIT), not copied; IRQSIM_MICROPYTHON_REPO points at a
checkout or bare clone (default: the shared mirror). Without one these tests skip.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from irqsim.sim import Simulation
from irqsim.spec.scenario import Scenario

REPO = Path(os.environ.get("IRQSIM_MICROPYTHON_REPO", "/work/.mirror/micropython+micropython/repo"))
TESTS = ["framebuf1", "framebuf2", "framebuf4", "framebuf8", "framebuf16", "framebuf_blit",
         "framebuf_bounds", "framebuf_ellipse", "framebuf_palette", "framebuf_polygon",
         "framebuf_scroll", "framebuf_subclass"]


def read(path: str) -> str | None:
    if (REPO / path).exists():
        return (REPO / path).read_text()
    try:
        out = subprocess.run(["git", "--git-dir", str(REPO), "show", f"HEAD:{path}"], capture_output=True,
                             check=False)
    except OSError:
        return None
    return out.stdout.decode() if out.returncode == 0 else None


@pytest.mark.parametrize("test", TESTS)
def test_micropython_framebuf(tmp_path, test):
    source = read(f"tests/extmod/{test}.py")
    expected = read(f"tests/extmod/{test}.py.exp")
    if source is None or expected is None:
        pytest.skip(f"no MicroPython checkout at {REPO}")
    fw = tmp_path / f"{test}.py"
    fw.write_text(source)
    result = Simulation(Scenario(path=None, firmware=fw, duration_ns=20_000_000_000)).run()
    assert result.firmware_error is None, result.firmware_error
    assert result.stdout_text() == expected
