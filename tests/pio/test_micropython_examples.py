"""MicroPython's own examples/rp2/pio_*.py run unchanged, with their results checked from
the simulation (the firmware is read from MicroPython's repository at test time)."""

import array

from .conftest import mp_example, pin_edges, pulses

MS = 1_000_000


def test_pio_1hz_blinks_at_1hz_and_prints_each_second_on_rp2040(scenario):
    r = scenario(mp_example("pio_1hz"), 'board = "pico"\nduration = "3500ms"\n')
    assert r.firmware_error is None
    edges = pin_edges(r, 25)
    rises = [t for t, level in edges if level]
    falls = [t for t, level in edges if not level]
    assert len(rises) == 4 and len(falls) == 3
    # 125 MHz / 2 kHz = divider 62500 exactly: 2000 cycles per period, 1000 high
    assert {b - a for a, b in zip(rises, rises[1:])} == {1_000_000_000}
    assert {f - r_ for r_, f in zip(rises, falls)} == {500_000_000}
    assert [line for _, line in r.stdout] == ["0", "1000", "2000", "3000"]


def test_pio_1hz_freq_out_of_range_on_rp2350(scenario):
    # 150 MHz / 2 kHz needs a divider of 75000 > 65536: rp2_pio.c raises, as on a Pico 2
    # (raspberrypi/pico-micropython-examples#83: "minimum value for freq= is 2289")
    r = scenario(mp_example("pio_1hz"), 'board = "pico2"\nduration = "10ms"\n')
    assert r.firmware_error is not None
    assert "ValueError: freq out of range" in r.stdout_text()


def test_pio_exec_drives_the_led_from_the_cpu(scenario):
    r = scenario(mp_example("pio_exec"), 'duration = "1s"\n')
    edges = pin_edges(r, 25)
    assert [level for _, level in edges] == [1, 0]
    assert edges[1][0] - edges[0][0] > 499 * MS      # sleep(0.5): (n-1, n] ms, as sleep_ms
    assert edges[1][0] - edges[0][0] < 501 * MS


def test_pio_pinchange_raises_the_irq_on_each_press(scenario):
    body = '''duration = "400ms"
wires = [["b16:pin", "GP16"], ["b17:pin", "GP17"]]
[[parts]]
id = "b16"
type = "button"
[[parts]]
id = "b17"
type = "button"
[[stimuli]]
at = "100ms"
part = "b16"
action = "click"
hold = "20ms"
[[stimuli]]
at = "200ms"
part = "b17"
action = "click"
hold = "20ms"
[[stimuli]]
at = "300ms"
part = "b16"
action = "click"
hold = "20ms"
'''
    r = scenario(mp_example("pio_pinchange"), body)
    assert r.firmware_error is None
    lines = [(t, line) for t, line in r.stdout]
    assert [line for _, line in lines] == ["100 StateMachine(0)", "200 StateMachine(1)", "300 StateMachine(0)"]
    for (t, _), press in zip(lines, (100, 200, 300)):
        assert press * MS < t < press * MS + 200_000     # scheduled handler within 200 us
    enters = [rec for rec in r.log.records() if rec[1] == "enter"]
    assert [rec[6] for rec in enters] == ["SM0", "SM1", "SM0"]


def test_pio_pwm_duty_follows_the_values_put(scenario):
    r = scenario(mp_example("pio_pwm"), 'duration = "300ms"\n')
    highs = pulses(pin_edges(r, 25))
    assert len(highs) > 30
    # 20 MHz SM: a value v keeps the pin high for v + 1 loop iterations of 2 cycles (50 ns)
    widths = {w for _, w in highs}
    allowed = {(i * i + 1) * 100 for i in range(256)}
    assert widths <= allowed
    assert len(widths) > 10
    falls = [rise + width for rise, width in highs]   # pull(noblock).side(0) starts each period
    # one period: pull + 2 movs + 65536 iterations of 2 cycles + the side-set nop = 131076 cycles
    assert {b - a for a, b in zip(falls, falls[1:])} == {131076 * 50}


def test_pio_uart_tx_eight_uarts_decoded_by_peers(scenario):
    wires = ", ".join(f'["u{i}:rx", "GP{10 + i}"]' for i in range(8))
    parts = "".join(f'[[parts]]\nid = "u{i}"\ntype = "uart_peer"\nbaud = 115200\n' for i in range(8))
    r = scenario(mp_example("pio_uart_tx"), f'duration = "50ms"\nwires = [{wires}]\n' + parts)
    assert r.firmware_error is None
    for i in range(8):
        assert r.parts[f"u{i}"]["received_text"] == f"Hello from UART {i}!\n"


def _ws2812_frames():
    """The colours pio_ws2812.py puts, computed here the way the example computes them."""
    n = 8
    ar = array.array("I", [0] * n)
    frames = []
    for i in range(4 * n):
        for j in range(n):
            r = j * 100 // (n - 1)
            b = 100 - j * 100 // (n - 1)
            if j != i % n:
                r >>= 3
                b >>= 3
            ar[j] = r << 16 | b
        frames.append(list(ar))
    for _ in range(24):
        for j in range(n):
            ar[j] = ar[j] >> 1 & 0x7F7F7F
        frames.append(list(ar))
    return frames


def test_pio_ws2812_bit_timing_and_colours(scenario):
    r = scenario(mp_example("pio_ws2812"), 'duration = "3s"\n')
    assert r.firmware_error is None
    highs = pulses(pin_edges(r, 22))
    # 8 MHz SM (divider 18.75 at 150 MHz): 0 = 2 cycles high (250 ns), 1 = 7 cycles (875 ns),
    # each within one system clock of the ideal; bits 10 cycles (1.25 us) apart
    frames, bits, last = [], [], None
    for rise, width in highs:
        assert abs(width - 250) <= 7 or abs(width - 875) <= 7, width
        if last is not None and rise - last > 50_000:    # WS2812 reset: > 50 us low
            frames.append(bits)
            bits = []
        elif last is not None:
            assert abs(rise - last - 1250) <= 7
        bits.append(1 if width > 500 else 0)
        last = rise
    frames.append(bits)
    decoded = [[int("".join(map(str, f[k:k + 24])), 2) for k in range(0, len(f), 24)] for f in frames]
    assert decoded == _ws2812_frames()


def test_pio_quadrature_encoder_counts_turns(scenario):
    body = '''board = "pico2"
duration = "2100ms"
wires = [["enc:clk", "GP2"], ["enc:dt", "GP3"]]
[[parts]]
id = "enc"
type = "encoder"
speed = "200Hz"
[[stimuli]]
at = "100ms"
part = "enc"
action = "turn"
detents = 25
[[stimuli]]
at = "500ms"
part = "enc"
action = "turn"
detents = -5
'''
    r = scenario(mp_example("pio_quadrature_encoder"), body)
    assert r.firmware_error is None
    # Every transition raises a PIO IRQ whose soft handler drains the FIFO through the table:
    # 20 net detents = 80 transitions, counted negative by the example's table for this turning
    # direction. The example's exec("set(y, 99)") overflows SET's 5-bit field into a reserved
    # destination, so Y stays 0 and the first sample (pins 11) counts as a +2 jump: -78.
    assert [line for _, line in r.stdout] == ["-78"]
