# asyncio in the extmod style: StreamReader(uart).readline loop under wait_for_ms, a blink task
# cancelled with CancelledError handling, gather with return_exceptions, awaiting a cancelled
# task. Checked against extmod/asyncio on the unix build (same lines, same order).
import asyncio, time
from machine import UART, Pin
uart = UART(0, 115200, tx=Pin(0), rx=Pin(1))
async def lines():
    sr = asyncio.StreamReader(uart)
    while True:
        l = await sr.readline()
        if not l:
            continue
        print("L", l.decode().strip())
        if l.strip() == b"quit":
            return "q"
async def blink():
    led = Pin("LED", Pin.OUT)
    n = 0
    try:
        while True:
            led.toggle(); n += 1
            await asyncio.sleep_ms(50)
    except asyncio.CancelledError:
        print("blink stop", n)
async def main():
    b = asyncio.create_task(blink())
    try:
        r = await asyncio.wait_for_ms(lines(), 1000)
        print("r", r)
    except asyncio.TimeoutError:
        print("to")
    b.cancel()
    await asyncio.sleep(0)
    async def nap(ms):
        await asyncio.sleep_ms(ms)
        return ms
    res = await asyncio.gather(nap(5), nap(1), return_exceptions=True)
    print("gather", res)
    async def boom():
        raise ValueError("boom")
    res = await asyncio.gather(boom(), nap(1), return_exceptions=True)
    print("gather2", [type(x).__name__ for x in res])
    try:
        await asyncio.gather(boom())
    except ValueError as e:
        print("raised", e)
    t = asyncio.create_task(nap(10000))
    await asyncio.sleep_ms(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("awaited cancelled")
    print("current", asyncio.current_task() is not None)
asyncio.run(main())
print("after run", time.ticks_ms() > 0)
