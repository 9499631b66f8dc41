# The same report with the naive decoder (GP14 = CLK, GP15 = DT).
import time
from naive_encoder import NaiveEncoder

enc = NaiveEncoder(14, 15)
last = enc.position
still_ms = 0
while True:
    time.sleep_ms(10)
    if enc.position != last:
        last = enc.position
        still_ms = 0
    else:
        still_ms += 10
        if still_ms == 100:
            print("count", enc.position)
