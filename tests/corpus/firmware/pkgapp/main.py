import gadgets
import gadgets.util
from gadgets import Blinker, util as u2
from gadgets.count import Counter

b = Blinker(25, 9)
print(b.times, b.coro_type, Counter().n, gadgets.util is u2, gadgets.__path__)
try:
    from gadgets import nothing
except ImportError as e:
    print("ImportError", e)
try:
    from . import x
except ImportError as e:
    print("ImportError", e)
