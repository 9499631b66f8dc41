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


def write_requested(result, args, *, title: str | None = None) -> list[Path]:
    """Write every export asked for on the command line; returns the paths written.

    VCD, trace and report come from one shared pass over the log (``onepass.export``).
    ``result`` is a Result, a RunView or an EventLog (the RTOS labs pass a RunView).
    """
    if title is not None:
        from ._source import view_of

        result = view_of(result)
        result.title = title
    files = {key: getattr(args, key, None) for key in ("vcd", "trace", "report", "plot")}
    files = {key: Path(out) for key, out in files.items() if out}
    for out in files.values():
        if not out.parent.is_dir():
            raise IrqsimError(f"cannot write {out}: no such directory {out.parent}",
                              hint="create the directory first")
    try:
        if files.keys() & {"vcd", "trace", "report"}:
            from .onepass import export

            export(result, vcd=files.get("vcd"), trace=files.get("trace"), report=files.get("report"),
                   parallel=True)
        if "plot" in files:
            from .plot import plot

            plot(result, "timeline", files["plot"])
    except OSError as exc:
        raise IrqsimError(f"cannot write {exc.filename or ''}: {exc.strerror or exc}") from None
    return list(files.values())
