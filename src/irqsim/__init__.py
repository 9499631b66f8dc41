"""irqsim: run unmodified MicroPython interrupt firmware for the RP2350 in virtual time.

``import irqsim`` has no side effects; the MicroPython shim is built per run.
"""

__version__ = "0.1.0"


def run(target, **kwargs):
    """Run a scenario (.toml) or firmware (.py) and return its Result."""
    from .sim import build

    return build(target, **kwargs).run()
