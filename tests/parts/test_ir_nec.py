"""NEC IR part against the protocol's numbers (562.5 us unit, 9 ms + 4.5 ms leader, 108 ms repeat)."""

from irqsim.hw.parts.ir_nec import nec_bits


def marks_spaces(run, gpio=17):
    hist = [(t, lv) for t, lv in run.pin_history(gpio) if t > 0]
    return [(b[0] - a[0], "mark" if a[1] == 0 else "space") for a, b in zip(hist, hist[1:], strict=False)], hist


def press(bench, seed=0, **attrs):
    b = bench(seed=seed)
    ir = b.part("ir_nec", "ir", out="GP17", **attrs)
    ir.press(at="10ms", address=0x04, command=0x08, repeats=2)
    return b.run("400ms")


def test_frame_timing_matches_the_protocol(bench):
    run = press(bench)
    segs, hist = marks_spaces(run)
    assert hist[0] == (10_000_000, 0)                     # a mark pulls the TSOP output low
    assert segs[0] == (9_000_000, "mark") and segs[1] == (4_500_000, "space")
    bits = nec_bits(0x04, 0x08)
    for i, bit in enumerate(bits):
        assert segs[2 + 2 * i] == (562_500, "mark")
        assert segs[3 + 2 * i] == (1_687_500 if bit else 562_500, "space")
    assert segs[66] == (562_500, "mark")
    # leader to the end of the last bit: 67.5 ms for every standard frame (16 ones, 16 zeros)
    assert hist[66][0] - hist[0][0] == 67_500_000


def test_repeat_codes_every_108ms(bench):
    run = press(bench)
    segs, hist = marks_spaces(run)
    starts = [hist[0][0], hist[68][0], hist[72][0]]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [108_000_000, 108_000_000]
    assert segs[68:71] == [(9_000_000, "mark"), (2_250_000, "space"), (562_500, "mark")]


def test_bits_are_lsb_first_with_inverses():
    assert nec_bits(0x04, 0x08)[:8] == [0, 0, 1, 0, 0, 0, 0, 0]
    assert nec_bits(0x04, 0x08)[8:16] == [1, 1, 0, 1, 1, 1, 1, 1]
    assert nec_bits(0x1234, 0x01)[8:16] == [0, 1, 0, 0, 1, 0, 0, 0]   # extended: high address byte


def test_jitter_is_seeded_and_bounded(bench):
    a = marks_spaces(press(bench, seed=1, jitter="50us"))[1]
    b = marks_spaces(press(bench, seed=1, jitter="50us"))[1]
    c = marks_spaces(press(bench, seed=2, jitter="50us"))[1]
    ideal = marks_spaces(press(bench))[1]
    assert a == b and a != c
    assert all(abs(x[0] - y[0]) <= 50_000 for x, y in zip(a, ideal, strict=False))


def test_mark_extra_stretches_marks_keeping_bit_period(bench):
    segs, _ = marks_spaces(press(bench, mark_extra="100us"))
    assert segs[2] == (662_500, "mark") and segs[3][0] in (462_500, 1_587_500)
