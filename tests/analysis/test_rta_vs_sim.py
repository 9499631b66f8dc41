"""The analysis bounds the simulation: exactly at the critical instant, never below it."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irqsim.analysis.taskset import compare
from irqsim.rtos import Rtos, compute, give_from_isr, lock, unlock

US = 1000
MS = 1_000_000


def test_critical_instant_reaches_the_burns_wellings_bound_exactly():
    """Released together (the critical instant), the B&W set a/b/c (T=7/12/20, C=3/3/5 ms)
    simulates to the analysed R = 3, 6, 20 ms."""
    os = Rtos()
    os.task("a", 3, [compute("3ms")], period="7ms")
    os.task("b", 2, [compute("3ms")], period="12ms")
    os.task("c", 1, [compute("5ms")], period="20ms")
    os.run("84ms")
    _, rows = compare(os)
    got = {r.name: (r.sim_response_ns, r.bound.response_ns) for r in rows}
    assert got == {"a": (3 * MS, 3 * MS), "b": (6 * MS, 6 * MS), "c": (20 * MS, 20 * MS)}


def test_sporadic_task_released_by_isr_semaphore():
    """encoder ISR (5 us, 1 kHz) gives a semaphore; the motor task (150 us) responds within
    its bound, which includes the ISR's interference and its response as release jitter."""
    os = Rtos()
    sem = os.semaphore("enc")
    os.isr("enc_isr", 5, [compute("5us"), give_from_isr(sem)], period="1ms")
    os.task("motor", 3, [compute("150us")], wait=sem, deadline="1ms")
    os.task("bg", 1, [compute("3ms")], period="10ms")
    os.run("50ms")
    _, rows = compare(os)
    motor = next(r for r in rows if r.name == "motor")
    assert motor.jobs == 50
    assert motor.sim_response_ns == 150 * US
    assert motor.bound.response_ns == 160 * US     # C + ISR interference + J (ISR response)
    assert all(r.verdict.startswith("ok") for r in rows)


PERIODS_MS = (2, 3, 4, 5, 6, 8, 10, 12)


@st.composite
def task_sets(draw):
    n = draw(st.integers(1, 4))
    prios = draw(st.permutations(range(1, n + 1)))
    protocol = draw(st.sampled_from(["inherit", "ceiling"]))
    tasks = []
    budget = 0.9
    for i in range(n):
        period = draw(st.sampled_from(PERIODS_MS)) * MS
        max_c = int(period * budget / (n - i)) // (10 * US)
        c = draw(st.integers(1, max(1, max_c))) * 10 * US
        budget -= c / period
        cs = draw(st.integers(0, c // (10 * US))) * 10 * US
        spread = draw(st.booleans())
        offset = draw(st.integers(0, period // MS)) * MS
        tasks.append((f"t{i}", prios[i], period, c, cs, spread, offset))
    isr = draw(st.none() | st.tuples(st.integers(1, 30), st.sampled_from((1, 2))))
    return protocol, tasks, isr


def _cost(ns, spread):
    """A fixed cost, or a seeded draw in [ns/2, ns] (the WCET stays ns)."""
    return compute(ns // 2, ns) if spread else compute(ns)


def _build(protocol, tasks, isr, seed):
    os = Rtos(seed=seed)
    m = os.mutex("m", protocol=protocol)
    for name, prio, period, c, cs, spread, offset in tasks:
        pre = c - cs
        body = [_cost(pre, spread)] if pre else []
        if cs:
            body += [lock(m), _cost(cs, spread), unlock(m)]
        os.task(name, prio, body, period=period, offset=offset)
    if isr is not None:
        c_us, period_ms = isr
        os.isr("irq", 1, [compute(c_us * US)], period=period_ms * MS, offset=123 * US)
    return os


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(task_sets(), st.integers(0, 3))
def test_simulated_worst_case_never_exceeds_the_bound(case, seed):
    protocol, tasks, isr = case
    os = _build(protocol, tasks, isr, seed).run(60 * MS)
    _, rows = compare(os)
    for row in rows:
        if row.bound is not None and row.bound.schedulable and row.jobs:
            assert row.sim_response_ns <= row.bound.response_ns, (row.name, row.verdict, case)
            assert row.sim_blocking_ns <= row.bound.blocking_ns, (row.name, case)
        assert not row.verdict.startswith("BOUND EXCEEDED"), (row.name, row.verdict)
