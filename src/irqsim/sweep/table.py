"""The results table: a CSV that is appended to as points finish and sorted at the end.

Resumability rests on three rules: every row is written by one ``write`` of a whole line
and flushed, so an interruption can at worst leave a final partial line (no newline), which
the next run drops; a row whose key is already in the file is not computed again; when a
row brings a column the header does not have yet, the file is rewritten whole through a
temporary file and ``os.replace`` (atomic), so the old rows survive any interruption.
At the end the table is rewritten sorted by key with only the planned points, which makes
it independent of the order in which workers finished.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .task import LEAD


class ResultTable:
    def __init__(self, path: Path, param_names: list[str]) -> None:
        self.path = Path(path)
        self.lead = ["key", *param_names, *LEAD[1:]]
        self.rows: dict[str, dict] = {}
        self.header: list[str] = list(self.lead)
        self._fh = None
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text = text[: text.rfind("\n") + 1]    # drop a line cut off by an interruption
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if not header or header[0] != "key":
            return
        for cells in reader:
            if len(cells) != len(header):
                continue
            row = dict(zip(header, cells, strict=True))
            self.rows[row["key"]] = row
        self.header = self._merge_header(header)
        self._rewrite()

    def _merge_header(self, extra) -> list[str]:
        rest = sorted({c for c in [*self.header, *extra] if c not in self.lead})
        return [*self.lead, *rest]

    def done(self, key: str) -> bool:
        return key in self.rows

    def add(self, row: dict) -> None:
        self.rows[row["key"]] = row
        if any(c not in self.header for c in row):
            self.header = self._merge_header(row)
            self._rewrite()
            return
        if self._fh is None:
            self._fh = self.path.open("a", encoding="utf-8", newline="")
            if self.path.stat().st_size == 0:
                self._fh.write(_line(self.header))
        self._fh.write(_line([row.get(c, "") for c in self.header]))
        self._fh.flush()

    def _rewrite(self, keys=None) -> None:
        self.close()
        keys = sorted(self.rows) if keys is None else keys
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(_line(self.header))
            for key in keys:
                row = self.rows[key]
                fh.write(_line([row.get(c, "") for c in self.header]))
        os.replace(tmp, self.path)

    def finish(self, planned_keys: list[str]) -> list[dict]:
        """Rewrite with exactly the planned points, sorted by key; returns those rows."""
        keys = sorted(k for k in set(planned_keys) if k in self.rows)
        self.rows = {k: self.rows[k] for k in keys}
        self.header = [*self.lead, *sorted({c for r in self.rows.values() for c in r if c not in self.lead})]
        self._rewrite(keys)
        return [self.rows[k] for k in keys]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _line(cells) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def write_parquet(rows: list[dict], header: list[str], params: list[str], path: Path) -> None:
    """The same table as Parquet, numeric columns typed (needs the "sweep" extra)."""
    try:
        import pandas as pd
    except ImportError:
        from ..errors import IrqsimError

        raise IrqsimError("--parquet needs pandas and pyarrow", hint='pip install "irqsim[sweep]"') from None
    frame = pd.DataFrame([[r.get(c, "") for c in header] for r in rows], columns=header)
    keep_text = {"key", "status", "error", "end_reason", *params}
    for col in header:
        if col not in keep_text:
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce")
    frame["seed"] = frame["seed"].astype("int64")
    frame.to_parquet(path, index=False)
