"""``mpu6050``: the InvenSense 6-axis IMU on I2C, as its drivers expect it.

Register map (InvenSense RM-MPU-6000A-00 rev 4.2): 0x19 SMPLRT_DIV, 0x1A CONFIG (DLPF_CFG
[2:0]), 0x1B GYRO_CONFIG (FS_SEL [4:3]), 0x1C ACCEL_CONFIG (AFS_SEL [4:3]), 0x3A INT_STATUS
(DATA_RDY_INT bit 0, cleared by reading it), 0x3B..0x40 ACCEL_XOUT..ZOUT, 0x41..0x42 TEMP_OUT,
0x43..0x48 GYRO_XOUT..ZOUT (16-bit two's complement, high byte first), 0x6B PWR_MGMT_1
(DEVICE_RESET bit 7, SLEEP bit 6), 0x75 WHO_AM_I = 0x68 (read-only). Reset values (section 3):
0x00 except PWR_MGMT_1 = 0x40 (the chip starts asleep) and WHO_AM_I.

Behaviour: asleep, the data registers keep their last values (zeros after reset), so a driver
that never clears SLEEP reads zeros as on the bench. Awake, the sensors sample at the sample
rate = gyroscope output rate / (1 + SMPLRT_DIV), the output rate being 8 kHz with the DLPF
off (DLPF_CFG 0 or 7) and 1 kHz otherwise (4.2); a read returns the last sample taken on that
grid. Scaling (sections 4.17, 4.19, 4.18): accelerometer 16384/8192/4096/2048 LSB per g for
+-2/4/8/16 g, gyroscope 131/65.5/32.8/16.4 LSB per deg/s for +-250/500/1000/2000 deg/s,
temperature TEMP_OUT / 340 + 36.53 degC; outputs saturate at the 16-bit limits. Not modelled:
DLPF delay, FIFO, interrupts on the INT pin, the auxiliary I2C master, DMP, self-test.
"""

from __future__ import annotations

from .base import Param, register
from .chip import RegisterChip

SMPLRT_DIV, CONFIG, GYRO_CONFIG, ACCEL_CONFIG = 0x19, 0x1A, 0x1B, 0x1C
INT_STATUS, ACCEL_OUT, TEMP_OUT, GYRO_OUT = 0x3A, 0x3B, 0x41, 0x43
PWR_MGMT_1, WHO_AM_I = 0x6B, 0x75
ACCEL_LSB_PER_G = (16384.0, 8192.0, 4096.0, 2048.0)
GYRO_LSB_PER_DPS = (131.0, 65.5, 32.8, 16.4)
AXES = ("x", "y", "z")


def _word(value: float) -> list[int]:
    raw = min(max(round(value), -32768), 32767) & 0xFFFF
    return [raw >> 8, raw & 0xFF]


@register("mpu6050")
class Mpu6050(RegisterChip):
    pins = ("scl", "sda")
    outputs = ()
    addresses = (0x68, 0x69)             # AD0 low / high
    readonly = [INT_STATUS, *range(ACCEL_OUT, GYRO_OUT + 6), WHO_AM_I]
    quantities = {**{f"accel_{a}": "acceleration" for a in AXES}, **{f"gyro_{a}": "rate" for a in AXES},
                  "temperature": "temperature"}
    params = {
        "address": Param("int", 0x68, "7-bit address: 0x68 (AD0 low) or 0x69"),
        "accel_x": Param("signal", 0.0, 'g: "0.5g", a number or a signal table'),
        "accel_y": Param("signal", 0.0, "g"),
        "accel_z": Param("signal", 1.0, "g (1 g: lying flat)"),
        "gyro_x": Param("signal", 0.0, 'deg/s: "90dps", a number or a signal table'),
        "gyro_y": Param("signal", 0.0, "deg/s"),
        "gyro_z": Param("signal", 0.0, "deg/s"),
        "temperature": Param("signal", 25.0, 'degC: "21.5C" or a signal table'),
        "present": Param("bool", True, "false: NACK the address (unplugged)"),
    }

    def reset_registers(self) -> dict[int, list[int]]:
        return {PWR_MGMT_1: [0x40], WHO_AM_I: [0x68]}

    def begin(self) -> None:
        super().begin()
        self._awake_since = None      # t_ns SLEEP was cleared
        self._tick = None             # sample index shown in the data registers
        self.samples = 0

    def before_write(self, reg: int, t_ns: int) -> None:
        self._sample(t_ns)            # samples under the old settings first

    def on_write(self, reg: int, value: int, t_ns: int) -> None:
        if reg == PWR_MGMT_1:
            if value & 0x80:          # DEVICE_RESET: registers to their defaults, bit self-clears
                self.reset()
                value = self.mem[PWR_MGMT_1]
            asleep = bool(value & 0x40)
            if asleep:
                self._awake_since = None
            elif self._awake_since is None:
                self._awake_since, self._tick = t_ns, None
        elif reg in (SMPLRT_DIV, CONFIG) and self._awake_since is not None:
            self._awake_since, self._tick = t_ns, None     # the sample grid restarts

    def sample_period_ns(self) -> int:
        dlpf = self.mem[CONFIG] & 7
        output_hz = 8000 if dlpf in (0, 7) else 1000
        return (1 + self.mem[SMPLRT_DIV]) * 1_000_000_000 // output_hz

    def _sample(self, t_ns: int) -> None:
        if self._awake_since is None:
            return
        period = self.sample_period_ns()
        tick = (t_ns - self._awake_since) // period
        if tick == self._tick:
            return                    # same sample: noise is drawn once per sample
        self._tick = tick
        self.samples += 1
        t_s = self._awake_since + tick * period
        a_lsb = ACCEL_LSB_PER_G[(self.mem[ACCEL_CONFIG] >> 3) & 3]
        g_lsb = GYRO_LSB_PER_DPS[(self.mem[GYRO_CONFIG] >> 3) & 3]
        data = []
        for a in AXES:
            data += _word(self.fn[f"accel_{a}"](t_s) * a_lsb)
        data += _word((self.fn["temperature"](t_s) - 36.53) * 340.0)
        for a in AXES:
            data += _word(self.fn[f"gyro_{a}"](t_s) * g_lsb)
        self.put(ACCEL_OUT, data)
        self.mem[INT_STATUS] |= 0x01                     # DATA_RDY_INT

    def on_read_start(self, t_ns: int) -> None:
        self._sample(t_ns)
        self._int_status_read = self.cursor == INT_STATUS

    def i2c_stop(self, t_ns: int) -> None:
        if self._phase == "read" and getattr(self, "_int_status_read", False):
            self.mem[INT_STATUS] &= 0xFE                 # INT_STATUS clears when read (4.16)
        self._int_status_read = False
        super().i2c_stop(t_ns)

    def summary(self) -> dict:
        out = super().summary()
        out["asleep"] = self._awake_since is None
        out["samples"] = self.samples
        return out
