# Language features in one program: closures with nonlocal, a decorator keeping state in a dict
# (function attributes cannot be set on the chip), generators with send(), @property setters,
# super() chains, exception chaining, a disable_irq context manager. Output identical to the
# unix build of v1.29 (minus its "exception chaining not supported" warning: rp2 has
# MICROPY_WARNINGS 0).
# language: generators, closures, nonlocal, decorators, property, super, chaining, ctx managers
import machine, time

def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc

last = {}


def timed(fn):
    def wrap(*a, **kw):
        t0 = time.ticks_us()
        r = fn(*a, **kw)
        last['us'] = time.ticks_diff(time.ticks_us(), t0)
        return r
    return wrap

@timed
def work(n):
    return sum(x * x for x in range(n))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

class Base:
    instances = 0
    def __init__(self, name):
        Base.instances += 1
        self.name = name
    def describe(self):
        return "Base(%s)" % self.name

class Mid(Base):
    def __init__(self, name, k):
        super().__init__(name)
        self._k = k
    def describe(self):
        return "Mid<" + super().describe() + ">"
    @property
    def k(self):
        return self._k
    @k.setter
    def k(self, v):
        if v < 0:
            raise ValueError("k must be >= 0")
        self._k = v

class Leaf(Mid):
    def describe(self):
        return "Leaf[" + super().describe() + "]"

class Critical:
    def __enter__(self):
        self.s = machine.disable_irq()
        return self
    def __exit__(self, et, ev, tb):
        machine.enable_irq(self.s)
        return False

c = counter()
c(); c(5)
print("counter", c())
print("work", work(10), last['us'] >= 0)
g = fib()
print("fib", [next(g) for _ in range(10)])
it = iter([1, 2, 3])
print("iter", next(it), list(it))
l = Leaf("x", 3)
print(l.describe(), l.k, Base.instances, isinstance(l, Base))
try:
    l.k = -1
except ValueError as e:
    print("VE", e)
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print("chained", e)
with Critical() as cs:
    x = 1
print("after cs", x)
st = machine.disable_irq()
try:
    y = [i for i in range(3)]
finally:
    machine.enable_irq(st)
print("y", y)
sq = (i * i for i in range(4))
print(type(sq).__name__, list(sq))
print("dict comp", {k: v for k, v in zip("ab", (1, 2))})
def gen2():
    r = yield 1
    print("got", r)
    yield 2
gg = gen2(); print(next(gg)); print(gg.send("hi"))
print(sorted([3, 1, 2], key=lambda v: -v), min(3, 1), max([4, 9]))
print("star", *[1, 2], sep="-")
a, *b = [1, 2, 3]
print(a, b)
