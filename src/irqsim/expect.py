"""Scenario expectations, checked against a finished run's results and event log."""

from __future__ import annotations

from .trace.log import Kind


def check_expectations(result) -> list[dict]:
    out = []
    stats = None
    for ex in result.scenario.expect:
        line = ex.get("_line")
        passed, detail = True, ""
        if "stdout" in ex:
            before = ex.get("before_ns")
            after = ex.get("after_ns", 0)
            hits = [t for t, text in result.stdout if ex["stdout"] in text and t >= after
                    and (before is None or t <= before)]
            passed = bool(hits)
            detail = f"stdout contains {ex['stdout']!r}" + (f" before {ex['before']}" if before is not None else "")
            if not passed:
                detail += " — not found"
        elif "not_stdout" in ex:
            passed = not any(ex["not_stdout"] in text for _, text in result.stdout)
            detail = f"stdout never contains {ex['not_stdout']!r}"
        elif "pin" in ex:
            from .spec.scenario import parse_gpio

            gpio = parse_gpio(ex["pin"], "expect")
            at = ex.get("at_ns", result.end_ns)
            level, last_t = 0, -1
            for rec in result.log.of_kind(Kind.PIN):
                # records of different pins are not strictly time-ordered (a firmware line's
                # effect is logged at the end of its cost window), so filter rather than stop
                if rec[2] == gpio and last_t <= rec[0] <= at:
                    level, last_t = rec[3], rec[0]
            passed = level == ex.get("level")
            detail = f"GP{gpio} is {ex.get('level')} at {ex.get('at', 'end')} (was {level})"
        elif "handler" in ex:
            stats = stats or result.stats()
            h = stats["handlers"].get(ex["handler"])
            count = h["count"] if h else 0
            detail = f"handler {ex['handler']} ran {count} times"
            if "count" in ex:
                passed = count == ex["count"]
            if "min_count" in ex:
                passed = passed and count >= ex["min_count"]
            if "max_count" in ex:
                passed = passed and count <= ex["max_count"]
            if "max_latency_ns" in ex:
                worst = (h["latency_us"] or {}).get("max", 0) if h else 0
                passed = passed and worst * 1000 <= ex["max_latency_ns"]
                detail += f", worst latency {worst} us"
        elif ex.get("no_violations"):
            passed = not result.violations
            detail = f"{len(result.violations)} ISR-rule violations"
        elif ex.get("no_lost_edges"):
            stats = stats or result.stats()
            lost = sum(s["lost_total"] for s in stats["sources"].values())
            passed = lost == 0
            detail = f"{lost} lost edges"
        out.append({"line": line, "passed": passed, "detail": detail})
    return out
