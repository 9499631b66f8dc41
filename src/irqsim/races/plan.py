"""What the race finder explores: the main code's *read windows*, found statically.

A window is a run of execution-adjacent main-code statements (see lint/shared.py) that
starts with a statement reading a global some handler writes and ends, at most
``MAX_SPAN`` statements later, with a statement reading another global the same handler
writes. The handler is fired at every line boundary inside the window. Critical sections
are *not* excluded here: whether an interrupt can be taken at a boundary is decided while
the firmware runs (PRIMASK, branch points), so the fixed twin is explored too and comes
out clean.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ScenarioError
from ..lint.discovery import Module
from ..lint.shared import handler_groups, main_sequences

MAX_SPAN = 6   # statements per window: enough for "read, compute, read", small enough to stay bounded


@dataclass
class Window:
    lines: list[int]                                   # first line of each statement, in order
    reads: dict[int, tuple[str, ...]]                  # line -> shared globals read there
    handlers: set[str] = field(default_factory=set)    # qualnames of handlers writing them
    keys: set[str] = field(default_factory=set)

    @property
    def start(self) -> int:
        return self.lines[0]


@dataclass
class Plan:
    file: str
    windows: dict[int, Window]                         # by start line
    handler_lines: dict[str, int]                      # qualname -> def line (to match code objects)
    handler_writes: dict[str, set[str]]


def make_plan(path: Path) -> Plan:
    try:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        from ..errors import syntax_error_text

        text, detail = syntax_error_text(exc)
        raise ScenarioError(text, file=str(path), line=exc.lineno,
                            hint=f"Python says: {detail}; the firmware must compile before races can run it") from None
    except UnicodeDecodeError:
        raise ScenarioError("firmware is not UTF-8 text", file=str(path), hint="save the file as UTF-8") from None
    mod = Module(tree, str(path))
    groups = [g for g in handler_groups(mod) if len({k for k in g.writes if "." not in k}) >= 2]
    windows: dict[int, Window] = {}
    for seq in main_sequences(mod):
        for i, s in enumerate(seq):
            for g in groups:
                first = {k for k in s.reads if k in g.writes and "." not in k}
                if not first:
                    continue
                end = None
                for j in range(i + 1, min(len(seq), i + MAX_SPAN)):
                    if any(k in g.writes and "." not in k and k not in first for k in seq[j].reads):
                        end = j
                if end is None:
                    continue
                steps = seq[i:end + 1]
                w = windows.get(s.line)
                if w is None or len(w.lines) < len(steps):
                    keep_handlers = w.handlers if w else set()
                    w = windows[s.line] = Window([st.line for st in steps], {}, keep_handlers, set())
                    for st in steps:
                        w.reads[st.line] = tuple(k for k in st.reads if "." not in k)
                w.handlers.add(g.handler.func.qualname)
                w.keys |= {k for k in g.writes if "." not in k}
    for w in windows.values():
        w.reads = {line: tuple(k for k in keys if k in w.keys) for line, keys in w.reads.items()}
    return Plan(str(path), windows,
                {g.handler.func.qualname: g.handler.func.node.lineno for g in groups},
                {g.handler.func.qualname: set(g.writes) for g in groups})
