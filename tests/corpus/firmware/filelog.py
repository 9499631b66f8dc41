# Data logger writing to the flash filesystem, then reading it back.
import os
import time

print(os.listdir())
try:
    os.mkdir("logs")
except OSError as e:
    print("mkdir", e)
with open("logs/data.csv", "w") as f:
    f.write("t,v\n")
    for i in range(3):
        f.write(f"{i},{i * i}\n")
print(os.stat("logs/data.csv")[6])
with open("logs/data.csv") as f:
    for line in f:
        print(line.strip())
try:
    open("missing.txt")
except OSError as e:
    print("err", e.errno, e)
os.rename("logs/data.csv", "logs/old.csv")
print(os.listdir("logs"))
fs = os.statvfs("/")
print(fs[0], fs[1] > 0)
