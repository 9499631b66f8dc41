"""``irqsim grade SUBMISSIONS_DIR --suite SUITE.toml``: a gradebook and feedback per student."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("grade", help="grade a directory of submissions against a suite of scenarios")
    p.add_argument("submissions", help="directory: one sub-directory (or <student>.py) per student")
    p.add_argument("--suite", required=True, help="suite .toml (scenarios, weights, limits)")
    p.add_argument("--out", default="grades", help="output directory (default: grades/)")
    p.add_argument("--workers", type=int, default=None, help="parallel worker processes (default: CPU count)")
    p.add_argument("--no-html", action="store_true", help="Markdown feedback only")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from ..grade import grade, load_suite, overall, write_feedback, write_gradebook
    from ..grade.feedback import by_student
    from ..spec.scenario import load_scenario

    suite = load_suite(args.suite)
    for sc in suite.scenarios:
        load_scenario(sc.path, sc.overrides or None)  # a broken suite fails here, not as 300 verdicts
    outcomes = grade(suite, args.submissions, workers=args.workers or os.cpu_count() or 1,
                     progress=False if args.no_progress else None)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_gradebook(suite, outcomes, out / "gradebook.csv")
    write_feedback(suite, outcomes, out / "feedback", html_too=not args.no_html)
    for student, rows in by_student(outcomes).items():
        got = sum(o.points for o in rows)
        total = sum(o.max_points for o in rows)
        print(f"{student:24s} {overall(rows):18s} {got:g}/{total:g}")
    print(f"irqsim grade: {out / 'gradebook.csv'}, feedback in {out / 'feedback'}", file=sys.stderr)
    return 0
