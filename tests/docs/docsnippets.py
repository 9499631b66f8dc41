"""Snippets the user reads in README.md and docs/*.md: shell commands and marked code blocks.

Commands: every ``irqsim ...`` line in a fenced shell block (a leading ``$`` and trailing
``# comment`` are dropped, ``\\`` joins lines) and every inline ``irqsim ...`` code span.
A command is *runnable* when it names no placeholder (``X.toml``, ``SUBMISSIONS``, ``...``)
and every path it reads exists; the others are templates, still parsed by the CLI's own
argparse so an option that was renamed cannot survive in the docs.

Code blocks: a fenced ``toml`` or ``python`` block is run when the line before its fence is
an HTML comment ``<!-- doctest: KIND key=value ... -->`` (invisible on GitHub). KINDs:

- ``scenario``: a complete scenario; ``firmware = "x.py"`` is looked up next to the named
  ``dir=`` (repository-relative), and the scenario runs for ``duration=`` (default its own).
- ``fragment``: part of a scenario (wires, parts, steps); it is checked with ``irqsim check``
  after ``schema``/``firmware`` (an empty main loop) are prepended.
- ``firmware``: a firmware file, run for ``duration=`` (default 100ms), wired by ``wires=``
  to parts as in ``--part``.
- ``pytest``: a test module using the ``irqsim_sim`` fixture; firmware names resolve in ``dir=``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
_MARK = re.compile(r"<!--\s*doctest:\s*(\w+)([^>]*?)-->")
_INLINE = re.compile(r"`(irqsim [^`]+)`")
# words a reader replaces: X.toml, SCENARIO.toml, SUBMISSIONS, FILE_OR_DIR, NAME, CODE ...
_PLACEHOLDER = re.compile(r"(^|/)[A-Z][A-Z_]*(\.\w+)?(\.\.\.)?$|\.\.\.$")


@dataclass
class Command:
    doc: str
    line: int
    text: str
    argv: list[str] = field(default_factory=list)
    runnable: bool = False

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.text}"


@dataclass
class Block:
    doc: str
    line: int
    lang: str
    kind: str
    options: dict
    text: str

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.kind} {self.lang} block"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _expand(text: str) -> str:
    """A template's first alternative: `a\\|b` -> a, `[--opt X]` -> --opt X, `x|y` -> x."""
    text = text.replace("\\|", "|")
    text = re.sub(r"\[([^\[\]]*)\]", r"\1", text)
    return " ".join(tok.split("|")[0] if "|" in tok and not tok.startswith("-") else tok.split("|")[0]
                    for tok in text.split())


def _command(doc: str, line: int, text: str) -> Command:
    text = text.strip()
    cmd = Command(doc, line, text)
    argv = shlex.split(_expand(text), comments=True)[1:]
    cmd.argv = argv
    paths = [a for a in argv if not a.startswith("-") and ("/" in a or re.search(r"\.(toml|py)$", a))]
    placeholders = [a for a in argv if _PLACEHOLDER.search(a) or a == "..."]
    cmd.runnable = not placeholders and all((ROOT / p).exists() for p in paths if not _is_output(argv, p))
    return cmd


_OUTPUT_OPTIONS = {"--vcd", "--trace", "--report", "--plot", "--out", "--parquet", "--fs-out"}


def _is_output(argv: list[str], token: str) -> bool:
    i = argv.index(token)
    return i > 0 and argv[i - 1] in _OUTPUT_OPTIONS


def commands() -> list[Command]:
    out = []
    for path in DOCS:
        doc = _rel(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        in_fence, lang, pending, start = False, "", "", 0
        for n, raw in enumerate(lines, 1):
            m = _FENCE.match(raw)
            if m:
                in_fence, lang = (not in_fence), m.group(2)
                continue
            if in_fence:
                if lang in ("toml", "python", "yaml", "text"):
                    continue
                body = raw.strip()
                if body.startswith("$ "):
                    body = body[2:]
                if "bin/irqsim " in body:   # .venv/bin/irqsim run ... after an install line
                    body = body[body.index("bin/irqsim ") + 4:]
                if pending:
                    pending += " " + body
                elif body.startswith("irqsim "):
                    pending, start = body, n
                else:
                    continue
                if pending.endswith("\\"):
                    pending = pending[:-1].rstrip()
                    continue
                out.append(_command(doc, start, pending))
                pending = ""
            else:
                for m in _INLINE.finditer(raw):
                    out.append(_command(doc, n, m.group(1)))
    return out


def blocks() -> list[Block]:
    out = []
    for path in DOCS:
        doc = _rel(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        n = 0
        while n < len(lines):
            m = _FENCE.match(lines[n])
            if m and m.group(2):
                end = n + 1
                while end < len(lines) and not _FENCE.match(lines[end]):
                    end += 1
                mark = _MARK.search(lines[n - 1]) if n else None
                indent = len(m.group(1))
                text = "\n".join(line[indent:] for line in lines[n + 1:end]) + "\n"
                kind, options = "", {}
                if mark:
                    kind = mark.group(1)
                    options = dict(item.split("=", 1) for item in mark.group(2).split())
                out.append(Block(doc, n + 1, m.group(2), kind, options, text))
                n = end + 1
                continue
            n += 1
    return out
