# onewire: the 1-Wire bus driver rp2 firmware ships frozen (micropython-lib
# micropython/drivers/bus/onewire, frozen by ports/rp2/boards/manifest.py). irqsim's own
# implementation of the same API over the built-in _onewire bit primitives, run as firmware
# code so its lines (the ROM search is Python) cost virtual time.
import _onewire as _ow
from micropython import const


class OneWireError(Exception):
    pass


class OneWire:
    SEARCH_ROM = const(0xF0)
    MATCH_ROM = const(0x55)
    SKIP_ROM = const(0xCC)

    def __init__(self, pin):
        self.pin = pin
        self.pin.init(pin.OPEN_DRAIN, pin.PULL_UP)

    def reset(self, required=False):
        present = _ow.reset(self.pin)
        if required and not present:
            raise OneWireError
        return present

    def readbit(self):
        return _ow.readbit(self.pin)

    def readbyte(self):
        return _ow.readbyte(self.pin)

    def readinto(self, buf):
        for i in range(len(buf)):
            buf[i] = _ow.readbyte(self.pin)

    def writebit(self, value):
        return _ow.writebit(self.pin, value)

    def writebyte(self, value):
        return _ow.writebyte(self.pin, value)

    def write(self, buf):
        for b in buf:
            _ow.writebyte(self.pin, b)

    def select_rom(self, rom):
        self.reset()
        self.writebyte(self.MATCH_ROM)
        self.write(rom)

    def scan(self):
        # Maxim application note 187: walk the ROM tree, taking the 1 branch at the last
        # discrepancy of the previous pass and 0 at any later one.
        found = []
        last = 65
        rom = None
        for _ in range(0xFF):
            rom, last = self._search_rom(rom, last)
            if rom:
                found.append(rom)
            if last == 0:
                break
        return found

    def _search_rom(self, prev, last):
        if not self.reset():
            return None, 0
        self.writebyte(self.SEARCH_ROM)
        if not prev:
            prev = bytearray(8)
        rom = bytearray(8)
        fork = 0
        i = 64
        for byte in range(8):
            acc = 0
            for bit in range(8):
                b = self.readbit()
                if self.readbit():
                    if b:              # nobody answered: no device, or a bus error
                        return None, 0
                elif not b:            # devices disagree at this bit
                    if last > i or ((prev[byte] & (1 << bit)) and last != i):
                        b = 1
                        fork = i
                self.writebit(b)
                if b:
                    acc |= 1 << bit
                i -= 1
            rom[byte] = acc
        return rom, fork

    def crc8(self, data):
        return _ow.crc8(data)
