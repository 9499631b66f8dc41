"""GPIO function select: exactly one function (SIO, PWM, PIO, UART ...) drives a pad.

RP2350 datasheet "GPIO" chapter (IO_BANK0 GPIOx_CTRL.FUNCSEL); MicroPython switches it where
ports/rp2 calls gpio_set_function: machine_pin.c (via mphalport.h mp_hal_pin_input/output),
machine_pwm.c, rp2_pio.c (pio_gpio_init), machine_uart.c. SIO's registers live on under any
function, and Pin.value() reads the pad (gpio_get) whatever drives it.
"""

from __future__ import annotations

from types import SimpleNamespace

from irqsim.hw.gpio import FUNC_NULL, FUNC_PIO0, FUNC_PWM, FUNC_SIO, Gpio
from irqsim.trace.log import Kind


def lines(result) -> list[str]:
    return [text for _, text in result.stdout]


def pin_records(result, gpio: int) -> list[tuple[int, int, str]]:
    """(t_ns, level, driver) of every level change of ``gpio``."""
    return [(r[0], r[3], r[4]) for r in result.log.records() if r[1] == Kind.PIN and r[2] == gpio]


def bank(count: int = 4) -> tuple[Gpio, list]:
    log: list = []
    nvic = SimpleNamespace(vectors={Gpio.VECTOR: 0}, pending=[], on_pend=lambda: None)
    return Gpio(count, lambda: 0, log, nvic), log


# -- the hardware layer on its own --------------------------------------------------------------
def test_pad_follows_only_the_selected_function():
    gpio, log = bank()
    gpio.select_sio(1, True)
    gpio.set_output(1, 1)
    assert gpio.pins[1].level == 1 and log[-1][4] == "fw"
    gpio.set_function(1, FUNC_PWM, "pwm", True, 0)          # the PIN record names the new driver
    assert gpio.pins[1].level == 0 and log[-1][2:] == (1, 0, "pwm")
    gpio.set_output(1, 0)
    gpio.set_output(1, 1)                                   # SIO's latch only: no pad change
    gpio.func_output(1, FUNC_PIO0, True, 1, "PIO0")         # not the owner: ignored
    assert gpio.pins[1].level == 0 and len(log) == 2
    gpio.func_output(1, FUNC_PWM, True, 1, "pwm")
    assert gpio.pins[1].level == 1
    gpio.func_output(1, FUNC_PWM, True, 0, "pwm")
    gpio.set_function(1, FUNC_SIO, "fw")                    # SIO again: its latch (1) shows
    assert gpio.pins[1].level == 1 and log[-1][2:] == (1, 1, "fw")
    assert gpio.pins[1].func == FUNC_SIO and gpio.pins[1].is_output


def test_reset_function_is_null_and_an_undriven_pad_keeps_ext_or_pull():
    gpio, _ = bank()
    p = gpio.pins[2]
    assert p.func == FUNC_NULL and not p.is_output
    gpio.set_output(2, 1)                                   # gpio_put before any function
    assert p.level == 0 and p.sio_out == 1
    gpio.drive(2, 1, "part")
    gpio.set_function(2, FUNC_PWM, "pwm", False, 0)         # a function with OE off: the part shows
    assert p.level == 1
    gpio.select_sio(2, True)
    gpio.update(2, "fw")
    assert p.level == 1                                     # SIO's latch (1) from before


# -- through the MicroPython shim ---------------------------------------------------------------
def test_pin_value_on_a_pwm_pin_sets_only_sio_then_pin_out_restores_it(run_fw):
    r = run_fw("""
        import time
        from machine import Pin, PWM
        pin = Pin(15, Pin.OUT, value=0)
        pwm = PWM(pin, freq=1000, duty_u16=65535)      # 100 %: the pad is high
        time.sleep_ms(3)
        pin.value(0)                                   # SIO's register only
        pin.toggle()                                   # SIO 0 -> 1
        pin.off()                                      # SIO 1 -> 0
        print(pin.value(), repr(pin))
        Pin(15, Pin.OUT)                               # SIO again: its latch (0) shows
        print(pin.value(), repr(pin))
    """, duration_ns=10_000_000)
    assert lines(r) == ["1 Pin(GPIO15, mode=ALT, alt=PWM)", "0 Pin(GPIO15, mode=OUT)"]
    recs = pin_records(r, 15)
    assert [(lv, d) for _, lv, d in recs] == [(1, "pwm"), (0, "fw")]


def test_pwm_then_pin_out_then_pwm_again(run_fw):
    r = run_fw("""
        import time
        from machine import Pin, PWM
        pin = Pin(2, Pin.OUT, value=1)
        pwm = PWM(pin, freq=10_000, duty_u16=32768)
        time.sleep_ms(1)
        Pin(2, Pin.OUT)                      # SIO takes the pad: level 1 (its latch)
        time.sleep_ms(1)
        PWM(pin)                             # gpio_set_function(PWM) again
        time.sleep_ms(1)
    """, duration_ns=4_000_000)
    recs = pin_records(r, 2)
    fw = [t for t, _, d in recs if d == "fw"]
    pwm_before = [t for t, _, d in recs if d == "pwm" and t < 1_100_000]
    pwm_after = [t for t, _, d in recs if d == "pwm" and t > 2_000_000]
    assert len(pwm_before) >= 15 and len(pwm_after) >= 15      # 10 kHz, 50 %: 2 edges per 100 us
    assert not [t for t, _, d in recs if d == "pwm" and fw[-1] < t < 2_000_000]
    # while SIO owned the pad it stayed at SIO's latched 1
    levels_while_sio = [lv for t, lv, _ in recs if fw[-1] <= t < 2_000_000]
    assert set(levels_while_sio) <= {1}


def test_pin_out_takes_a_pio_pin_back(run_fw):
    r = run_fw("""
        import time, rp2
        from machine import Pin

        @rp2.asm_pio(set_init=rp2.PIO.OUT_LOW)
        def square():
            set(pins, 1)
            set(pins, 0)

        sm = rp2.StateMachine(0, square, freq=20_000, set_base=Pin(6))
        sm.active(1)
        time.sleep_ms(2)
        print(repr(Pin(6)))
        p = Pin(6, Pin.OUT, value=1)
        print("taken")
        time.sleep_ms(2)
        print(p.value(), repr(p))
    """, duration_ns=6_000_000)
    assert lines(r) == ["Pin(GPIO6, mode=ALT, alt=PIO0)", "taken", "1 Pin(GPIO6, mode=OUT)"]
    recs = pin_records(r, 6)
    handover = next(t for t, text in r.stdout if text == "taken")
    assert len([t for t, _, d in recs if d == "PIO0" and t < handover]) >= 20
    assert not [t for t, _, d in recs if d == "PIO0" and t > handover]    # the SM still runs


def test_uart_tx_pin_then_pin_out(run_fw):
    r = run_fw("""
        import time
        from machine import Pin, UART
        u = UART(0, 115200)                  # GP0 TX (idle high), GP1 RX
        print(Pin(0).value(), repr(Pin(0)), repr(Pin(1)))
        u.write(b"U")
        time.sleep_ms(2)
        Pin(0, Pin.OUT, value=0)
        u.write(b"U")                        # the UART still sends, the pad no longer follows
        time.sleep_ms(2)
        print(Pin(0).value())
    """, duration_ns=6_000_000)
    assert lines(r) == ["1 Pin(GPIO0, mode=ALT, alt=UART) Pin(GPIO1, mode=ALT, alt=UART)", "0"]
    recs = pin_records(r, 0)
    handover = next(t for t, _, d in recs if d == "fw")
    assert [d for t, _, d in recs if t < handover and d != "fw"] and \
        all(d == "uart0" for t, _, d in recs if t < handover)
    assert not [t for t, _, d in recs if d == "uart0" and t > handover]


def test_inputs_are_readable_under_any_function(run_fw):
    r = run_fw("""
        import time, rp2
        from machine import Pin, PWM, UART

        @rp2.asm_pio(set_init=rp2.PIO.OUT_HIGH)
        def hold():
            wrap_target()
            nop()

        pwm = PWM(Pin(14), freq=1000, duty_u16=65535)
        sm = rp2.StateMachine(0, hold, freq=10_000, set_base=Pin(8))
        sm.active(1)
        UART(0, 9600)
        time.sleep_ms(3)
        # GP1: UART RX, driven by the part; GP8: PIO; GP14: PWM; GP20: SIO input, part-driven
        print(Pin(14).value(), Pin(8).value(), Pin(1).value(), Pin(20).value())
        time.sleep_ms(4)
        print(Pin(1).value(), Pin(20).value())
    """, duration_ns=10_000_000,
        parts=[("w1", "waveform", {"points": [["0ms", 1], ["5ms", 0]]}),
               ("w2", "waveform", {"points": [["0ms", 1], ["5ms", 0]]})],
        wires={"w1": {"out": 1}, "w2": {"out": 20}})
    assert lines(r) == ["1 1 1 1", "0 0"]


def test_contention_the_chip_wins_and_the_part_shows_once_released(run_fw):
    """An external part driving a pad the chip also drives: irqsim has no contention model
    (no X level, no current); the chip's output shows and the part's level is remembered,
    showing again when the chip stops driving (Pin.IN, or a function with output disabled)."""
    r = run_fw("""
        import time
        from machine import Pin
        p = Pin(5, Pin.OUT, value=0)
        time.sleep_ms(2)
        print(p.value())
        p.init(Pin.IN)
        print(p.value())
        p.init(Pin.OUT)
        print(p.value())
    """, duration_ns=4_000_000,
        parts=[("drv", "waveform", {"points": [["0ms", 1]]})], wires={"drv": {"out": 5}})
    assert lines(r) == ["0", "1", "0"]


def test_i2c_and_spi_select_their_function(run_fw):
    r = run_fw("""
        from machine import Pin, I2C, SPI
        sda = Pin(4, Pin.OUT, value=0)
        sck = Pin(18, Pin.OUT, value=1)
        I2C(0, scl=Pin(5), sda=sda)          # pull-ups on, pads released: the bus idles high
        spi = SPI(0, sck=sck, mosi=Pin(19), miso=Pin(16))   # SCK idles at CPOL = 0
        sck.value(1)                         # SIO's latch only
        print(sda.value(), repr(sda))
        print(sck.value(), repr(sck))
        spi.init(polarity=1)
        print(sck.value())
        Pin(18, Pin.OUT)                     # SIO's latch (1) again
        spi.init(polarity=0)                 # no longer reaches the pad
        print(sck.value())
    """, duration_ns=2_000_000)
    assert lines(r) == ["1 Pin(GPIO4, mode=ALT, pull=PULL_UP, alt=I2C)",
                        "0 Pin(GPIO18, mode=ALT, alt=SPI)", "1", "1"]


def test_rp2350_jmp_pin_gets_pio_only_while_unconfigured(run_fw):
    src = """
        import rp2
        from machine import Pin

        @rp2.asm_pio()
        def idle():
            jmp(pin, "idle")
            label("idle")

        Pin(3, Pin.IN)
        rp2.StateMachine(0, idle, jmp_pin=Pin(2))
        rp2.StateMachine(1, idle, jmp_pin=Pin(3))
        print(repr(Pin(2)), repr(Pin(3)))
    """
    assert lines(run_fw(src, duration_ns=1_000_000)) == [
        "Pin(GPIO2, mode=ALT, alt=PIO0) Pin(GPIO3, mode=IN)"]
    assert lines(run_fw(src, duration_ns=1_000_000, board="pico")) == [   # RP2040: no pio_gpio_init
        "Pin(GPIO2, mode=ALT, alt=31) Pin(GPIO3, mode=IN)"]
