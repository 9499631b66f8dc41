# peterhinch-style asyncio primitives written from scratch: Pushbutton-like switch poller,
# Delay_ms-like retriggerable timer, ThreadSafeFlag set from a hard IRQ, and Event.
import asyncio
from asyncio import Event, ThreadSafeFlag
from machine import Pin
import time


class Delay:
    def __init__(self, func, duration=1000):
        self._func = func
        self._duration = duration
        self._tstop = None
        self._trig = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    def trigger(self, duration=0):
        self._tstop = time.ticks_add(time.ticks_ms(), duration or self._duration)
        self._trig.set()

    def running(self):
        return self._tstop is not None

    async def _run(self):
        while True:
            await self._trig.wait()
            self._trig.clear()
            while True:
                dt = time.ticks_diff(self._tstop, time.ticks_ms())
                if dt <= 0:
                    break
                await asyncio.sleep_ms(dt)
            self._tstop = None
            self._func()


class Switch:
    debounce_ms = 50

    def __init__(self, pin):
        self.pin = pin
        self.state = pin.value()
        self.close_evt = Event()
        asyncio.create_task(self._poll())

    async def _poll(self):
        while True:
            s = self.pin.value()
            if s != self.state:
                self.state = s
                if s == 0:
                    self.close_evt.set()
            await asyncio.sleep_ms(self.debounce_ms)


tsf = ThreadSafeFlag()
edges = 0


def isr(_):
    global edges
    edges += 1
    tsf.set()


async def irq_waiter():
    while True:
        await tsf.wait()
        print("tsf", edges)


async def main():
    sw = Switch(Pin(16, Pin.IN, Pin.PULL_UP))
    d = Delay(lambda: print("delay expired"), 200)
    Pin(17, Pin.IN, Pin.PULL_UP).irq(isr, Pin.IRQ_FALLING, hard=True)
    asyncio.create_task(irq_waiter())
    while True:
        await sw.close_evt.wait()
        sw.close_evt.clear()
        print("closed; retrigger")
        d.trigger()


try:
    asyncio.run(main())
finally:
    asyncio.new_event_loop()
