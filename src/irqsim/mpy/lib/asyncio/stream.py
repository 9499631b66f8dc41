# irqsim's asyncio: Stream (StreamReader / StreamWriter) over a machine.UART.

from asyncio import core


class Stream:
    def __init__(self, s, e=None):
        self.s = s
        self.e = {} if e is None else e
        self.out_buf = b""

    def get_extra_info(self, v):
        return self.e[v]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.wait_closed()

    def close(self):
        pass

    async def wait_closed(self):
        pass

    async def read(self, n=-1):
        # n < 0: whatever has arrived once something has (a UART has no end of file).
        while True:
            await core._io_wait(self.s, False)
            data = self.s.read(n) if n >= 0 else self.s.read()
            if data is not None:
                return data

    async def readinto(self, buf):
        while True:
            await core._io_wait(self.s, False)
            n = self.s.readinto(buf)
            if n is not None:
                return n

    async def readexactly(self, n):
        r = b""
        while n:
            await core._io_wait(self.s, False)
            part = self.s.read(n)
            if part is not None:
                r += part
                n -= len(part)
        return r

    async def readline(self):
        line = b""
        while True:
            await core._io_wait(self.s, False)
            part = self.s.readline()
            if part is not None:
                line += part
                if line[-1] == 10:
                    return line

    def write(self, buf):
        self.out_buf += buf

    async def drain(self):
        if not self.out_buf:
            await core.sleep_ms(0)
            return
        while self.out_buf:
            await core._io_wait(self.s, True)
            n = self.s.write(self.out_buf)
            if n is not None:
                self.out_buf = self.out_buf[n:]


StreamReader = Stream
StreamWriter = Stream
