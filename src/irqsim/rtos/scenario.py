"""Task-set scenarios in TOML (the RTOS section of the scenario vocabulary, docs/rtos.md)::

    schema = 1
    duration = "1s"
    seed = 1
    time_slice = "1ms"            # optional: round-robin among equal priorities
    context_switch = "2us"        # optional
    python = "tasks.py"           # optional: module of ordinary Python task bodies
    line_cost = "2200ns"          # optional: cost of one line of those bodies

    [[semaphores]]  name, max (1 = binary), initial
    [[mutexes]]     name, protocol ("none"|"inherit"|"ceiling"), ceiling
    [[queues]]      name, length
    [watchdog]      timeout, action ("reset"|"stop"|"log")

    [[isrs]]        name, priority, category (1|2), period | times | min_interarrival
                    (+ max_interarrival), offset, body
    [[tasks]]       name, priority, period | wait (semaphore), offset, deadline, jitter,
                    body | python (function name), uses (mutex names, for Python bodies)

A body is a list of one-key tables: ``{compute = "200us"}``, ``{compute = ["1ms", "2ms"]}``
(seeded draw), ``{lock = "bus"}``, ``{unlock = "bus"}``, ``{take = "sem", timeout = "1ms"}``,
``{give = "sem"}``, ``{give_from_isr = "sem"}``, ``{send = "q", item = 1}``,
``{send_from_isr = "q"}``, ``{receive = "q"}``, ``{kick = "watchdog"}``, ``{delay = "1ms"}``,
``{pend = "isr"}``. Every mistake is reported as ``file:line: message`` with a hint.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import IrqsimError, ScenarioError, nearest
from ..spec.locate import Locator
from . import ops as O
from .pytask import DEFAULT_LINE_NS, load_module
from .sync import Semaphore
from .system import Rtos

TOP = {"schema", "description", "duration", "seed", "time_slice", "context_switch", "python", "line_cost",
       "semaphores", "mutexes", "queues", "watchdog", "isrs", "tasks"}
KEYS = {
    "semaphores": {"name", "max", "initial"},
    "mutexes": {"name", "protocol", "ceiling"},
    "queues": {"name", "length"},
    "watchdog": {"timeout", "action", "name"},
    "isrs": {"name", "priority", "category", "period", "times", "min_interarrival", "max_interarrival",
             "offset", "body"},
    "tasks": {"name", "priority", "period", "wait", "offset", "deadline", "jitter", "body", "python", "uses"},
}
OPS = {"compute", "lock", "unlock", "take", "give", "give_from_isr", "send", "send_from_isr", "receive",
       "kick", "delay", "pend"}


class TaskSet:
    """A loaded scenario: the built (not yet run) RTOS and its run settings."""

    def __init__(self, rt: Rtos, duration_ns: int, path: Path, description: str) -> None:
        self.rtos = rt
        self.duration_ns = duration_ns
        self.path = path
        self.description = description


def load_taskset(path, *, seed: int | None = None, duration=None) -> TaskSet:
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise ScenarioError(f"cannot read {path}: {exc.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError("not UTF-8 text", file=str(path),
                            hint="irqsim lab rta reads a task-set .toml (examples/rtos/*.toml)") from None
    loc = Locator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}", file=str(path),
                            hint="check quotes, brackets and commas near the reported position") from None
    return _Builder(path, loc, data).build(seed, duration)


class _Builder:
    def __init__(self, path: Path, loc: Locator, data: dict) -> None:
        self.path, self.loc, self.data = path, loc, data

    def err(self, msg: str, *keypath, hint=None):
        return ScenarioError(msg, file=str(self.path), line=self.loc.line(*keypath), hint=hint)

    def keys(self, table: dict, allowed: set, *keypath) -> None:
        for key in table:
            if key not in allowed:
                near = nearest(key, allowed)
                raise self.err(f"unknown key {key!r}", *keypath, key,
                               hint=f"did you mean {near!r}?" if near else f"allowed: {', '.join(sorted(allowed))}")

    def need(self, table: dict, key: str, *keypath):
        if key not in table:
            raise self.err(f"missing key {key!r}", *keypath)
        return table[key]

    def guarded(self, fn, *keypath):
        """Run ``fn``; a unit or value error becomes a located scenario error."""
        try:
            return fn()
        except IrqsimError as exc:
            raise self.err(exc.message, *keypath, hint=exc.hint) from None
        except (ValueError, TypeError) as exc:
            raise self.err(str(exc), *keypath) from None

    def durations(self, table: dict, *keypath) -> None:
        """Check every duration-valued key first, so an error points at its own line."""
        for key in ("period", "offset", "deadline", "jitter", "min_interarrival", "max_interarrival",
                    "timeout"):
            if key in table:
                self.guarded(lambda v=table[key], key=key: O.ns_of(v, key), *keypath, key)

    def build(self, seed, duration) -> TaskSet:
        d = self.data
        self.keys(d, TOP)
        if d.get("schema", 1) != 1:
            raise self.err(f"schema {d.get('schema')!r} is not supported", "schema", hint="write schema = 1")
        rt = self.guarded(lambda: Rtos(seed=seed if seed is not None else int(d.get("seed", 0)),
                                       time_slice=d.get("time_slice"), switch=d.get("context_switch"),
                                       source=str(self.path)), "time_slice")
        dur = duration if duration is not None else self.need(d, "duration")
        duration_ns = self.guarded(lambda: O.ns_of(dur, "duration"), "duration")
        for i, s in enumerate(d.get("semaphores", [])):
            self.keys(s, KEYS["semaphores"], "semaphores", i)
            self.guarded(lambda s=s, i=i: rt.semaphore(self.need(s, "name", "semaphores", i), max_count=int(s.get("max", 1)),
                                                       initial=int(s.get("initial", 0)),
                                                       line=self.loc.line("semaphores", i)), "semaphores", i)
        for i, m in enumerate(d.get("mutexes", [])):
            self.keys(m, KEYS["mutexes"], "mutexes", i)
            self.guarded(lambda m=m, i=i: rt.mutex(self.need(m, "name", "mutexes", i),
                                                   protocol=m.get("protocol", "inherit"), ceiling=m.get("ceiling"),
                                                   line=self.loc.line("mutexes", i)), "mutexes", i, "protocol")
        for i, q in enumerate(d.get("queues", [])):
            self.keys(q, KEYS["queues"], "queues", i)
            self.guarded(lambda q=q, i=i: rt.queue(self.need(q, "name", "queues", i), length=int(q.get("length", 1)),
                                                   line=self.loc.line("queues", i)), "queues", i)
        if "watchdog" in d:
            w = d["watchdog"]
            self.keys(w, KEYS["watchdog"], "watchdog")
            self.durations(w, "watchdog")
            self.guarded(lambda: rt.watchdog(self.need(w, "timeout", "watchdog"), action=w.get("action", "reset"),
                                             name=w.get("name", "watchdog"), line=self.loc.line("watchdog")),
                         "watchdog")
        module = None
        if "python" in d:
            line_ns = self.guarded(lambda: O.ns_of(d.get("line_cost", DEFAULT_LINE_NS), "line cost"), "line_cost")
            module = load_module(self.path.parent / d["python"], rt, line_ns=line_ns)
        for i, s in enumerate(d.get("isrs", [])):
            self.keys(s, KEYS["isrs"], "isrs", i)
            self.durations(s, "isrs", i)
            name = self.need(s, "name", "isrs", i)
            body = self.body(self.need(s, "body", "isrs", i), rt, "isrs", i)
            self.guarded(lambda s=s, name=name, body=body, i=i: rt.isr(
                name, int(self.need(s, "priority", "isrs", i)), body, category=int(s.get("category", 2)),
                period=s.get("period"), offset=s.get("offset"), times=s.get("times", ()),
                min_interarrival=s.get("min_interarrival"), max_interarrival=s.get("max_interarrival"),
                line=self.loc.line("isrs", i)), "isrs", i)
        for i, t in enumerate(d.get("tasks", [])):
            self.keys(t, KEYS["tasks"], "tasks", i)
            self.durations(t, "tasks", i)
            name = self.need(t, "name", "tasks", i)
            if "python" in t:
                if module is None:
                    raise self.err("a task names a Python body but the scenario has no python module",
                                   "tasks", i, "python", hint='add python = "tasks.py" at the top')
                fn = module.get(t["python"])
                if not callable(fn):
                    near = nearest(t["python"], [k for k, v in module.items() if callable(v)])
                    raise self.err(f"no function {t['python']!r} in {d['python']}", "tasks", i, "python",
                                   hint=f"did you mean {near!r}?" if near else None)
                body = fn
            else:
                body = self.body(self.need(t, "body", "tasks", i), rt, "tasks", i)
            wait = t.get("wait")
            if wait is not None and not isinstance(rt.objects.get(wait), Semaphore):
                raise self.err(f"task {name!r} waits for {wait!r}, which is not a declared semaphore",
                               "tasks", i, "wait", hint="declare it under [[semaphores]]")
            self.guarded(lambda t=t, name=name, body=body, i=i: rt.task(
                name, int(self.need(t, "priority", "tasks", i)), body, period=t.get("period"), offset=t.get("offset"),
                deadline=t.get("deadline"), wait=t.get("wait"), jitter=t.get("jitter"), uses=t.get("uses", ()),
                line=self.loc.line("tasks", i)), "tasks", i)
        return TaskSet(rt, duration_ns, self.path, d.get("description", ""))

    def body(self, items, rt: Rtos, *keypath) -> list:
        if not isinstance(items, list):
            raise self.err("body must be a list of operations", *keypath, "body",
                           hint='body = [{compute = "200us"}, {give_from_isr = "sem"}]')
        out = []
        for op in items:
            if not isinstance(op, dict) or not (set(op) & OPS):
                raise self.err(f"cannot read body operation {op!r}", *keypath, "body",
                               hint=f"each operation is a table with one of: {', '.join(sorted(OPS))}")
            (kind,) = [k for k in op if k in OPS][:1] or [None]
            extra = set(op) - {kind, "timeout", "item"}
            if extra:
                raise self.err(f"unknown key {sorted(extra)[0]!r} in a {kind} operation", *keypath, "body")
            arg = op[kind]
            out.append(self.guarded(lambda kind=kind, arg=arg, op=op: self.op(kind, arg, op, rt), *keypath, "body"))
        return out

    def op(self, kind: str, arg, op: dict, rt: Rtos):
        if kind == "compute":
            return O.compute(*arg) if isinstance(arg, list) else O.compute(arg)
        if kind == "delay":
            return O.delay(arg)
        if kind == "pend":
            return O.pend(arg)
        if arg not in rt.objects:
            near = nearest(str(arg), rt.objects)
            raise ScenarioError(f"{kind} refers to {arg!r}, which is not declared",
                                hint=f"did you mean {near!r}?" if near else
                                "declare it under [[semaphores]], [[mutexes]], [[queues]] or [watchdog]")
        if kind in ("take", "lock", "receive"):
            return getattr(O, kind)(arg, op.get("timeout"))
        if kind == "send":
            return O.send(arg, op.get("item", 0), op.get("timeout"))
        if kind == "send_from_isr":
            return O.send_from_isr(arg, op.get("item", 0))
        return getattr(O, kind)(arg)
