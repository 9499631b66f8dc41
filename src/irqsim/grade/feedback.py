"""The gradebook (CSV) and per-student feedback (Markdown and HTML).

Both are deterministic: rows and sections follow the sorted student ids and the suite's
scenario order, and nothing records wall-clock time, so re-grading the same submissions
writes the same bytes.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from .runner import Outcome, overall
from .suite import Suite

ADVICE = {
    "fail": "The firmware ran, but some expectations were not met (listed below).",
    "timeout": "The run did not finish: an endless loop, or a computation far too long for the chip.",
    "memory": "The firmware used more memory than the grader allows.",
    "firmware error": "The firmware raised an exception it did not handle (traceback below).",
    "forbidden import": "The firmware reached for something outside MicroPython's modules "
                        "(host modules, files or interpreter internals). Use only MicroPython's modules.",
    "missing": "The submission does not contain the expected firmware file.",
    "error": "The grader could not run this scenario; tell your instructor.",
}


def by_student(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    out: dict[str, list[Outcome]] = {}
    for o in outcomes:
        out.setdefault(o.student, []).append(o)
    return out


def write_gradebook(suite: Suite, outcomes: list[Outcome], path: Path) -> None:
    names = [sc.name for sc in suite.scenarios]
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["student", "verdict", "points", "max_points", *names])
        for student, rows in by_student(outcomes).items():
            verdicts = {o.scenario: o.verdict for o in rows}
            w.writerow([student, overall(rows), _num(sum(o.points for o in rows)),
                        _num(sum(o.max_points for o in rows)), *(verdicts.get(n, "") for n in names)])


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def markdown(suite: Suite, student: str, rows: list[Outcome]) -> str:
    got, total = sum(o.points for o in rows), sum(o.max_points for o in rows)
    lines = [f"# {suite.title}: feedback for {student}", "",
             f"**Overall: {overall(rows)}**, {_num(got)} of {_num(total)} points.", "",
             "| scenario | verdict | points |", "|---|---|---|"]
    lines += [f"| {o.scenario} | {o.verdict} | {_num(o.points)}/{_num(o.max_points)} |" for o in rows]
    for o in rows:
        lines += ["", f"## {o.scenario}: {o.verdict}", ""]
        if o.verdict != "pass":
            lines += [ADVICE.get(o.verdict, ""), ""]
        if o.detail and o.verdict not in ("pass",):
            lines += ["```", o.detail.rstrip(), "```", ""]
        failed = [e for e in o.expectations if not e["passed"]]
        if failed:
            lines.append("Failed expectations:")
            lines += [f"- line {e['line']}: {e['detail']}" if e.get("line") else f"- {e['detail']}" for e in failed]
            lines.append("")
        if o.violations:
            lines.append("Interrupt-rule violations:")
            for v in o.violations:
                where = f"{v.get('file')}:{v.get('line')}" if v.get("file") else "?"
                lines.append(f"- {v['code']} ({v['severity']}) at {where}, t = {v['t_ns'] / 1e6:g} ms: {v['message']}")
            lines.append("")
        if o.stdout_tail and o.verdict != "pass":
            lines += ["Last lines of output:", "```", *o.stdout_tail, "```"]
    return "\n".join(lines).rstrip() + "\n"


def to_html(md: str, title: str) -> str:
    """A small, dependency-free rendering of the Markdown above (headings, lists, tables, code)."""
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{html.escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto}pre{background:#f4f4f4;padding:.6em}"
           "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}</style></head><body>"]
    in_code = in_list = in_table = False
    for line in md.splitlines():
        if line.startswith("```"):
            out.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
            continue
        if in_code:
            out.append(html.escape(line))
            continue
        if in_list and not line.startswith("- "):
            out.append("</ul>")
            in_list = False
        if in_table and not line.startswith("|"):
            out.append("</table>")
            in_table = False
        if line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            tag = "th" if not in_table else "td"
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>")
        elif line.strip():
            text = html.escape(line)
            if text.startswith("**"):
                text = "<strong>" + text[2:].replace("**", "</strong>", 1)
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_feedback(suite: Suite, outcomes: list[Outcome], out_dir: Path, *, html_too: bool = True) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for student, rows in by_student(outcomes).items():
        md = markdown(suite, student, rows)
        p = out_dir / f"{student}.md"
        p.write_text(md, encoding="utf-8")
        written.append(p)
        if html_too:
            h = out_dir / f"{student}.html"
            h.write_text(to_html(md, f"{suite.title}: {student}"), encoding="utf-8")
            written.append(h)
    return written
