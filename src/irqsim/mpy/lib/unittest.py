# A small unittest for firmware, as micropython-lib's `unittest` package is used on boards:
# TestCase with the common assertions, skip decorators, and main() that runs every TestCase
# of __main__ and prints "Ran N tests" then "OK" or "FAILED (...)". Written for irqsim (it is
# loaded and charged like any firmware module); only the public API follows micropython-lib.
import sys


class SkipTest(Exception):
    pass


class AssertRaisesContext:
    def __init__(self, exc):
        self.expected = exc
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            raise AssertionError("%r not raised" % self.expected)
        if issubclass(exc_type, self.expected):
            self.exception = exc_value
            return True
        return False


class TestCase:
    def __init__(self, name="runTest"):
        self._name = name

    def setUp(self):
        pass

    def tearDown(self):
        pass

    def skipTest(self, reason):
        raise SkipTest(reason)

    def fail(self, msg=""):
        raise AssertionError(msg)

    def assertEqual(self, x, y, msg=""):
        if not x == y:
            raise AssertionError(msg or "%r vs (expected) %r" % (x, y))

    def assertNotEqual(self, x, y, msg=""):
        if not x != y:
            raise AssertionError(msg or "%r not expected to be equal %r" % (x, y))

    def assertTrue(self, x, msg=""):
        if not x:
            raise AssertionError(msg or "Expected %r to be True" % x)

    def assertFalse(self, x, msg=""):
        if x:
            raise AssertionError(msg or "Expected %r to be False" % x)

    def assertIs(self, x, y, msg=""):
        if x is not y:
            raise AssertionError(msg or "%r is not %r" % (x, y))

    def assertIsNot(self, x, y, msg=""):
        if x is y:
            raise AssertionError(msg or "%r is %r" % (x, y))

    def assertIsNone(self, x, msg=""):
        if x is not None:
            raise AssertionError(msg or "%r is not None" % x)

    def assertIsNotNone(self, x, msg=""):
        if x is None:
            raise AssertionError(msg or "%r is None" % x)

    def assertIn(self, x, y, msg=""):
        if x not in y:
            raise AssertionError(msg or "Expected %r to be in %r" % (x, y))

    def assertNotIn(self, x, y, msg=""):
        if x in y:
            raise AssertionError(msg or "Expected %r not to be in %r" % (x, y))

    def assertIsInstance(self, x, y, msg=""):
        if not isinstance(x, y):
            raise AssertionError(msg or "%r is not an instance of %r" % (x, y))

    def assertAlmostEqual(self, x, y, places=None, msg="", delta=None):
        if x == y:
            return
        diff = abs(x - y)
        if delta is not None:
            if diff <= delta:
                return
        elif round(diff, 7 if places is None else places) == 0:
            return
        raise AssertionError(msg or "%r != %r within tolerance" % (x, y))

    def assertLess(self, x, y, msg=""):
        if not x < y:
            raise AssertionError(msg or "%r is not less than %r" % (x, y))

    def assertGreater(self, x, y, msg=""):
        if not x > y:
            raise AssertionError(msg or "%r is not greater than %r" % (x, y))

    def assertRaises(self, exc, func=None, *args, **kwargs):
        ctx = AssertRaisesContext(exc)
        if func is None:
            return ctx
        with ctx:
            func(*args, **kwargs)
        return None


def skip(msg):
    def decorate(fn):
        def skipped(*args, **kwargs):
            raise SkipTest(msg)
        return skipped
    return decorate


def skipIf(cond, msg):
    if cond:
        return skip(msg)
    return lambda fn: fn


def skipUnless(cond, msg):
    if not cond:
        return skip(msg)
    return lambda fn: fn


def expectedFailure(fn):
    def run(*args, **kwargs):
        try:
            fn(*args, **kwargs)
        except AssertionError:
            return
        raise AssertionError("unexpected success")
    return run


class TestResult:
    def __init__(self):
        self.testsRun = 0
        self.failures = []
        self.errors = []
        self.skipped = []

    def wasSuccessful(self):
        return not self.failures and not self.errors


def _run_case(cls, result):
    names = sorted(n for n in dir(cls) if n.startswith("test"))
    for name in names:
        case = cls(name)
        print("%s (%s) ..." % (name, cls.__name__), end="")
        result.testsRun += 1
        try:
            case.setUp()
            try:
                getattr(case, name)()
            finally:
                case.tearDown()
            print(" ok")
        except SkipTest as e:
            print(" skipped:", e.args[0] if e.args else "")
            result.skipped.append(name)
        except AssertionError as e:
            print(" FAIL")
            result.failures.append((name, e))
        except Exception as e:
            print(" ERROR")
            result.errors.append((name, e))


def main(module="__main__"):
    mod = __import__(module) if isinstance(module, str) else module
    result = TestResult()
    for name in dir(mod):
        if name.startswith("_"):
            continue
        obj = getattr(mod, name)
        if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase:
            _run_case(obj, result)
    for name, e in result.failures + result.errors:
        print("FAIL:" if (name, e) in result.failures else "ERROR:", name)
        sys.print_exception(e)
    print("-" * 70)
    print("Ran %d tests\n" % result.testsRun)
    if result.wasSuccessful():
        print("OK" + (" (skipped=%d)" % len(result.skipped) if result.skipped else ""))
    else:
        print("FAILED (failures=%d, errors=%d)" % (len(result.failures), len(result.errors)))
    return result
