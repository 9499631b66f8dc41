"""``machine.bitstream(pin, encoding, timing, buf)`` as the rp2 port runs it.

extmod/machine_bitstream.c + ports/rp2/machine_bitstream.c: encoding 0 (high/low) only
(else ValueError("encoding")); ``timing`` = (high_0, low_0, high_1, low_1) ns, converted to
CPU cycles as ``fcpu_mhz * ns // 1000`` minus MP_HAL_BITSTREAM_NS_OVERHEAD (5 cycles on
RP2350, 9 on RP2040) and turned into periods; each bit raises the pin, waits for its high
time on SysTick, lowers it and waits for the period, MSB first. Interrupts are disabled for
the whole stream (mp_hal_quiet_timing_enter), so the IRQ702 budget check sees it and edges
on other pins stay latched until it ends. The pin is driven edge by edge in virtual time,
so parts listening to the net (``ws2812``) decode the real waveform and the VCD shows it.
"""

from __future__ import annotations

from .machine_args import as_int

CALL_CYCLES = 400   # estimate: argument parsing, buffer protocol, tick conversion


def make_bitstream(port):
    cpu = port.cpu
    board = port.system.board
    gpio = port.system.gpio
    clock_hz = board.clock_hz
    overhead = 5 if "2350" in board.chip else 9
    call_ns = port.call_ns.get("bitstream_call", board.cycles_to_ns(CALL_CYCLES))

    def bitstream(pin, encoding, timing, buf):
        cpu.charge(call_ns)
        num = getattr(pin, "_num", None)
        if num is None:
            num = port.modules["machine"].Pin(pin)._num
        data = bytes(buf)
        if as_int(encoding) != 0:
            raise ValueError("encoding")
        if not isinstance(timing, (tuple, list)):
            raise TypeError("object '%s' isn't a tuple or list" % type(timing).__name__)
        if len(timing) != 4:
            raise ValueError("requested length 4 but object has length %d" % len(timing))
        fcpu_mhz = clock_hz // 1_000_000
        ticks = [fcpu_mhz * as_int(v) // 1000 for v in timing]
        for i in range(4):
            if ticks[i] > 2 * overhead:
                ticks[i] -= overhead
            if i % 2 == 1:
                ticks[i] += ticks[i - 1] - overhead   # low time -> period
        # The SysTick loops exit ``overhead`` cycles after their target (what the constant
        # compensates for): high for t[0] + overhead cycles, a bit every t[1] + overhead.
        gpio.select_sio(num, True)            # mp_hal_pin_output: dir OUT, FUNCSEL = SIO
        state = cpu.mask()
        try:
            t0 = cpu.sync()
            cycles = 0
            for byte in data:
                for j in range(8):
                    t = ticks[2:] if (byte << j) & 0x80 else ticks[:2]
                    cpu.advance_to(t0 + cycles * 1_000_000_000 // clock_hz)
                    gpio.set_output(num, 1)
                    cpu.advance_to(t0 + (cycles + t[0] + overhead) * 1_000_000_000 // clock_hz)
                    gpio.set_output(num, 0)
                    cycles += t[1] + overhead
            cpu.advance_to(t0 + cycles * 1_000_000_000 // clock_hz)
        finally:
            cpu.unmask(state)

    return bitstream
