"""machine.Pin on rp2: defaults, handler argument, latches, removal, error messages."""

from irqsim.trace.log import Kind
from tests.conftest import lines

SQUARE = [("src", "pulse", {"freq": "1ms", "start": "1ms", "count": 3})]
WIRE = {"src": {"out": 15}}


def test_default_trigger_is_both_edges_and_handler_gets_the_pin(run_fw):
    r = run_fw("""
        from machine import Pin
        import time
        p = Pin(15, Pin.IN)
        seen = []
        def h(pin):
            seen.append((pin is p, pin.irq().flags()))
        p.irq(h)
        time.sleep_ms(10)
        print(seen)
        print(Pin(15) is p, p)
    """, parts=SQUARE, wires=WIRE, duration_ns=20_000_000)
    assert lines(r) == ["[(True, 8), (True, 4), (True, 8), (True, 4), (True, 8), (True, 4)]",
                        "True Pin(GPIO15, mode=IN)"]


def test_irq_none_or_trigger_only_removes_the_handler(run_fw):
    r = run_fw("""
        from machine import Pin
        import time
        n = 0
        def h(pin):
            global n
            n += 1
        p = Pin(15, Pin.IN)
        p.irq(h, Pin.IRQ_RISING)
        time.sleep_ms(2)  # rising edges at 1.5 ms and 2.5 ms: one before removal
        p.irq(trigger=Pin.IRQ_RISING)
        time.sleep_ms(5)
        print(n, p.irq().trigger())
    """, parts=[("src", "pulse", {"freq": "1ms", "start": "1500us", "count": 3})], wires=WIRE,
        duration_ns=20_000_000)
    assert lines(r) == ["1 8"]


def test_rp2_rejects_priority_and_wake_keywords(run_fw):
    r = run_fw("""
        from machine import Pin
        try:
            Pin(15).irq(lambda p: None, priority=1)
        except TypeError as e:
            print(e)
        try:
            Pin(99)
        except ValueError as e:
            print(e)
        print(Pin.IRQ_RISING, Pin.IRQ_FALLING, hasattr(Pin, "IRQ_LOW_LEVEL"))
    """)
    assert lines(r) == ["extra keyword arguments given", "invalid pin", "8 4 False"]


def test_edges_merge_in_the_latch_while_masked_and_fire_once_on_release(run_fw):
    r = run_fw("""
        import machine, time
        from machine import Pin
        n = 0
        def h(pin):
            global n
            n += 1
        Pin(15, Pin.IN).irq(h, Pin.IRQ_RISING, hard=True)
        s = machine.disable_irq()
        s2 = machine.disable_irq()
        time.sleep_us(900)
        inside = n
        machine.enable_irq(s2)
        still = n
        machine.enable_irq(s)
        print(s, s2, inside, still, n)
    """, parts=[("src", "pulse", {"freq": "100us", "start": "10us"})], wires=WIRE, duration_ns=2_000_000)
    assert lines(r) == ["0 1 0 0 1"]
    st = r.stats()["sources"]["GP15"]
    assert st["lost"]["latch"] >= 7


def test_pull_up_decides_the_level_of_a_released_button(run_fw):
    r = run_fw("""
        from machine import Pin
        import time
        b = Pin(16, Pin.IN, Pin.PULL_UP)
        print(b.value())
        time.sleep_ms(20)
        print(b.value())
    """, parts=[("btn", "button", {})], wires={"btn": {"pin": 16}},
        stimuli=[(10_000_000, "btn", "press", {"hold": "50ms"})], duration_ns=30_000_000)
    assert lines(r) == ["1", "0"]


def test_output_pins_are_recorded(run_fw):
    r = run_fw("""
        from machine import Pin
        import time
        led = Pin("LED", Pin.OUT)
        led.on()
        time.sleep_ms(1)
        led.toggle()
    """, duration_ns=5_000_000)
    pins = [(rec[2], rec[3]) for rec in r.log.of_kind(Kind.PIN)]
    assert pins == [(25, 1), (25, 0)]
