# A 100 kHz quadrature encoder counted by PIO: every edge of both channels (x4 decoding),
# with no CPU interrupt per edge. Two state machines run the same program, one per channel:
# each waits for its channel to fall, then to rise, and reads the other channel (jmp_pin) to
# tell the direction. Counts live in X (one direction) and Y (the other) as decrements, so
# every update is a single instruction; the main loop reads them with exec() + get().
# ruff: noqa: F821 - @asm_pio injects the instruction names while the function runs
import time

import rp2
from machine import Pin


@rp2.asm_pio()
def edge_counter():
    wrap_target()
    label("top")
    wait(0, pin, 0)            # this channel falls
    jmp(pin, "fall_other_high")
    jmp(y_dec, "rise")         # other channel low at the fall: Y counts it
    label("rise")
    wait(1, pin, 0)            # this channel rises
    jmp(pin, "rise_other_high")
    jmp(x_dec, "top")          # other channel low at the rise: X counts it
    jmp("top")
    label("rise_other_high")
    jmp(y_dec, "top")
    wrap()
    label("fall_other_high")
    jmp(x_dec, "rise")
    jmp("rise")


A, B = Pin(2, Pin.IN), Pin(3, Pin.IN)
sm_a = rp2.StateMachine(0, edge_counter, in_base=A, jmp_pin=B)
sm_b = rp2.StateMachine(1, edge_counter, in_base=B, jmp_pin=A)


# exec() of a string compiles it on every call: encode the three instructions once.
MOV_ISR_X = rp2.asm_pio_encode("mov(isr, x)", 0)
MOV_ISR_Y = rp2.asm_pio_encode("mov(isr, y)", 0)
PUSH = rp2.asm_pio_encode("push()", 0)


def registers(sm):
    sm.exec(MOV_ISR_X)
    sm.exec(PUSH)
    x = sm.get()
    sm.exec(MOV_ISR_Y)
    sm.exec(PUSH)
    return x, sm.get()


def count():
    # KY-040 order clockwise (encoder part, cw_leads="clk"): CLK falls while DT is high, DT
    # falls while CLK is low, CLK rises while DT is low, DT rises while CLK is high.
    xa, ya = registers(sm_a)   # A: X = falls with B high + rises with B low... as decrements
    xb, yb = registers(sm_b)
    n = (xb - xa) + (ya - yb)  # each register counts down from 0: -x events
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n >= 1 << 31 else n


sm_a.active(1)
sm_b.active(1)
last = None
while True:
    time.sleep_ms(5)
    n = count()
    if n != last:
        print("count", n)
        last = n
