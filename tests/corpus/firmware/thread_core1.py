# The second core: _thread.start_new_thread, as rp2 firmware uses it.
import _thread
import time


def core1():
    while True:
        time.sleep_ms(10)


_thread.start_new_thread(core1, ())
print("started")
