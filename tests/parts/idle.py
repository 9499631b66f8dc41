import time

while True:
    time.sleep_ms(1000)
