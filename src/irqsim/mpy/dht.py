"""``machine.dht_readinto(pin, buf)``: the DHT11/DHT22 single-wire read as rp2 runs it in C.

drivers/dht/dht.c (on rp2 in ``machine`` since v1.20: MICROPY_PY_MACHINE_DHT_READINTO in
ports/rp2/mpconfigport.h; micropython-lib ``dht`` imports it from there):

1. open-drain, released; ``delay_ms(250)``; drive low; ``delay_ms(18)`` (both are
   mp_hal_delay_ms: WFE waits in which interrupts and scheduled callbacks run);
2. interrupts off (mp_hal_quiet_timing_enter); release; 10 us busy wait; wait for the
   sensor to pull low (100 us timeout); time its high answer (``machine_time_pulse_us(pin,
   1, 150)``); time 40 high pulses (timeout 100 us each), a bit is 1 when longer than 48 us;
3. interrupts back on. Any timeout: OSError(ETIMEDOUT) ("[Errno 110] ETIMEDOUT").

Pulse widths are measured as the C loop does, in whole ``ticks_us`` (time_us_32). The
masked window (about 4-5 ms) is logged as such, so IRQ702 budgets and latency see it and
pin edges elsewhere stay latched until it ends. The checksum is checked by the Python
driver (mpy/lib/dht.py), not here.
"""

from __future__ import annotations

import errno

from .machine_args import pin_number as _pin_number
from .vfs_file import OSError  # noqa: A004 - MicroPython's OSError (errno, printing)

CALL_CYCLES = 300   # estimate: argument parsing, buffer protocol


def od_drive(gpio, num: int, level: int) -> None:
    """mp_hal_pin_od_low / od_high on rp2: drive low (gpio_set_dir OUT with the output latch
    at 0), or release the pad (gpio_set_dir IN) so the pull-up wins."""
    gpio.pins[num].sio_out = 0
    gpio.select_sio(num, not level, open_drain=True)   # SIO registers; FUNCSEL = SIO
    gpio.update(num, "fw")


def make_dht_readinto(port):
    cpu = port.cpu
    gpio = port.system.gpio
    call_ns = port.call_ns.get("dht_call", port.system.board.cycles_to_ns(CALL_CYCLES))

    def pin_number(pin) -> int:
        return _pin_number(port, pin)

    def od(num: int, level: int) -> None:
        od_drive(gpio, num, level)

    def ticks_us() -> int:
        return cpu.now() // 1000

    def pulse_us(p, level: int, timeout_us: int) -> int:
        """extmod/machine_pulse.c machine_time_pulse_us: -2/-1 on timeout, else whole us."""
        start = ticks_us()
        if not cpu.wait_until((start + timeout_us) * 1000, run_callbacks=False, idle=False,
                              until=lambda: p.level == level):
            return -2
        start = ticks_us()
        if not cpu.wait_until((start + timeout_us) * 1000, run_callbacks=False, idle=False,
                              until=lambda: p.level != level):
            return -1
        return ticks_us() - start

    def dht_readinto(pin, buf):
        cpu.charge(call_ns)
        num = pin_number(pin)
        od(num, 1)                                   # mp_hal_pin_open_drain
        try:
            view = memoryview(buf)
        except TypeError:
            raise TypeError("object with buffer protocol required") from None
        if view.readonly:
            raise TypeError("object with buffer protocol required")
        if view.nbytes < 5:
            raise ValueError("buffer too small")
        cpu.sync()
        od(num, 1)
        cpu.wait_until(cpu.now() + 250_000_000, run_callbacks=True, idle=True)
        cpu.sync()
        od(num, 0)
        cpu.wait_until(cpu.now() + 18_000_000, run_callbacks=True, idle=True)
        p = gpio.pins[num]
        state = cpu.mask()
        try:
            cpu.sync()
            od(num, 1)
            cpu.advance_to(cpu.now() + 10_000)      # mp_hal_delay_us_fast(10)
            start = ticks_us()
            if not cpu.wait_until((start + 101) * 1000, run_callbacks=False, idle=False,
                                  until=lambda: p.level == 0):
                raise OSError(errno.ETIMEDOUT)
            if pulse_us(p, 1, 150) < 0:
                raise OSError(errno.ETIMEDOUT)
            for i in range(40):
                ticks = pulse_us(p, 1, 100)
                if ticks < 0:
                    raise OSError(errno.ETIMEDOUT)
                view[i // 8] = ((view[i // 8] << 1) | (ticks > 48)) & 0xFF   # in place, as the C
        finally:
            cpu.unmask(state)
        return None

    return dht_readinto
