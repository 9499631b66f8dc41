"""``_onewire``: the 1-Wire bit primitives rp2 builds in C (extmod/modonewire.c).

The frozen ``onewire``/``ds18x20`` drivers (mpy/lib) call these; each bit is timed on the
pin in virtual time with modonewire.c's constants (us):

- reset: low 480 (interrupts on), release, 70 masked, sample (presence = line low),
  unmask, 410; returns True when a device answered;
- read slot: release, mask, low 6, release, 9, sample, unmask, 55;
- write slot: mask, low 6, (release for a 1), 54, release, 10, unmask.

Masked parts are real masked windows (mp_hal_quiet_timing_enter), so a byte costs ~8
short masked windows and hard IRQs wait up to ~70 us. mp_hal_delay_us is a busy wait in
which interrupts are taken (scheduled callbacks are not run). ``crc8`` is the Dallas/Maxim
CRC (polynomial x^8 + x^5 + x^4 + 1, reflected 0x8C), as the C loop computes it.
"""

from __future__ import annotations

from types import ModuleType

from .dht import od_drive
from .machine_args import pin_number as _pin_number

RESET1_US, RESET2_US, RESET3_US = 480, 70, 410
READ1_US, READ2_US, READ3_US = 6, 9, 55
WRITE1_US, WRITE2_US, WRITE3_US = 6, 54, 10
CALL_CYCLES = 150   # estimate: argument parsing, mp_hal_get_pin_obj


def crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        for _ in range(8):
            fb = (crc ^ byte) & 1
            crc >>= 1
            if fb:
                crc ^= 0x8C
            byte >>= 1
    return crc


def build(port) -> ModuleType:
    cpu = port.cpu
    gpio = port.system.gpio
    call_ns = port.call_ns.get("onewire_call", port.system.board.cycles_to_ns(CALL_CYCLES))
    mod = ModuleType("_onewire")

    def pin_number(pin) -> int:
        return _pin_number(port, pin)

    def wait_us(us: int) -> None:
        cpu.advance_to(cpu.now() + us * 1000)

    def drive(num: int, level: int) -> None:
        cpu.sync()
        od_drive(gpio, num, level)

    def bus_reset(num: int) -> bool:
        drive(num, 0)
        wait_us(RESET1_US)
        state = cpu.mask()
        try:
            drive(num, 1)
            wait_us(RESET2_US)
            present = not gpio.pins[num].level
        finally:
            cpu.unmask(state)
        wait_us(RESET3_US)
        return present

    def bus_readbit(num: int) -> int:
        drive(num, 1)
        state = cpu.mask()
        try:
            drive(num, 0)
            wait_us(READ1_US)
            drive(num, 1)
            wait_us(READ2_US)
            value = gpio.pins[num].level
        finally:
            cpu.unmask(state)
        wait_us(READ3_US)
        return value

    def bus_writebit(num: int, value: int) -> None:
        state = cpu.mask()
        try:
            drive(num, 0)
            wait_us(WRITE1_US)
            if value:
                drive(num, 1)
            wait_us(WRITE2_US)
            drive(num, 1)
            wait_us(WRITE3_US)
        finally:
            cpu.unmask(state)

    def as_int(value) -> int:
        if isinstance(value, bool):
            return int(value)
        if not isinstance(value, int):
            raise TypeError("can't convert %s to int" % type(value).__name__)
        return value

    def reset(pin):
        cpu.charge(call_ns)
        return bus_reset(pin_number(pin))

    def readbit(pin):
        cpu.charge(call_ns)
        return bus_readbit(pin_number(pin))

    def readbyte(pin):
        cpu.charge(call_ns)
        num = pin_number(pin)
        value = 0
        for i in range(8):
            value |= bus_readbit(num) << i
        return value

    def writebit(pin, value):
        cpu.charge(call_ns)
        bus_writebit(pin_number(pin), as_int(value))

    def writebyte(pin, value):
        cpu.charge(call_ns)
        num = pin_number(pin)
        value = as_int(value)
        for _ in range(8):
            bus_writebit(num, value & 1)
            value >>= 1

    def crc8_fn(data):
        cpu.charge(call_ns)
        try:
            raw = bytes(memoryview(data))
        except TypeError:
            raise TypeError("object with buffer protocol required") from None
        return crc8(raw)

    mod.reset = reset
    mod.readbit = readbit
    mod.readbyte = readbyte
    mod.writebit = writebit
    mod.writebyte = writebyte
    mod.crc8 = crc8_fn
    return mod
