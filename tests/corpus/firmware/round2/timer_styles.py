# Timer styles: many hard lambdas with default-argument capture, a one-shot that re-arms itself,
# a periodic timer that deinit()s itself from its callback, freq=, and keywords from other ports.
from machine import Timer
import time

hits = [0] * 4


def bump(i):
    hits[i] += 1


# (list.__setitem__ would be AttributeError on the chip: py/objlist.c has no such method)
tims = [Timer(period=10 + i, mode=Timer.PERIODIC, hard=True, callback=lambda t, i=i: bump(i))
        for i in range(4)]
shots = []


def one(t):
    shots.append(time.ticks_ms())
    if len(shots) < 3:
        t.init(mode=Timer.ONE_SHOT, period=20, callback=one)


Timer(mode=Timer.ONE_SHOT, period=20, callback=one)
k = 0


def selfstop(t):
    global k
    k += 1
    if k == 4:
        t.deinit()


st = Timer(-1, period=7, callback=selfstop)
fast = Timer(freq=2000, callback=lambda t: None, hard=True)
time.sleep_ms(100)
for t in tims + [fast]:
    t.deinit()
print("hits", hits)
print("shots", shots)
print("k", k, st)
for bad in (lambda: Timer(0, period=5), lambda: Timer(-1, 1, period=5),
            lambda: Timer(period=5, callback=print, priority=1), lambda: st.init(1000)):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
