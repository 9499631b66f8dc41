"""Run every rule over a file and apply ``# noqa`` suppressions."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from ..errors import IrqsimError
from .discovery import Module
from .finding import Finding
from .handler_rules import check_handler
from .rules import RULES
from .shared import torn_pairs

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


def lint_source(source: str, filename: str = "<firmware>") -> list[Finding]:
    """All findings for one file's source, sorted, with ``# noqa`` applied."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        return [Finding(filename, exc.lineno or 1, (exc.offset or 1), "IRQ999", f"syntax error: {exc.msg}")]
    mod = Module(tree, filename)
    found: set[Finding] = set()
    for h in mod.handlers.values():
        for node, code, message in check_handler(mod, h):
            found.add(Finding(filename, node.lineno, node.col_offset + 1, code, message))
    for s1, s2, a, b, g, node in torn_pairs(mod):
        found.add(Finding(filename, node.lineno, node.col_offset + 1, "IRQ601",
                          f"'{_short(a)}' (line {s1.line}) and '{_short(b)}' (line {s2.line}) are written together "
                          f"by {g.handler.describe()} but read on separate lines without disable_irq(): an interrupt "
                          "between them gives a state that never existed"))
    return sorted(f for f in _dedupe(found) if not suppressed(f, source))


def _short(key: str) -> str:
    return key.split(".", 1)[1] if "." in key else key


def _dedupe(found: set[Finding]) -> list[Finding]:
    """One finding per (line, col, code): a node reached from two handlers is reported once."""
    best: dict[tuple, Finding] = {}
    for f in sorted(found):
        best.setdefault((f.file, f.line, f.col, f.code), f)
    return list(best.values())


_noqa_cache: dict[int, dict[int, set[str] | None]] = {}


def noqa_lines(source: str) -> dict[int, set[str] | None]:
    """Line -> suppressed codes (None: a bare ``# noqa`` suppresses everything)."""
    key = hash(source)
    if key in _noqa_cache:
        return _noqa_cache[key]
    out: dict[int, set[str] | None] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        tokens = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        m = NOQA.search(tok.string)
        if not m:
            continue
        codes = m.group("codes")
        line = tok.start[0]
        if codes is None:
            out[line] = None
        elif out.get(line, set()) is not None:
            out.setdefault(line, set()).update(c.upper() for c in re.split(r"[\s,]+", codes) if c)
    if len(_noqa_cache) > 256:
        _noqa_cache.clear()
    _noqa_cache[key] = out
    return out


def suppressed(f: Finding, source: str) -> bool:
    lines = noqa_lines(source)
    if f.line not in lines:
        return False
    codes = lines[f.line]
    return codes is None or f.code in codes


def expand(paths: list[str]) -> list[Path]:
    """Files to lint: each FILE as given, each directory's *.py recursively (sorted)."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files += sorted(q for q in path.rglob("*.py") if not any(part.startswith(".") for part in q.parts))
        elif path.exists():
            files.append(path)
        else:
            raise IrqsimError(f"no such file or directory: {p}", hint="irqsim lint FILE_OR_DIR ...")
    return files


def lint_paths(paths: list[str], *, select: set[str] | None = None, ignore: set[str] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for path in expand(paths):
        try:
            source = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            raise IrqsimError(f"cannot read {path}: {exc}") from None
        out += lint_source(source, str(path))
    return [f for f in out if _wanted(f.code, select, ignore)]


def _wanted(code: str, select, ignore) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(s) for s in ignore))


def check_codes(codes) -> set[str]:
    """Validate --select/--ignore prefixes (``IRQ1`` selects the whole allocation family)."""
    out = set()
    for c in codes or []:
        for part in c.split(","):
            part = part.strip().upper()
            if part and not any(code.startswith(part) for code in RULES):
                raise IrqsimError(f"unknown rule code {part!r}", hint="irqsim lint --explain lists the codes")
            if part:
                out.add(part)
    return out
