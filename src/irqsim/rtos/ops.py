"""Declared-cost task bodies: small operation records a body is made of.

Two ways to write a body with declared costs:

* a list of ops (what the TOML loader builds): ``[compute("200us"), lock(bus), ...]``;
* a generator that yields ops, so it can branch on results:
  ``def body(): got = yield take(sem, "1ms"); yield compute("50us" if got else "5us")``.

Each op knows how to run itself against the RTOS handle (``op.run(os)``), and carries what
the response-time analysis needs (its worst-case cost, which mutex it locks). Ordinary
Python bodies call the same services directly: ``os.compute("200us")``, ``sem.take()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..units import parse_duration


def ns_of(value, what: str = "duration") -> int:
    """A duration given as a string with a unit ("200us") or as integer nanoseconds."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{what} must not be negative")
        return value
    return parse_duration(value, what)


@dataclass(frozen=True)
class Op:
    def run(self, os):  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Compute(Op):
    """Use the CPU for ``lo_ns`` (or a seeded uniform draw in [lo_ns, hi_ns])."""

    lo_ns: int
    hi_ns: int

    def run(self, os):
        if self.hi_ns == self.lo_ns:
            ns = self.lo_ns
        else:  # whole µs when the range allows it: keeps reports readable
            step = 1000 if self.lo_ns % 1000 == 0 and self.hi_ns % 1000 == 0 else 1
            ns = os.draw("compute", self.lo_ns, self.hi_ns, step=step)
        os.compute(ns)

    @property
    def wcet_ns(self) -> int:
        return self.hi_ns


@dataclass(frozen=True)
class Call(Op):
    """Call ``method`` on a named RTOS object (semaphore, mutex, queue, watchdog)."""

    obj: str
    method: str
    arg: object = None
    timeout_ns: int | None = None

    def run(self, os):
        target = os.obj(self.obj)
        fn = getattr(target, self.method)
        if self.method in ("take", "receive", "lock"):
            return fn(timeout=self.timeout_ns)
        if self.method in ("send",):
            return fn(self.arg, timeout=self.timeout_ns)
        if self.method in ("send_from_isr",):
            return fn(self.arg)
        return fn()


@dataclass(frozen=True)
class Delay(Op):
    ns: int

    def run(self, os):
        os.delay(self.ns)


@dataclass(frozen=True)
class Pend(Op):
    """Set an ISR pending from software (NVIC STIR / ``NVIC_SetPendingIRQ``)."""

    isr: str

    def run(self, os):
        os.pend(self.isr)


def compute(lo, hi=None) -> Compute:
    lo_ns = ns_of(lo, "compute time")
    hi_ns = ns_of(hi, "compute time") if hi is not None else lo_ns
    if hi_ns < lo_ns:
        raise ValueError("compute range must be (low, high)")
    return Compute(lo_ns, hi_ns)


def _name(obj) -> str:
    return obj if isinstance(obj, str) else obj.name


def _timeout(timeout) -> int | None:
    return None if timeout is None else ns_of(timeout, "timeout")


def take(sem, timeout=None) -> Call:
    return Call(_name(sem), "take", timeout_ns=_timeout(timeout))


def give(sem) -> Call:
    return Call(_name(sem), "give")


def give_from_isr(sem) -> Call:
    return Call(_name(sem), "give_from_isr")


def lock(mutex, timeout=None) -> Call:
    return Call(_name(mutex), "lock", timeout_ns=_timeout(timeout))


def unlock(mutex) -> Call:
    return Call(_name(mutex), "unlock")


def send(queue, item=0, timeout=None) -> Call:
    return Call(_name(queue), "send", item, _timeout(timeout))


def send_from_isr(queue, item=0) -> Call:
    return Call(_name(queue), "send_from_isr", item)


def receive(queue, timeout=None) -> Call:
    return Call(_name(queue), "receive", timeout_ns=_timeout(timeout))


def kick(watchdog="watchdog") -> Call:
    return Call(_name(watchdog), "kick")


def delay(duration) -> Delay:
    return Delay(ns_of(duration, "delay"))


def pend(isr) -> Pend:
    return Pend(_name(isr))


def run_ops(ops, os) -> None:
    for op in ops:
        op.run(os)


def drive(gen, os) -> None:
    """Run a generator body: each yielded op runs, and its result is sent back in."""
    result = None
    while True:
        try:
            op = gen.send(result)
        except StopIteration:
            return
        result = op.run(os)


def wcet_of(ops) -> int:
    """Worst-case CPU demand of a list of ops (the analysis' C when it is declared)."""
    return sum(op.wcet_ns for op in ops if isinstance(op, Compute))


def critical_sections(ops) -> dict[str, int]:
    """Longest compute time spent holding each mutex (nested sections count for both)."""
    held: dict[str, int] = {}
    longest: dict[str, int] = {}
    for op in ops:
        if isinstance(op, Compute):
            for name in held:
                held[name] += op.wcet_ns
        elif isinstance(op, Call) and op.method == "lock":
            held[op.obj] = 0
        elif isinstance(op, Call) and op.method == "unlock" and op.obj in held:
            longest[op.obj] = max(longest.get(op.obj, 0), held.pop(op.obj))
    for name, ns in held.items():  # never unlocked: the section runs to the end of the job
        longest[name] = max(longest.get(name, 0), ns)
    return longest
