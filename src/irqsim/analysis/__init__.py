"""Timing analysis of RTOS task sets: response-time analysis with blocking and jitter,
utilisation bounds, and a report that sets analysed bounds next to simulated worst cases."""

from .rta import AnalysisTask, Bound, analyse, hyperbolic_ok, liu_layland_bound, utilisation

__all__ = ["AnalysisTask", "Bound", "analyse", "hyperbolic_ok", "liu_layland_bound", "utilisation"]
