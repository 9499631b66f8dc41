"""MicroPython's own tests for the simulated modules, run as firmware.

They live in the micropython repository (MIT); they are not copied here. Point
IRQSIM_MICROPYTHON_REPO at a checkout or bare clone (the default is the shared mirror
used by the developers); without one these tests skip. Results are recorded in README.md.
"""

import os
import subprocess
from pathlib import Path

import pytest

from irqsim.sim import Simulation
from irqsim.spec.scenario import Scenario

REPO = Path(os.environ.get("IRQSIM_MICROPYTHON_REPO", "/work/.mirror/micropython+micropython/repo"))
TESTS = ["tests/micropython/schedule.py", "tests/micropython/heap_lock.py", "tests/extmod/ticks_add.py",
         "tests/extmod/ticks_diff.py", "tests/extmod/time_ms_us.py", "tests/extmod/machine_pulse.py",
         "tests/extmod/machine_disable_irq.py", "tests/micropython/heapalloc.py",
         "tests/micropython/schedule_sleep.py", "tests/extmod/machine_timer.py"]
# machine_timer.py imports unittest: irqsim bundles a small one (mpy/lib/unittest.py).


# The rp2 port itself prints SKIP for these: it has no machine.PinBase
# (MICROPY_PY_MACHINE_PIN_BASE is not enabled in ports/rp2/mpconfigport.h).
RP2_SKIPS = {"tests/extmod/machine_pulse.py"}


def read(path: str) -> str | None:
    if (REPO / path).exists():
        return (REPO / path).read_text()
    try:
        out = subprocess.run(["git", "--git-dir", str(REPO), "show", f"HEAD:{path}"], capture_output=True, check=False)
    except OSError:
        return None
    return out.stdout.decode() if out.returncode == 0 else None


@pytest.mark.parametrize("test", TESTS)
def test_micropython_conformance(tmp_path, test):
    source = read(test)
    if source is None:
        pytest.skip(f"no MicroPython checkout at {REPO}")
    expected = read(test + ".exp")
    fw = tmp_path / Path(test).name
    fw.write_text(source)
    result = Simulation(Scenario(path=None, firmware=fw, duration_ns=20_000_000_000)).run()
    out = result.stdout_text()
    if test in RP2_SKIPS:
        assert out == "SKIP\n", out
        return
    if expected is None:
        # unittest-style tests print their own verdict
        assert out.rstrip().splitlines()[-1].startswith("OK") or out.strip() == "SKIP", out
    else:
        assert out == expected
