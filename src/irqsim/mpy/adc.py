"""``machine.ADC`` for rp2 (ports/rp2/machine_adc.c, extmod/machine_adc.c).

``ADC(id)``: an int 0..4 is a channel (4 = the temperature sensor, ``ADC.CORE_TEMP``);
anything else is a pin, which must be GP26..GP29 ("Pin doesn't have ADC capabilities";
RP2040/RP2350A numbering: ADC_BASE_PIN 26, NUM_ADC_CHANNELS 5). ``read_u16()`` runs one
conversion (pico-sdk adc_read: start, poll READY): 96 ADC clocks at 48 MHz = 2 us
(RP2350 datasheet 12.4), a busy wait in which hard IRQs run. The 12-bit result is
``floor(V / 3.3 V * 4096)`` clamped to 0..4095 and scaled as the C code does:
``raw << 4 | raw >> 8``. The voltage comes from an ``analog`` part wired to the pin (or
``temp_sensor`` for channel 4: 27 degC without one); an unwired pin reads its logic level
(0 V or 3.3 V from a pull or a digital part).
"""

from __future__ import annotations

from ..hw.gpio import FUNC_NULL
from ..hw.parts.analog import TEMP_V27
from ..hw.parts.bus import table

ADC_BASE_PIN = 26
NUM_CHANNELS = 5
TEMP_CHANNEL = 4
VREF = 3.3                 # Pico / Pico 2: ADC_VREF from the 3.3 V rail through a filter
CONVERSION_NS = 2000       # 96 cycles of the 48 MHz ADC clock
CALL_CYCLES = 600          # estimate: argument check, adc_select_input, scaling


def make_adc(port):
    cpu = port.cpu
    gpio = port.system.gpio
    call_ns = port.call_ns.get("adc_call", port.system.board.cycles_to_ns(CALL_CYCLES))

    class ADC:
        CORE_TEMP = TEMP_CHANNEL

        def __init__(self, source):
            cpu.charge(call_ns)
            channel = -1
            if isinstance(source, int) and not isinstance(source, bool) and 0 <= source < NUM_CHANNELS:
                channel = source
            if channel == -1:
                num = port.modules["machine"].Pin(source)._num
                if not ADC_BASE_PIN <= num < ADC_BASE_PIN + NUM_CHANNELS - 1:
                    raise ValueError("Pin doesn't have ADC capabilities")
                channel = num - ADC_BASE_PIN
                gpio.set_function(num, FUNC_NULL, "fw")   # adc_gpio_init: FUNCSEL NULL, undriven
            self._channel = channel

        def __repr__(self):
            return f"<ADC channel={self._channel}>"

        def _volts(self, t_ns: int) -> float:
            analog = table(gpio).analog
            if self._channel == TEMP_CHANNEL:
                src = analog.get("temp")
                return TEMP_V27 if src is None else src.analog_volts(t_ns)
            num = ADC_BASE_PIN + self._channel
            src = analog.get(num)
            if src is None:
                return VREF * gpio.pin(num).level
            return src.analog_volts(t_ns)

        def read_u16(self):
            cpu.charge(call_ns)
            t0 = cpu.sync()
            volts = self._volts(t0)          # the sample-and-hold closes as the conversion starts
            raw = min(max(int(volts / VREF * 4096), 0), 4095)
            cpu.wait_until(t0 + CONVERSION_NS, run_callbacks=False, idle=False)
            return raw << 4 | raw >> 8

    return ADC
