"""The corpus: programs in the styles found in public Pico MicroPython code, run end to end
through ``irqsim run --json`` with asserted output (each one once exposed a gap or pins a
behaviour real MicroPython has)."""

from __future__ import annotations

from tests.corpus.conftest import texts


def test_rotary_transition_table_with_schedule(run_json):
    # Pin.irq on both pins + class-level const() + micropython.schedule from a soft handler.
    code, doc, _ = run_json("rotary_sched.toml")
    assert code == 0
    # half-step table: 2 counts per detent; 4 detents CW then 2 CCW
    assert texts(doc) == ["value 0", "value 2", "value 4", "value 6", "value 8", "value 6", "value 4"]
    assert [v["code"] for v in doc["violations"]] == ["IRQ401"]   # schedule() from a soft handler: a note


def test_debounced_button_with_one_shot_timer(run_json):
    code, doc, _ = run_json("debounce_class.toml")
    assert code == 0
    assert texts(doc) == ["press 1 at 120 ms", "press 2 at 520 ms"]   # press + 20 ms settle


def test_asyncio_primitives_event_delay_threadsafeflag(run_json):
    code, doc, _ = run_json("async_prims.toml")
    assert code == 0
    assert texts(doc) == ["closed; retrigger", "delay expired", "tsf 1"]


def test_uart_line_reader_on_rxidle(run_json):
    code, doc, _ = run_json("uart_lines.toml")
    assert texts(doc) == ["line: hello", "line: a", "line: b"]
    # uart.read() with no size waits timeout_char (>= 1 ms) after the last byte: a long soft handler
    assert "IRQ701" in [v["code"] for v in doc["violations"]]


def test_print_exception_in_scheduled_timer_callback_and_struct(run_json):
    code, doc, _ = run_json("exc_handler.py")
    assert code == 0
    assert texts(doc) == ["pkt 8 (1, -1)", "Traceback (most recent call last):",
                          '  File "exc_handler.py", line 15, in cb', "ValueError: bad sample 2",
                          "pkt 8 (3, -3)", "done 3"]


def test_ring_buffer_native_viper_and_gc_threshold(run_json):
    code, doc, _ = run_json("ringbuf_native.py")
    assert code == 0
    out = texts(doc)
    assert out[0] == "threshold True"      # gc.threshold(n) then gc.threshold() > 0 (was always -1)
    assert out[1] == "sum 45 got True cpu ticks True"
    assert out[2].startswith("stack: ") and out[3].startswith("GC: total: ")


def test_watchdog_lightsleep_bootsel(run_json):
    code, doc, _ = run_json("wdt_sleep.py")
    assert code == 0
    assert texts(doc) == ["power on"] + [f"tick {i} bootsel 0" for i in range(5)] + ["freq 150000000"]


def test_pin_naming_styles(run_json):
    # Pin.board.LED / Pin.board.GP3 were missing ("type object 'Pin' has no attribute 'board'")
    code, doc, _ = run_json("board_pins.py")
    assert code == 0
    assert texts(doc) == ["1 1 Pin(GPIO3, mode=ALT, alt=31) 0", "Pin(GPIO25, mode=OUT)"]


def test_file_logger(run_json):
    code, doc, _ = run_json("filelog.py")
    assert code == 0
    assert texts(doc) == ["['filelog.py']", "16", "t,v", "0,0", "1,1", "2,4",
                          "err 2 [Errno 2] ENOENT", "['old.csv']", "4096 True"]
    files = {f["path"]: f for f in doc["fs"]["files"]}
    assert files["/logs/old.csv"]["text"] == "t,v\n0,0\n1,1\n2,4\n"
    assert files["/filelog.py"]["changed"] is False and "text" not in files["/filelog.py"]
    assert doc["fs"]["dirs"] == ["/", "/logs"]


def test_second_core_runs(run_json):
    # core 1 is simulated (mpy/core1.py; tests/thread has the interleaving tests)
    code, doc, _ = run_json("thread_core1.py", "--duration", "50ms")
    assert code == 0 and texts(doc) == ["started"] and doc["end_reason"] == "duration"


def test_temperature_logger_appends_to_flash(run_json):
    # class-body open(...).close(), `with open(name, "a")` per sample, f-string float format
    code, doc, _ = run_json("temp_logger.py", "--duration", "600ms")
    assert code == 0
    assert texts(doc) == ["samples 4 bytes 28 beats 80"]
    (log,) = [f for f in doc["fs"]["files"] if f["changed"]]
    assert log["path"] == "/temps.csv" and log["text"].count("\n") == 4
    # each commit programs pages with IRQs off (rp2_flash.c): 0.4 ms windows, not the budget rule
    assert doc["stats"]["masked"]["longest_us"] == 400.0


def test_inherited_bound_method_in_a_hard_isr_allocates(run_json):
    # `self._cb` as a value builds a bound method object (py/objboundmeth.c) even when _cb is
    # inherited; in a hard handler that is MemoryError, and the periodic timer stops
    # (ports/rp2/machine_timer.c, shared/runtime/mpirq.c). The pre-bound `_cb_ref` idiom works.
    code, doc, _ = run_json("bound_method_isr.py")
    out = texts(doc)
    assert out[:4] == ["Uncaught exception in IRQ callback handler", "Traceback (most recent call last):",
                       '  File "bound_method_isr.py", line 25, in _isr',
                       "MemoryError: memory allocation failed, heap is locked"]
    assert "11 3" in out and out.count("scheduled 3") == 0
    assert [v["code"] for v in doc["violations"]] == ["IRQ101"]


def test_driver_package_with_relative_and_lazy_imports(run_json):
    # py/builtinimport.c: packages, submodules as parent attributes, relative imports resolved
    # against the importing module (current globals when __import__ gets globals=None)
    code, doc, err = run_json("pkgapp/main.py")
    assert code == 0
    assert texts(doc) == ["3 coroutine 0 True gadgets",
                          "ImportError cannot import name 'nothing' from 'gadgets' (__init__.py)",
                          "ImportError can't perform relative import"]
    assert "Warning" not in err   # type(_probe()): no "coroutine was never awaited" from CPython


def test_import_error_traceback_text(run_json, write_fw):
    code, doc, _ = run_json(write_fw("from machine import Nope\n"))
    assert texts(doc)[-1] == "ImportError: can't import name Nope"   # py/runtime.c mp_import_from
