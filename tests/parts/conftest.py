from pathlib import Path

import pytest

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"


@pytest.fixture
def bench():
    """A Bench running an idle firmware, for watching parts on their own."""
    from irqsim.testing import Bench

    def make(firmware=HERE / "idle.py", **kw):
        return Bench(firmware, **kw)

    return make
