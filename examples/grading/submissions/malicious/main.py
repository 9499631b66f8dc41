# Tries to leave the simulator: run a shell command on the grading machine.
import os

try:
    os.system("echo pwned > /tmp/irqsim-grade-pwned")
except AttributeError:
    import subprocess

    subprocess.run(["sh", "-c", "echo pwned > /tmp/irqsim-grade-pwned"])
print("pulses_seen 1000")
