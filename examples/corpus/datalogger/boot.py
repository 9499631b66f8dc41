# boot.py runs before main.py, in the same globals (ports/rp2/main.c).
import json

try:
    with open("config.json") as f:
        CONFIG = json.load(f)
except OSError:
    CONFIG = {"period_ms": 100, "samples": 5}
print("boot: config", CONFIG)
