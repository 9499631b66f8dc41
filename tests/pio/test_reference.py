"""The event-driven shortcuts (run-ahead with rollback, steady states, countdown skipping)
change nothing: every run equals the reference mode, in which each instruction is its own
kernel event at its cycle, record for record."""

import pytest

from irqsim.hw.pio import StateMachineCore

from .conftest import EXAMPLES, mp_example

LOOPBACK = '''
from machine import Pin
import array
import rp2


@rp2.asm_pio(out_init=rp2.PIO.OUT_LOW, sideset_init=rp2.PIO.OUT_LOW, autopull=True, pull_thresh=8,
             out_shiftdir=rp2.PIO.SHIFT_RIGHT)
def ser():
    out(pins, 1).side(0)[1]
    nop().side(1)[1]


@rp2.asm_pio(autopush=True, push_thresh=8, in_shiftdir=rp2.PIO.SHIFT_RIGHT)
def des():
    wait(0, gpio, 5)
    wait(1, gpio, 5)
    in_(pins, 1)


@rp2.asm_pio()
def ping():
    pull()
    mov(x, osr)
    label("again")
    irq(block, 4)
    jmp(x_dec, "again")
    irq(rel(0))


@rp2.asm_pio(set_init=rp2.PIO.OUT_LOW, sideset_init=rp2.PIO.OUT_LOW)
def pong():
    wait(1, irq, 4).side(1)
    set(pins, 1)[3]
    set(pins, 0).side(0)[3]
    mov(isr, status)
    jmp(not_osre, "done")
    label("done")
    set(pindirs, 1)


sm0 = rp2.StateMachine(0, ser, freq=1_000_000, out_base=Pin(4), sideset_base=Pin(5))
sm1 = rp2.StateMachine(1, des, in_base=Pin(4))
sm2 = rp2.StateMachine(2, ping, freq=10_000_000)
sm3 = rp2.StateMachine(3, pong, freq=3_000_000, set_base=Pin(6), sideset_base=Pin(7))
done = []
sm2.irq(lambda sm: done.append(1))
for sm in (sm1, sm0, sm2, sm3):
    sm.active(1)
sm0.put(b"\\xa5\\x3c\\xff\\x00\\x81")
buf = array.array("I", [0] * 5)
sm1.get(buf, 24)
print("bytes", " ".join("%02x" % v for v in buf))
sm2.put(6)
while not done:
    pass
print("pongs done", sm0.tx_fifo(), sm1.rx_fifo())
'''


def _runs(scenario, source, body, monkeypatch):
    out = []
    for shortcuts in (True, False):
        monkeypatch.setattr(StateMachineCore, "shortcuts", shortcuts)
        r = scenario(source, body)
        recs = [rec for rec in r.log.records() if rec[1] in ("pin", "enter", "exit", "print", "edge", "lost")]
        out.append((r.stdout_text(), recs, r.end_reason))
    return out


def test_loopback_serializer_irq_handshake(scenario, monkeypatch):
    fast, ref = _runs(scenario, LOOPBACK, 'duration = "2ms"\n', monkeypatch)
    assert fast == ref
    assert fast[0].splitlines() == ["bytes a5 3c ff 00 81", "pongs done 0 0"]
    pong_pulses = [rec for rec in fast[1] if rec[1] == "pin" and rec[2] == 6 and rec[3] == 1]
    assert len(pong_pulses) == 7          # x = 6 counts down to 0: seven IRQ handshakes


CASES = {
    "pio_pwm": ('duration = "20ms"\n', None),
    "pio_ws2812": ('duration = "4ms"\n', None),
    "pio_uart_tx": ('duration = "2ms"\n', None),
    "pio_1hz": ('board = "pico"\nduration = "2100ms"\n', None),
    "pio_quadrature_encoder": ('duration = "60ms"\nwires = [["enc:clk", "GP2"], ["enc:dt", "GP3"]]\n'
                               '[[parts]]\nid = "enc"\ntype = "encoder"\nspeed = "2kHz"\n'
                               '[[stimuli]]\nat = "5ms"\npart = "enc"\naction = "turn"\ndetents = 20\n'
                               '[[stimuli]]\nat = "30ms"\npart = "enc"\naction = "turn"\ndetents = -7\n', None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_micropython_example_same_as_reference(scenario, monkeypatch, name):
    body, _ = CASES[name]
    fast, ref = _runs(scenario, mp_example(name), body, monkeypatch)
    assert fast == ref
    assert any(rec[1] == "pin" for rec in fast[1])


def test_encoder_example_same_as_reference(scenario, monkeypatch):
    body = (EXAMPLES / "encoder_pio.toml").read_text().split("\n", 1)[1]
    body = body.replace('firmware = "encoder_pio.py"\n', "").replace("schema = 1\n", "")
    body = body.replace('duration = "40ms"', 'duration = "8ms"').replace('detents = 2000', 'detents = 300')
    fast, ref = _runs(scenario, (EXAMPLES / "encoder_pio.py").read_text(), body, monkeypatch)
    assert fast == ref
    assert "count 1200" in fast[0]
