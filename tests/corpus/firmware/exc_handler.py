# sys.print_exception inside a scheduled handler; struct packing; f-strings.
import sys
import struct
from machine import Timer
import time

n = 0


def cb(t):
    global n
    n += 1
    try:
        if n == 2:
            raise ValueError("bad sample %d" % n)
        pkt = struct.pack("<HhI", n, -n, time.ticks_ms())
        print(f"pkt {len(pkt)} {struct.unpack('<HhI', pkt)[:2]}")
    except Exception as e:
        sys.print_exception(e)


t = Timer(period=100, mode=Timer.PERIODIC, callback=cb)
time.sleep_ms(350)
t.deinit()
print("done", n)
