# Ring buffer with array + const + @micropython.native, filled from a hard timer IRQ.
import array
import micropython
from micropython import const
from machine import Timer
import time
import gc

_SIZE = const(16)
_MASK = const(_SIZE - 1)
buf = array.array("H", (0 for _ in range(_SIZE)))
head = 0
tail = 0
count = 0


@micropython.native
def put(v):
    global head
    buf[head] = v
    head = (head + 1) & _MASK


def isr(t):
    global count
    count += 1
    put(count & 0xFFFF)


@micropython.viper
def fast_sum(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


gc.collect()
gc.threshold(gc.mem_free() // 4 + gc.mem_alloc())
print("threshold", gc.threshold() > 0)
tim = Timer(-1)
tim.init(freq=1000, mode=Timer.PERIODIC, callback=isr, hard=True)
t0 = time.ticks_cpu()
total = 0
for _ in range(5):
    time.sleep_ms(10)
    while tail != head:
        total += buf[tail]
        tail = (tail + 1) & _MASK
print("sum", fast_sum(10), "got", total > 0, "cpu ticks", time.ticks_diff(time.ticks_cpu(), t0) > 0)
micropython.mem_info()
print("free", gc.mem_free() > 0)
tim.deinit()
