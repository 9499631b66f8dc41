"""One lint finding, printed ruff/flake8 style: ``file:line:col: CODE message``."""

from __future__ import annotations

from dataclasses import dataclass

from .rules import RULES


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    col: int          # 1-based, as ruff and flake8 print it
    code: str
    message: str

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.code} {self.message}"

    def as_dict(self) -> dict:
        rule = RULES[self.code]
        return {"file": self.file, "line": self.line, "col": self.col, "code": self.code,
                "rule": rule.name, "severity": rule.severity, "message": self.message, "fix": rule.fix}
