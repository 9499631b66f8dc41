"""Every file export from one pass over the event log.

The VCD, the Perfetto trace and the HTML report's timeline all read the same derived view
(``_timeline.change_chunks``). Deriving it once and handing each chunk to every writer in
turn (each walks the chunk in its own tight loop) costs about a third of running the
three exporters one after another, each with its own pass. The single-file functions
(``write_vcd``, ``write_trace``, ``write_report``) are this function with one output.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from ._source import view_of
from ._timeline import SpanCollector, change_chunks, inventory


def _open(stack: contextlib.ExitStack, out, encoding: str):
    """A path is opened (and closed) here; a stream is written as given."""
    if isinstance(out, (str, Path)):
        return stack.enter_context(open(out, "w", encoding=encoding, newline="\n"))
    return out


def export(source, *, end_ns: int | None = None, vcd=None, trace=None, report=None,
           vcd_options: dict | None = None, parallel: bool = False) -> None:
    """Write each requested file (a path or a text stream) from one pass over the log.

    ``source`` is a Result, a RunView or an EventLog; ``vcd_options`` go to the VCD writer
    (``lost_pulse_ns``, ``vectors``). With ``parallel`` and two or more files requested
    (paths, not streams), a forked process writes some of them while this one writes the
    rest (``_fork.py``): the same bytes in about half the wall time on a two-core machine.
    """
    view = view_of(source, end_ns=end_ns)
    outs = {"vcd": vcd, "trace": trace, "report": report}
    wanted = [k for k, v in outs.items() if v is not None]
    from ._fork import can_fork

    # Without a fork the split would run both halves here, each deriving the view again.
    if parallel and len(wanted) > 1 and all(isinstance(outs[k], (str, Path)) for k in wanted) and can_fork():
        from ._fork import run_split

        # The HTML report stays here: it computes the statistics, which the Result caches
        # for the run's summary. VCD + trace (about the same cost) go to the child.
        here = ["report"] if report is not None else ["trace"]
        there = {k: outs[k] for k in wanted if k not in here}
        mine = {k: outs[k] for k in here}
        run_split(lambda: _export(view, vcd_options=vcd_options, **there),
                  lambda: _export(view, vcd_options=vcd_options, **mine))
        return
    _export(view, vcd=vcd, trace=trace, report=report, vcd_options=vcd_options)


def _export(view, **files) -> None:
    # The pass allocates a few hundred thousand short-lived tuples and strings and no
    # reference cycles; with the cyclic collector on, each allocation burst re-scans the
    # whole (large, long-lived) log: about a tenth of the export time for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        _export_files(view, **files)
    finally:
        if enabled:
            gc.enable()


def _export_files(view, *, vcd=None, trace=None, report=None, vcd_options: dict | None = None) -> None:
    inv = inventory(view.log.records())
    main = not inv["tasks"]   # an RTOS log: tasks run, there is no MicroPython main
    with contextlib.ExitStack() as stack:
        sinks = []
        if vcd is not None:
            from .vcd import VcdSink

            sinks.append(VcdSink(view, _open(stack, vcd, "ascii"), inv, **(vcd_options or {})))
        from .perfetto import TraceSink

        if trace is not None:
            sinks.append(TraceSink(view, _open(stack, trace, "ascii"), inv))
        # The trace's slices and the report's timeline are the collected spans.
        collector = SpanCollector() if report is not None or trace is not None else None
        # The trace streams only RTOS task states: without tasks it needs no pass of its own.
        feeds = [s.feed for s in sinks if not (main and isinstance(s, TraceSink))]
        feeds += [collector.feed] if collector else []
        for chunk in change_chunks(view.log.records(), view.end_ns, main=main):
            for feed in feeds:
                feed(chunk)
        data = collector.result() if collector else None
        for sink in sinks:
            sink.close(data)
        if report is not None:
            from .html import render

            text = render(view, data)
            if isinstance(report, (str, Path)):
                Path(report).write_text(text, encoding="utf-8", newline="\n")
            else:
                report.write(text)
