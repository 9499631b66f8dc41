# Counts detents with the Quadrature driver (GP14 = CLK, GP15 = DT); prints the count each
# time the knob has been still for 100 ms.
import time
from quadrature import Quadrature

moves = 0


def on_move(position, step):
    global moves
    moves += 1


enc = Quadrature(14, 15, callback=on_move)
last = enc.value()
still_ms = 0
while True:
    time.sleep_ms(10)
    if enc.value() != last:
        last = enc.value()
        still_ms = 0
    else:
        still_ms += 10
        if still_ms == 100:
            print("count", enc.value(), "moves", moves)
