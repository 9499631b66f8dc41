"""Response-time analysis against published and hand-worked examples."""

import math

import pytest

from irqsim.analysis import AnalysisTask, analyse, hyperbolic_ok, liu_layland_bound, utilisation
from irqsim.analysis.rta import blocking

MS = 1_000_000


def _set(*rows):
    return [AnalysisTask(name, prio, c * MS, t * MS) for name, prio, c, t in rows]


def test_burns_wellings_three_task_example():
    """Burns & Wellings, "Real-Time Systems and Programming Languages" (3rd/4th ed.), the
    response-time analysis example: a (T=7, C=3, P=3), b (T=12, C=3, P=2), c (T=20, C=5, P=1);
    R_a = 3, R_b = 6, R_c = 20 (c meets its deadline exactly)."""
    tasks = _set(("a", 3, 3, 7), ("b", 2, 3, 12), ("c", 1, 5, 20))
    bounds = {b.name: b.response_ns for b in analyse(tasks)}
    assert bounds == {"a": 3 * MS, "b": 6 * MS, "c": 20 * MS}


def test_rate_monotonic_example_worked_by_hand():
    """tau1 (C=1, T=4), tau2 (C=2, T=6), tau3 (C=3, T=10) under RM: the recurrence for tau3
    runs 6 -> 7 -> 9 -> 10 -> 10, so R3 = 10 = D3; R2 = 3, R1 = 1."""
    tasks = _set(("t1", 3, 1, 4), ("t2", 2, 2, 6), ("t3", 1, 3, 10))
    assert [b.response_ns for b in analyse(tasks)] == [1 * MS, 3 * MS, 10 * MS]


def test_unschedulable_set_is_flagged():
    """C=2/T=4 and C=3/T=5 (U = 1.1): the low task's recurrence passes its deadline."""
    bounds = analyse(_set(("hi", 2, 2, 4), ("lo", 1, 3, 5)))
    assert bounds[0].schedulable
    assert not bounds[1].schedulable


def test_release_jitter_term():
    """Burns & Wellings' jitter form R_i = w_i + J_i, interference ceil((w + J_j)/T_j) C_j.
    High (C=1, T=5, J=2), low (C=3, T=20): w = 4 -> 3 + ceil(6/5) = 5 -> 3 + ceil(7/5) = 5,
    so R_low = 5; without the jitter the fixed point is 4."""
    hi = AnalysisTask("hi", 2, 1 * MS, 5 * MS, jitter_ns=2 * MS)
    lo = AnalysisTask("lo", 1, 3 * MS, 20 * MS)
    assert analyse([hi, lo])[1].response_ns == 5 * MS
    assert analyse([AnalysisTask("hi", 2, MS, 5 * MS), lo])[1].response_ns == 4 * MS


def test_blocking_inheritance_versus_ceiling():
    """Buttazzo, Hard Real-Time Computing Systems, ch. 7: under priority inheritance a job
    can be blocked once per resource and once per lower task (B = min of the two sums);
    under the ceiling protocol at most once, by the longest section. Here H uses R1 and R2;
    L1 holds R1 for 2 ms, L2 holds R2 for 3 ms: PIP B_H = 2 + 3, PCP B_H = max = 3."""
    h = AnalysisTask("H", 3, MS, 20 * MS, sections={"R1": MS, "R2": MS})
    l1 = AnalysisTask("L1", 2, 4 * MS, 40 * MS, sections={"R1": 2 * MS})
    l2 = AnalysisTask("L2", 1, 5 * MS, 80 * MS, sections={"R2": 3 * MS})
    tasks = [h, l1, l2]
    assert blocking(tasks, h, {"R1": "inherit", "R2": "inherit"}) == 5 * MS
    assert blocking(tasks, h, {"R1": "ceiling", "R2": "ceiling"}) == 3 * MS
    # L1 can be blocked by L2 on R2 only if R2's ceiling reaches L1: it does (H uses R2)
    assert blocking(tasks, l1, {"R1": "inherit", "R2": "inherit"}) == 3 * MS
    assert blocking(tasks, l2, {"R1": "inherit", "R2": "inherit"}) == 0
    # no protocol: L1 lies between L2 and H, so H's blocking on R2 is unbounded
    assert blocking(tasks, h, {"R1": "none", "R2": "none"}) is None


def test_utilisation_bounds():
    """Liu & Layland (1973): n(2^(1/n) - 1) = 0.828 (n=2), 0.780 (n=3) -> ln 2.
    Hyperbolic bound (Bini, Buttazzo & Buttazzo 2003): prod(U_i + 1) <= 2."""
    assert liu_layland_bound(2) == pytest.approx(0.8284, abs=1e-4)
    assert liu_layland_bound(3) == pytest.approx(0.7798, abs=1e-4)
    assert liu_layland_bound(10_000) == pytest.approx(math.log(2), abs=1e-4)
    tasks = _set(("a", 2, 1, 2), ("b", 1, 1, 3))       # 1.5 * 4/3 = 2: exactly on the bound
    assert utilisation(tasks) == pytest.approx(5 / 6)
    assert hyperbolic_ok(tasks)
    assert not hyperbolic_ok(_set(("a", 2, 1, 2), ("b", 1, 2, 5)))   # 1.5 * 1.4 = 2.1
    tasks = _set(("a", 2, 1, 2), ("b", 1, 1, 4))       # 1.5 * 1.25 = 1.875
    assert hyperbolic_ok(tasks)
