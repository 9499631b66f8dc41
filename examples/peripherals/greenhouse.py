# A greenhouse controller: a DHT22 (air) on GP2, a DHT11 (outside) on GP3, two DS18B20 soil
# probes sharing the 1-Wire bus on GP10, and a fan on GP16 driven by PWM whose duty follows
# the warmest probe (20 degC: off, 30 degC: full). Sensor reads bit-bang with interrupts
# off (DHT ~4 ms, 1-Wire ~70 us per bit); the fan's edges keep coming from the PWM slice.
import dht
import ds18x20
import onewire
import time
from machine import Pin, PWM

air = dht.DHT22(Pin(2))
outside = dht.DHT11(Pin(3))
soil = ds18x20.DS18X20(onewire.OneWire(Pin(10)))
probes = sorted(soil.scan())
fan = PWM(Pin(16), freq=1000, duty_u16=0)
print("probes", len(probes))

for cycle in range(3):
    soil.convert_temp()            # both probes at once (SKIP ROM); 750 ms at 12 bits
    air.measure()                  # meanwhile: ~270 ms each, most of it asleep
    outside.measure()
    time.sleep_ms(750)
    temps = [soil.read_temp(rom) for rom in probes]
    warmest = max(temps)
    duty = min(max(int((warmest - 20) * 65535 / 10), 0), 65535)
    fan.duty_u16(duty)
    print("air %.1f C %.0f%%, outside %d C, soil %s, fan %d%%" % (
        air.temperature(), air.humidity(), outside.temperature(),
        " ".join("%.2f" % t for t in temps), fan.duty_u16() * 100 // 65535))
    time.sleep_ms(1500)            # a DHT22 measures at most every 2 s
