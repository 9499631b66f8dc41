"""``python -m irqsim`` is the ``irqsim`` command."""

import sys

from .cli import main

sys.exit(main())
