"""The exporter flags of ``irqsim run`` (``--vcd --trace --report --plot``) in one place, so
the run command needs one call to declare them and one to write the files."""

from __future__ import annotations

from pathlib import Path

from ..errors import IrqsimError


def add_arguments(parser) -> None:
    g = parser.add_argument_group("exports (all read the run's event log)")
    g.add_argument("--vcd", metavar="OUT.vcd", help="waveforms for GTKWave / PulseView: pins, handlers, masking, GC, queue")
    g.add_argument("--trace", metavar="OUT.json", help="Chrome/Perfetto trace-event JSON (open in ui.perfetto.dev)")
    g.add_argument("--report", metavar="OUT.html", help="self-contained HTML report: summary, timeline, histograms")
    g.add_argument("--plot", metavar="OUT.png|svg", help="timeline figure (needs the 'plot' extra: matplotlib)")


def write_requested(result, args) -> list[Path]:
    """Write every export asked for on the command line; returns the paths written."""
    jobs = []
    if getattr(args, "vcd", None):
        from .vcd import write_vcd

        jobs.append((args.vcd, lambda out: write_vcd(result, out)))
    if getattr(args, "trace", None):
        from .perfetto import write_trace

        jobs.append((args.trace, lambda out: write_trace(result, out)))
    if getattr(args, "report", None):
        from .html import write_report

        jobs.append((args.report, lambda out: write_report(result, out)))
    if getattr(args, "plot", None):
        from .plot import plot

        jobs.append((args.plot, lambda out: plot(result, "timeline", out)))
    written = []
    for out, job in jobs:
        path = Path(out)
        if not path.parent.is_dir():
            raise IrqsimError(f"cannot write {out}: no such directory {path.parent}",
                              hint="create the directory first")
        try:
            job(path)
        except OSError as exc:
            raise IrqsimError(f"cannot write {out}: {exc.strerror or exc}") from None
        written.append(path)
    return written
