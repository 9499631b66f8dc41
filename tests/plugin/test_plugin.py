"""The pytest plugin end to end, in a fresh pytest run (pytester)."""

import pytest

pytest_plugins = ["pytester"]

FIRMWARE = """
from machine import Pin
import time
btn = Pin(16, Pin.IN, Pin.PULL_UP)
n = 0
def h(p):
    global n
    n += 1
btn.irq(h, Pin.IRQ_FALLING)
time.sleep_ms(100)
print("presses", n)
"""


@pytest.fixture
def project(pytester):
    pytester.makefile(".py", fw=FIRMWARE)
    return pytester


def test_fixture_runs_firmware_with_parts(project):
    project.makepyfile(test_fw="""
        def test_press(irqsim_sim):
            sim = irqsim_sim.load("fw.py")
            btn = sim.part("button", "btn", pin="GP16")
            btn.press(at="20ms", hold="10ms")
            run = sim.run("200ms")
            assert run.lines == ["presses 1"]
            assert run.handler_count("h") == 1
            assert run.level_at("GP16", "25ms") == 0
    """)
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_failure_shows_output_and_a_reproduction_command(project, tmp_path):
    keep = tmp_path / "traces"
    project.makepyfile(test_fw="""
        def test_press(irqsim_sim):
            sim = irqsim_sim.load("fw.py")
            sim.part("button", "btn", pin="GP16").click(at="20ms")
            run = sim.run("200ms")
            assert run.lines == ["presses 2"]

        def test_passing(irqsim_sim):
            irqsim_sim.load("fw.py").run("200ms")
    """)
    result = project.runpytest("-p", "no:cacheprovider", f"--irqsim-keep-traces={keep}")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*irqsim run*", "*last firmware output:*", "*presses 1*",
                                 "reproduce: irqsim run *test_press.toml"])
    kept = sorted(p.name for p in keep.iterdir())
    assert kept == ["test_fw.py_test_press.json", "test_fw.py_test_press.out", "test_fw.py_test_press.toml"]
    from irqsim.cli import main

    assert main(["run", "--quiet", str(keep / "test_fw.py_test_press.toml")]) == 0


def test_seeds_are_stable_per_test_and_follow_the_global_seed(project):
    project.makepyfile(test_seed="""
        def test_a(irqsim_seed):
            print("SEED", irqsim_seed)
    """)
    def seed(*args):
        out = project.runpytest("-s", "-p", "no:cacheprovider", *args).stdout.str()
        return [line[line.index("SEED"):] for line in out.splitlines() if "SEED" in line][0]

    assert seed() == seed()
    assert seed("--irqsim-seed=5") != seed()
    from irqsim.pytest_plugin import derive_seed

    assert seed() == f"SEED {derive_seed(0, 'test_seed.py::test_a')}"


def test_run_until_timeout_fails_with_a_readable_message(project):
    project.makepyfile(test_wait="""
        def test_wait(irqsim_sim):
            irqsim_sim.load("fw.py").run_until(stdout="never", timeout="150ms")
    """)
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*WaitTimeout: waited 150ms for stdout 'never'*"])


def test_plugin_import_is_lazy():
    import subprocess
    import sys

    code = ("import sys, irqsim.pytest_plugin; "
            "print(sorted(m for m in sys.modules if m.startswith('irqsim.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['irqsim.pytest_plugin']"
