"""``bme280`` / ``bmp280``: Bosch environmental sensors on I2C, as their drivers expect them.

Register map (BME280 datasheet BST-BME280-DS002 section 5.3, table 18; BMP280 BST-BMP280-DS001
section 4.3): 0x88..0xA1 and 0xE1..0xE7 calibration (``bme280_math.TRIM``), 0xD0 chip id
(0x60 BME280, 0x58 BMP280), 0xE0 reset (write 0xB6; reads 0x00), 0xF2 ctrl_hum (BME280 only;
effective after the next ctrl_meas write, 5.4.3), 0xF3 status (bit 3 measuring, bit 0
im_update), 0xF4 ctrl_meas (osrs_t[7:5], osrs_p[4:2], mode[1:0]), 0xF5 config (t_sb[7:5],
filter[4:2]), 0xF7..0xFC press/temp (20 bits, msb/lsb/xlsb[7:4]), 0xFD..0xFE hum. Reset
values: data 0x80000/0x8000 (the "skipped" codes), everything else 0.

Measurements (datasheet 3.3, 3.4, 9.1): mode 01/10 (forced) runs one measurement and returns
to sleep (mode reads 00 after it); 11 (normal) repeats measurement + standby (t_sb: 0.5, 62.5,
125, 250, 500, 1000, 10, 20 ms; BMP280: ..., 2000, 4000 ms). A measurement takes the typical
1 + 2*osrs_t + (2*osrs_p + 0.5) + (2*osrs_h + 0.5) ms (9.1, a skipped one counts 0), status
bit 3 is set while it runs, and the data registers change when it ends. Oversampling 0 skips a
quantity (output 0x80000 / 0x8000). Resolution (3.4.1-3.4.3): temperature and pressure codes
have 16 + (osrs - 1) bits without the IIR filter, 20 bits with it; the filter
(coefficient 2..16) smooths their ADC codes across measurements (3.4.4).

Values: ``temperature`` (degC), ``pressure`` (Pa) and ``humidity`` (%RH) are signals or
numbers with units (``"21.5C"``, ``"1013.25hPa"``, ``"45%"``), sampled at the end of each
measurement; the raw codes come from inverting the compensation (``bme280_math``).
Not modelled: SPI wiring, the NVM copy at power-up (im_update stays 0), self-heating.
"""

from __future__ import annotations

from . import bme280_math as bm
from .base import Param, register
from .chip import RegisterChip

REG_CALIB_88, REG_ID, REG_RESET, REG_CALIB_E1 = 0x88, 0xD0, 0xE0, 0xE1
REG_CTRL_HUM, REG_STATUS, REG_CTRL_MEAS, REG_CONFIG, REG_DATA = 0xF2, 0xF3, 0xF4, 0xF5, 0xF7
RESET_WORD = 0xB6
OVERSAMPLING = (0, 1, 2, 4, 8, 16, 16, 16)          # osrs field -> factor (5.4.3, 5.4.5)
FILTER = (1, 2, 4, 8, 16, 16, 16, 16)               # filter field -> coefficient (table 6)
STANDBY_BME_NS = (500_000, 62_500_000, 125_000_000, 250_000_000, 500_000_000, 1_000_000_000,
                  10_000_000, 20_000_000)           # BME280 t_sb (table 27)
STANDBY_BMP_NS = STANDBY_BME_NS[:6] + (2_000_000_000, 4_000_000_000)   # BMP280 t_sb (table 11)
MAX_FILTER_STEPS = 2000    # older measurements weigh <= (15/16)**2000 in the filter output


def measure_time_ns(osrs_t: int, osrs_p: int, osrs_h: int) -> int:
    """Typical measurement time (datasheet 9.1): 1 + 2T + (2P + 0.5) + (2H + 0.5) ms."""
    us = 1000 + 2000 * osrs_t
    if osrs_p:
        us += 2000 * osrs_p + 500
    if osrs_h:
        us += 2000 * osrs_h + 500
    return us * 1000


class _Bosch(RegisterChip):
    pins = ("scl", "sda")
    outputs = ()
    addresses = (0x76, 0x77)            # SDO to GND / VDDIO (5.2)
    readonly = [*range(0x88, 0xA2), *range(0xD0, 0xF2), REG_STATUS, *range(0xF7, 0x100)]
    chip_id = 0x60
    humidity_sensor = True
    standby_ns = STANDBY_BME_NS
    quantities = {"temperature": "temperature", "pressure": "pressure", "humidity": "humidity"}

    def reset_registers(self) -> dict[int, list[int]]:
        regs = {REG_CALIB_88: list(bm.TRIM.block_88()), REG_ID: [self.chip_id],
                REG_DATA: [0x80, 0, 0, 0x80, 0, 0]}
        if self.humidity_sensor:
            regs[REG_CALIB_E1] = list(bm.TRIM.block_e1())
            regs[0xFD] = [0x80, 0x00]
        else:
            regs[REG_CALIB_88] = regs[REG_CALIB_88][:24] + [0, 0]
        return regs

    def begin(self) -> None:
        super().begin()
        self._power_on()

    def _power_on(self) -> None:
        self.osrs_h = 0          # ctrl_hum as latched by the last ctrl_meas write
        self.mode_t0 = None      # start of the running forced/normal sequence
        self.filt = None         # IIR state: (adc_t, adc_p) as floats
        self.done = 0            # measurements completed and applied
        self.measurements = 0

    # -- register writes ----------------------------------------------------------------------
    def before_write(self, reg: int, t_ns: int) -> None:
        self._catch_up(t_ns)       # measurements under the old settings end first

    def on_write(self, reg: int, value: int, t_ns: int) -> None:
        if reg == REG_RESET:
            self.mem[REG_RESET] = 0
            if value == RESET_WORD:
                self.reset()
                self._power_on()
        elif reg == REG_CTRL_HUM and not self.humidity_sensor:
            self.mem[REG_CTRL_HUM] = 0
        elif reg == REG_CTRL_MEAS:
            if self.humidity_sensor:
                self.osrs_h = OVERSAMPLING[self.mem[REG_CTRL_HUM] & 7]
            mode = value & 3
            self.mode_t0 = None if mode == 0 else t_ns
            self.done = 0

    # -- measurements -------------------------------------------------------------------------
    def _settings(self) -> tuple[int, int, int, int]:
        meas = self.mem[REG_CTRL_MEAS]
        return OVERSAMPLING[meas >> 5], OVERSAMPLING[(meas >> 2) & 7], self.osrs_h, FILTER[(self.mem[REG_CONFIG] >> 2) & 7]

    def _timing(self) -> tuple[int, int | None]:
        """(measurement time, period or None for a forced one-shot)."""
        osrs_t, osrs_p, osrs_h, _ = self._settings()
        t_meas = measure_time_ns(osrs_t, osrs_p, osrs_h)
        if self.mem[REG_CTRL_MEAS] & 3 == 3:
            return t_meas, t_meas + self.standby_ns[self.mem[REG_CONFIG] >> 5]
        return t_meas, None

    def _catch_up(self, t_ns: int) -> None:
        """Apply every measurement that ended by ``t_ns``; set status.measuring."""
        measuring = False
        if self.mode_t0 is not None:
            t_meas, period = self._timing()
            if period is None:
                if t_ns >= self.mode_t0 + t_meas:
                    self._measure(self.mode_t0 + t_meas)
                    self.mem[REG_CTRL_MEAS] &= ~3 & 0xFF    # back to sleep (3.3.3)
                    self.mode_t0 = None
                else:
                    measuring = True
            else:
                elapsed = t_ns - self.mode_t0
                k = elapsed // period                       # the cycle running at t_ns
                ended = k + 1 if elapsed - k * period >= t_meas else k
                measuring = ended == k
                first = max(self.done, ended - MAX_FILTER_STEPS)
                for i in range(first, ended):
                    self._measure(self.mode_t0 + i * period + t_meas)
                self.done = ended
        self.mem[REG_STATUS] = 0x08 if measuring else 0x00

    def _measure(self, t_end: int) -> None:
        """One conversion ending at ``t_end``: new codes in the data registers."""
        self.measurements += 1
        osrs_t, osrs_p, osrs_h, coeff = self._settings()
        c = bm.TRIM
        old_t, old_p = self.filt if (coeff > 1 and self.filt is not None) else (None, None)
        temp_c = min(max(self.fn["temperature"](t_end), -40.0), 85.0)     # operating range (1)
        # without the filter, invert straight onto the codes the resolution allows (nearest one)
        adc_t = self._filtered(bm.raw_temperature(temp_c, c, self._step(osrs_t, coeff)), old_t, coeff)
        code_t = self._quantize(adc_t, osrs_t, coeff)
        # pressure and humidity compensation use t_fine of the temperature code the chip reports
        _, t_fine = bm.temperature(code_t if osrs_t else round(adc_t), c)
        pa = min(max(self.fn["pressure"](t_end), 30000.0), 110000.0)
        adc_p = self._filtered(bm.raw_pressure(pa, t_fine, c, self._step(osrs_p, coeff)), old_p, coeff)
        code_p = self._quantize(adc_p, osrs_p, coeff)
        self.filt = (adc_t, adc_p)
        self.put(REG_DATA, [code_p >> 12, code_p >> 4, (code_p << 4) & 0xF0,
                            code_t >> 12, code_t >> 4, (code_t << 4) & 0xF0])
        if self.humidity_sensor:
            hum = min(max(self.fn["humidity"](t_end), 0.0), 100.0)
            adc_h = bm.raw_humidity(hum, t_fine, c) if osrs_h else 0x8000
            self.put(0xFD, [adc_h >> 8, adc_h & 0xFF])

    @staticmethod
    def _filtered(adc: float, old: float | None, coeff: int) -> float:
        """IIR filter (3.4.4): (old * (c - 1) + new) / c; the first sample passes through."""
        return adc if old is None else (old * (coeff - 1) + adc) / coeff

    @staticmethod
    def _step(osrs: int, coeff: int) -> int:
        """Code step at the resolution (3.4.1): 20 bits with the filter, else 16 + log2(osrs)."""
        bits = 20 if coeff > 1 or not osrs else 15 + osrs.bit_length()
        return 1 << (20 - bits)

    def _quantize(self, adc: float, osrs: int, coeff: int) -> int:
        """The reported 20-bit code: 0x80000 when skipped, else at the resolution."""
        if not osrs:
            return 0x80000
        step = self._step(osrs, coeff)
        return min(int(round(adc / step)) * step, (1 << 20) - step)

    def on_read_start(self, t_ns: int) -> None:
        self._catch_up(t_ns)

    def summary(self) -> dict:
        out = super().summary()
        out["measurements"] = self.measurements
        return out


@register("bme280")
class Bme280(_Bosch):
    params = {
        "address": Param("int", 0x76, "7-bit address: 0x76 (SDO low) or 0x77"),
        "temperature": Param("signal", 25.0, 'degC: "21.5C", a number or a signal table'),
        "pressure": Param("signal", 101325.0, 'Pa: "1013.25hPa", a number or a signal table'),
        "humidity": Param("signal", 50.0, '%RH: "45%", a number or a signal table'),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }


@register("bmp280")
class Bmp280(_Bosch):
    """BMP280: no humidity (0xE1.. calibration, ctrl_hum and hum registers absent)."""

    chip_id = 0x58
    humidity_sensor = False
    standby_ns = STANDBY_BMP_NS
    quantities = {"temperature": "temperature", "pressure": "pressure"}
    params = {k: v for k, v in Bme280.params.items() if k != "humidity"}
