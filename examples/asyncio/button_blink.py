# asyncio on irqsim: a bouncing button debounced by a task, woken by a ThreadSafeFlag that a
# hard Pin IRQ sets; a second task blinks the LED. Runs unchanged on a Pico 2.
import asyncio
import time

from machine import Pin

led = Pin("LED", Pin.OUT)
button = Pin(16, Pin.IN, Pin.PULL_UP)
flag = asyncio.ThreadSafeFlag()


def on_edge(pin):
    # hard handler: no allocation, just raise the flag (set() only stores an int)
    flag.set()


button.irq(trigger=Pin.IRQ_FALLING | Pin.IRQ_RISING, handler=on_edge, hard=True)

STABLE_MS = 20


async def debounce():
    pressed = False
    presses = 0
    while True:
        await flag.wait()
        # wait until the contacts have been quiet for STABLE_MS, then read the level
        while True:
            try:
                await asyncio.wait_for_ms(flag.wait(), STABLE_MS)
            except asyncio.TimeoutError:
                break
        now = button.value() == 0
        if now != pressed:
            pressed = now
            if pressed:
                presses += 1
                print("press", presses, time.ticks_ms())
            else:
                print("release", time.ticks_ms())


async def blink(period_ms):
    while True:
        led.toggle()
        await asyncio.sleep_ms(period_ms // 2)


async def main():
    asyncio.create_task(blink(200))
    await debounce()


asyncio.run(main())
