"""Line numbers for TOML keys (tomllib gives values only).

A small line scanner that follows table headers (``[a]``, ``[[parts]]``) and ``key =``
lines, so an error about ``parts[1].bounse`` can point at the line the user typed.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"]+)\s*=")


class Locator:
    def __init__(self, text: str) -> None:
        self.lines: dict[tuple, int] = {}
        counts: dict[str, int] = {}
        table: tuple = ()
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.split("#", 1)[0] if '"' not in line else line
            m = _HEADER.match(stripped)
            if m:
                name = m.group(2).strip('"')
                if m.group(1) == "[[":
                    idx = counts.get(name, 0)
                    counts[name] = idx + 1
                    table = (*name.split("."), idx)
                else:
                    table = tuple(name.split("."))
                self.lines.setdefault(table, number)
                continue
            m = _KEY.match(stripped)
            if m:
                key = m.group(1).strip('"')
                self.lines.setdefault((*table, key), number)
                # inline array of tables / inline tables on one line: remember the key line
                if table == () and re.match(r"^\s*\w+\s*=\s*\[", line):
                    self.lines.setdefault((key,), number)

    def line(self, *path) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None
