"""Scheduling and services of the RTOS model, each against a hand-computed timeline."""

from pathlib import Path

from irqsim.rtos import Rtos, compute, give, give_from_isr, kick, lock, receive, send, take, unlock
from irqsim.rtos.pytask import load_module
from irqsim.trace.log import Kind

US = 1000
MS = 1_000_000


def _states(os, task):
    return [(r[0], r[3]) for r in os.log.records() if r[1] == Kind.TASK and r[2] == task]


def test_preemption_by_a_released_higher_priority_task():
    os = Rtos()
    os.task("lo", 1, [compute("5ms")], period="20ms")
    os.task("hi", 2, [compute("1ms")], period="20ms", offset="2ms")
    os.run("10ms")
    assert os.tasks["lo"].stats.max_response_ns == 6 * MS      # 5 ms + 1 ms preemption
    assert (2 * MS, "ready") in _states(os, "lo")             # preempted at 2 ms
    assert os.tasks["hi"].stats.max_response_ns == 1 * MS


def test_isr_preempts_task_and_nests_by_priority():
    os = Rtos()
    os.isr("slow", 1, [compute("10us")], times=["1ms"])
    os.isr("fast", 2, [compute("2us")], times=["1000004ns"])
    os.task("t", 1, [compute("1ms")], period="10ms")
    os.run("3ms")
    isr = [(r[0], r[2], r[3]) for r in os.log.records() if r[1] == Kind.ISR]
    assert isr == [(MS, "slow", 1), (MS + 4, "fast", 1), (MS + 2004, "fast", 0), (MS + 12 * US, "slow", 0)]
    assert os.tasks["t"].stats.max_response_ns == MS + 12 * US


def test_binary_semaphore_merges_gives_and_counting_keeps_them():
    for max_count, jobs in ((1, 2), (5, 3)):
        os = Rtos()
        s = os.semaphore("s", max_count=max_count)
        os.isr("irq", 5, [give_from_isr(s)], times=["0ms", "100us", "200us"])
        os.task("w", 1, [compute("1ms")], wait=s)
        os.run("10ms")
        assert os.tasks["w"].stats.jobs == jobs


def test_queue_blocks_sender_when_full_and_hands_items_over():
    os = Rtos()
    q = os.queue("q", length=2)
    got = []

    def consumer(os_):
        while True:
            got.append((os_.now_ns, q.receive()))

    os.task("producer", 2, [send(q, 1), send(q, 2), send(q, 3), compute("1ms")], offset="1ms")
    os.task("consumer", 1, consumer)
    os.run("5ms")
    assert [item for _, item in got] == [1, 2, 3]
    assert os.tasks["producer"].state == "deleted"


def test_priority_inheritance_is_transitive():
    """low holds A; mid holds B and waits for A; high waits for B: low runs at high's priority."""
    os = Rtos()
    a, b = os.mutex("A"), os.mutex("B")
    os.task("low", 1, [lock(a), compute("4ms"), unlock(a)])
    os.task("mid", 2, [lock(b), lock(a), compute("1ms"), unlock(a), unlock(b)], offset="1ms")
    os.task("high", 3, [lock(b), compute("1ms"), unlock(b)], offset="2ms")
    os.run("10ms")
    prio = [(r[0], r[2], r[3], r[4]) for r in os.log.records() if r[1] == Kind.PRIO]
    assert (MS, "low", 2, "inherit") in prio
    assert (2 * MS, "mid", 3, "inherit") in prio
    assert (2 * MS, "low", 3, "inherit") in prio
    assert os.tasks["high"].stats.max_response_ns == 4 * MS   # low 2 ms + mid 1 ms + own 1 ms
    # with every section done, everyone is back at its base priority
    assert all(t.priority == t.base_priority for t in os.tasks.values())


def test_time_slicing_round_robins_equal_priorities():
    os = Rtos(time_slice="1ms")
    os.task("a", 1, [compute("3ms")])
    os.task("b", 1, [compute("3ms")])
    os.run("10ms")
    running = [(r[0], r[2]) for r in os.log.records() if r[1] == Kind.TASK and r[3] == "running"]
    assert running[:4] == [(0, "a"), (MS, "b"), (2 * MS, "a"), (3 * MS, "b")]
    os2 = Rtos()
    os2.task("a", 1, [compute("3ms")])
    os2.task("b", 1, [compute("3ms")])
    os2.run("10ms")
    assert os2.tasks["a"].stats.max_response_ns == 3 * MS


def test_delay_until_paces_a_free_running_task():
    stamps = []

    def body(os_):
        wake = 0
        while True:
            stamps.append(os_.now_ns)
            os_.compute("100us")
            wake = os_.delay_until(wake + 2 * MS)

    os = Rtos()
    os.task("loop", 1, body)
    os.run("9ms")
    assert stamps == [0, 2 * MS, 4 * MS, 6 * MS, 8 * MS]
    assert os.tasks["loop"].stats.max_response_ns == 100 * US


def test_take_timeout_returns_false():
    seen = []

    def body(os_):
        seen.append(os_.obj("s").take(timeout="2ms"))
        seen.append(os_.now_ns)

    os = Rtos()
    os.semaphore("s")
    os.task("t", 1, body)
    os.run("5ms")
    assert seen == [False, 2 * MS]


def test_watchdog_resets_when_not_kicked():
    os = Rtos()
    dog = os.watchdog("3ms")
    os.task("kicker", 1, [compute("100us"), kick(dog)], period="2ms")
    os.run("20ms")
    assert os.resets == 0
    os = Rtos()
    dog = os.watchdog("3ms")
    os.task("kicker", 1, [compute("100us"), kick(dog)], period="4ms")
    os.run("20ms")
    assert os.resets >= 4
    assert any(v[2] == "rtos-watchdog" for v in os.violations)


def test_category_1_isr_calling_os_service_is_reported():
    os = Rtos()
    s = os.semaphore("s")
    os.isr("cat1", 5, [compute("2us"), give_from_isr(s)], category=1, times=["1ms"])
    os.isr("cat2", 4, [compute("2us"), give_from_isr(s)], category=2, times=["2ms"])
    os.task("t", 1, [compute("10us")], wait=s)
    os.run("5ms")
    codes = [(v[2], v[4]) for v in os.violations]
    assert len(codes) == 1
    assert codes[0][0] == "rtos-cat1" and "'cat1'" in codes[0][1]
    assert os.tasks["t"].stats.jobs == 2               # the service still ran (reported, not fatal)


def test_category_2_isr_must_use_from_isr_variants():
    os = Rtos()
    s = os.semaphore("s")
    os.isr("irq", 4, [give(s), take(s)], times=["1ms"])
    os.run("2ms")
    codes = sorted(v[4].split(":")[0] for v in os.violations)
    assert codes == ["ISR 'irq' called s.give", "ISR 'irq' called s.take"]
    assert {v[2] for v in os.violations} == {"rtos-isr-service"}


def test_python_body_is_preempted_at_a_line_boundary(tmp_path: Path):
    src = tmp_path / "tasks.py"
    src.write_text("trace = []\n\ndef spin(os):\n    while True:\n        trace.append(os.now_ns)\n")
    os = Rtos()
    ns = load_module(src, os, line_ns=1000)
    os.task("spin", 1, ns["spin"])
    os.isr("irq", 1, [compute("5us")], times=["10500ns"])
    os.run("20us")
    trace = ns["trace"]
    # each iteration costs 2 lines (loop test + append) = 2 us; the ISR at 10.5 us lands in
    # the middle of a line, which finishes 5 us late
    gaps = {b - a for a, b in zip(trace, trace[1:], strict=False)}
    assert gaps == {2000, 7000}
    assert os.isrs["irq"].stats.max_response_ns == 5 * US   # taken at its true time


def test_declared_generator_body():
    def body(os_):
        ok = yield take("s", "1ms")
        yield compute("50us" if ok else "5us")

    os = Rtos()
    os.semaphore("s")
    os.task("g", 1, body)
    os.run("5ms")
    assert os.tasks["g"].stats.max_exec_ns == 5 * US


def test_queue_from_isr_and_receive_op():
    os = Rtos()
    q = os.queue("q", length=4)
    from irqsim.rtos import send_from_isr

    os.isr("irq", 3, [send_from_isr(q, 7)], period="1ms")
    os.task("rx", 1, [receive(q), compute("10us")], period="1ms", offset="500us")
    os.run("10ms")
    assert os.tasks["rx"].stats.jobs == 10
    assert not os.violations


def test_unlock_by_non_owner_is_reported():
    os = Rtos()
    m = os.mutex("m")
    os.task("t", 1, [unlock(m)])
    os.run("1ms")
    assert [v[2] for v in os.violations] == ["rtos-unlock"]
