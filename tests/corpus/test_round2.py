"""Corpus, round two: firmware in styles the first round did not cover (ISR-safe classes,
Signal and Pin odds, timer styles, text conversions, asyncio streams ...). Each test pins what
rp2 MicroPython does, with the source that says so; most once exposed a gap in the shim."""

from __future__ import annotations

import pytest

from tests.corpus.conftest import texts


def test_signal_from_pin_arguments_and_rp2_argument_errors(run_json):
    # extmod/machine_signal.c: Signal(pin arguments..., invert=) builds the Pin (rp2 defines
    # MICROPY_PY_MACHINE_PIN_MAKE_NEW) and inverts a value= for it; Signal objects are callable
    # (signal_call). Was: AttributeError "'int' object has no attribute 'value'".
    # Pin.init's arguments are mode, pull, *, value, alt (ports/rp2/machine_pin.c:243): a
    # drive= or a third positional fails with py/argcheck.c's words, not CPython's
    # "Pin._init() got an unexpected keyword argument" naming irqsim's internals.
    code, doc, _ = run_json("round2/pin_signal.toml")
    assert code == 0
    assert texts(doc) == [
        "sig 1 0", "sig 0 1", "sig 1 0", "s2 1 1", "od 1", "od 0",
        "TypeError extra keyword arguments given", "TypeError extra positional arguments given",
        "TypeError extra keyword arguments given",   # mode given positionally and as keyword
        "TypeError ",                                 # Signal(pin, extra): mp_raise_TypeError(NULL)
        "trigger 12 False",                           # no level triggers in rp2's Pin table
        "edges [(4, 0), (8, 1)]", "after None 2"]


def test_timer_styles_and_keyword_only_arguments(run_json):
    # ports/rp2/machine_timer.c: every init argument is MP_ARG_KW_ONLY, so Timer(-1, 1, ...) and
    # init(1000) are "extra positional arguments given"; priority= (esp32/stm32 docs) is "extra
    # keyword arguments given". Was: CPython's "build.<locals>.Timer._init() got an unexpected
    # keyword argument". A one-shot re-armed from its own callback and a periodic timer that
    # deinit()s itself keep working.
    code, doc, _ = run_json("round2/timer_styles.py")
    assert code == 0
    assert texts(doc) == [
        "hits [9, 9, 8, 7]", "shots [20, 40, 60]",
        "k 4 Timer(mode=PERIODIC, tick_hz=1000000, period=7000)",   # machine_timer_print, in us
        "ValueError Timer doesn't exist", "TypeError extra positional arguments given",
        "TypeError extra keyword arguments given", "TypeError extra positional arguments given"]
    handlers = doc["stats"]["handlers"]
    assert handlers["selfstop"]["count"] == 4 and handlers["one"]["count"] == 3


def test_invalid_utf8_is_unicode_error_without_message(run_json, write_fw):
    # py/objstr.c: bytes.decode()/str(b, "utf-8") on invalid UTF-8 is
    # mp_raise_msg(&mp_type_UnicodeError, NULL); there is no UnicodeDecodeError on the chip.
    code, doc, _ = run_json(write_fw("""\
        try:
            b'\\xff'.decode()
        except UnicodeError:
            print("caught")
        str(b'ok\\xfe', 'utf-8')
        """))
    assert texts(doc) == ["caught", "Traceback (most recent call last):",
                          '  File "main.py", line 5, in <module>', "UnicodeError: "]


@pytest.mark.parametrize(("line", "expected"), [
    # py/runtime.c mp_binary_op / py/obj.c mp_obj_hash: "unsupported type(s) for __op__"
    ('"n=" + 5', "TypeError: unsupported types for __add__: 'str', 'int'"),
    ('1 < "x"', "TypeError: unsupported types for __lt__: 'int', 'str'"),
    ("{[1]: 2}", "TypeError: unsupported type for __hash__: 'list'"),
    # py/bc.c at MICROPY_ERROR_REPORTING_NORMAL (rp2): no function name
    ("(lambda a: a)(1, 2)", "TypeError: function takes 1 positional arguments but 2 were given"),
    ("(lambda a, b=1: a)(1, 2, 3)", "TypeError: function takes 2 positional arguments but 3 were given"),
    ("(lambda a: a)(b=1)", "TypeError: unexpected keyword argument 'b'"),
    ("(lambda a: a)(1, a=1)", "TypeError: function got multiple values for argument 'a'"),
    # py/objint.c / py/parsenum.c / py/objlist.c / py/modbuiltins.c / py/objstr.c
    ("int(None)", "TypeError: can't convert NoneType to int"),
    ('"%d" % "x"', "TypeError: can't convert str to int"),
    ('int("12x")', "ValueError: invalid syntax for integer with base 10: '12x'"),
    ("[1].remove(2)", "ValueError: object not in sequence"),
    ("chr(-1)", "ValueError: char not in range(0x110000)"),
    ('"{} {}".format(1)', "IndexError: tuple index out of range"),
])
def test_vm_error_wording_in_tracebacks(run_json, write_fw, line, expected):
    # What the unix build of v1.29 prints for each (its DETAILED level adds the function name
    # to the call errors; rp2 does not). str(e) inside the firmware keeps CPython's wording.
    code, doc, _ = run_json(write_fw(f"x = 1\n{line}\n"))
    assert code == 1
    assert texts(doc)[-1] == expected


def test_sys_stdout_write_takes_buffers_and_counts_bytes(run_json, write_fw):
    # py/stream.c mp_stream_write: bytes/bytearray/memoryview go out raw, the result is the byte
    # count (a 2-byte UTF-8 char counts 2); an int is "object with buffer protocol required".
    # Was: "b'xy'" printed and len(str) returned.
    code, doc, _ = run_json(write_fw("""\
        import sys
        n = [sys.stdout.write(b"xy"), sys.stdout.write(bytearray(b"z")),
             sys.stdout.write(memoryview(b"-ab")[1:]), sys.stdout.write("\\u00e9\\n")]
        print(n)
        try:
            sys.stdout.write(5)
        except TypeError as e:
            print(e)
        """))
    assert code == 0
    assert texts(doc) == ["xyzab\u00e9", "[2, 1, 2, 3]", "object with buffer protocol required"]


def test_print_keywords_as_modbuiltins(run_json, write_fw):
    # py/modbuiltins.c mp_builtin_print: only sep, end, file (keyword-only); flush= from CPython
    # code is "extra keyword arguments given"; sep=None goes through mp_obj_str_get_data and is
    # a TypeError (py/objstr.c bad_implicit_conversion). Was: CPython's text naming
    # "make_builtins.<locals>.mp_print()", and AttributeError for None.
    code, doc, _ = run_json(write_fw("""\
        import sys
        print("a", "b", sep="", end="")
        print("|", file=sys.stderr)
        for kw in ({"flush": True}, {"sep": None}):
            try:
                print("x", "y", **kw)
            except TypeError as e:
                print(e)
        """))
    assert code == 0
    assert texts(doc) == ["ab|", "extra keyword arguments given",
                          "can't convert 'NoneType' object to str implicitly"]


def test_language_mix_matches_the_unix_build(run_json):
    # Closures/nonlocal, decorators, generators with send(), @property setters, super() chains,
    # `raise ... from`, a disable_irq() context manager: line for line what v1.29 prints.
    code, doc, _ = run_json("round2/lang_mix.py")
    assert code == 0
    assert texts(doc) == [
        "counter 7", "work 285 True", "fib [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]", "iter 1 [2, 3]",
        "Leaf[Mid<Base(x)>] 3 1 True", "VE k must be >= 0", "chained wrapped", "after cs 1",
        "y [0, 1, 2]", "generator [0, 1, 4, 9]", "dict comp {'a': 1, 'b': 2}", "1", "got hi", "2",
        "[3, 2, 1] 1 9", "star-1-2", "1 [2, 3]"]
    assert doc["violations"] == []


def test_isr_safe_ring_buffer_with_cached_bound_method(run_json):
    # The documented hard-ISR idiom (docs/reference/isr_rules.rst): preallocated array ring with
    # indices, bytearray written in place, micropython.schedule(self._report_ref, n) with the
    # bound method cached in __init__: nothing allocates, so no IRQ101.
    code, doc, _ = run_json("round2/ring_sampler.py")
    assert code == 0
    assert texts(doc) == ["report 10 55 10", "report 20 155 20", "done 23 0 [17, 18, 19]"]
    assert [v["code"] for v in doc["violations"]] == ["IRQ701"]   # _report drains and prints: over the 200 us budget


def test_asyncio_stream_lines_gather_and_cancellation(run_json):
    code, doc, _ = run_json("round2/async_lines.toml")
    assert code == 0
    assert texts(doc) == ["L a1", "L b2", "L quit", "r q", "blink stop 6", "gather [5, 1]",
                          "gather2 ['ValueError', 'int']", "raised boom", "awaited cancelled",
                          "current True", "after run True"]
