"""Sweeps: many deterministic runs of one scenario over a grid or random sample of
parameters, on a local process pool or a Dask cluster, into one tidy, resumable table.

Public API: :func:`parse_param`, :func:`run_sweep` (and the CLI ``irqsim sweep``).
"""

from .params import Axis, ParamError, parse_param
from .plan import parse_sample, parse_seeds
from .runner import SweepReport, run_sweep

__all__ = ["Axis", "ParamError", "SweepReport", "parse_param", "parse_sample", "parse_seeds", "run_sweep"]
