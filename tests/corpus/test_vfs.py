"""The flash filesystem (mpy/vfs.py): MicroPython's lfs2 behaviour and messages, confinement,
pre-loading from a scenario directory, and the files after the run."""

from __future__ import annotations

import json

from tests.corpus.conftest import texts


def test_errors_match_micropython(run_json, write_fw):
    # extmod/vfs_lfsx.c + py/objexcept.c: OSError(errno) printed "[Errno N] NAME" (bare N
    # for codes outside py/mperrno.h's table); closed file -> ValueError with no message.
    fw = write_fw("""
        import os
        def t(fn, *a):
            try:
                fn(*a)
                print("ok")
            except Exception as e:
                print(type(e).__name__, e.args, e)
        os.mkdir("d")
        t(os.mkdir, "d")
        t(open, "nope.txt")
        t(open, "d")
        t(open, "d/x", "rw")
        with open("d/f", "w") as f:
            f.write("x")
        t(os.rmdir, "d")
        t(os.remove, "missing")
        f = open("d/f")
        t(f.write, "y")
        f.close()
        t(f.read)
        t(os.listdir, "d/f")
        t(os.chdir, "zz")
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc) == [
        "OSError (17,) [Errno 17] EEXIST", "OSError (2,) [Errno 2] ENOENT", "OSError (21,) [Errno 21] EISDIR",
        "ValueError () ", "OSError (39,) 39", "OSError (2,) [Errno 2] ENOENT", "OSError (9,) [Errno 9] EBADF",
        "ValueError () ", "OSError (20,) 20", "OSError (2,) [Errno 2] ENOENT"]


def test_uncaught_oserror_traceback_text(run_json, write_fw):
    code, doc, _ = run_json(write_fw('open("config.json")\n'))
    assert code == 1
    assert texts(doc)[-1] == "OSError: [Errno 2] ENOENT"
    assert doc["firmware_error"]["message"] == "OSError: [Errno 2] ENOENT"


def test_text_binary_seek_readinto_iteration_append(run_json, write_fw):
    fw = write_fw("""
        import os
        with open("b.bin", "wb") as f:
            print(f.write(bytes(range(10))), f.tell())
        buf = bytearray(4)
        with open("b.bin", "rb") as f:
            print(f.seek(3), f.readinto(buf), buf, f.read(2), f.seek(-1, 2), f.read())
        with open("t.txt", "w") as f:
            f.write("héllo\\nworld\\n")
        with open("t.txt", "a") as f:
            f.write("end")
        with open("t.txt") as f:
            print(repr(f.read(2)), repr(f.readline()), [l for l in f])
        print(os.stat("t.txt")[:7], os.stat("/")[0], os.getcwd())
        os.chdir("/")
        print(sorted(os.ilistdir()))
    """)
    code, doc, _ = run_json(fw)
    assert code == 0
    n = len("h\u00e9llo\nworld\nend".encode())
    assert texts(doc) == [
        "10 10",
        "3 4 bytearray(b'\\x03\\x04\\x05\\x06') b'\\x07\\x08' 9 b'\\t'",
        "'h\u00e9' 'llo\\n' ['world\\n', 'end']",
        f"(32768, 0, 0, 0, 0, 0, {n}) 16384 /",
        f"[('b.bin', 32768, 0, 10), ('main.py', 32768, 0, {len(fw.read_bytes())}), ('t.txt', 32768, 0, {n})]"]


def test_unflushed_data_is_not_on_flash(run_json, write_fw):
    # lfs_file_sync commits: a logger that never flushes loses its data at power-off.
    fw = write_fw("""
        import time
        log = open("log.txt", "w")
        synced = open("ok.txt", "w")
        for i in range(3):
            log.write("line %d\\n" % i)
            synced.write("line %d\\n" % i)
            synced.flush()
        time.sleep_ms(5)
    """)
    code, doc, _ = run_json(fw, "--duration", "50ms")
    files = {f["path"]: f for f in doc["fs"]["files"]}
    assert files["/log.txt"]["size"] == 0
    assert files["/ok.txt"]["text"] == "line 0\nline 1\nline 2\n"
    assert doc["fs"]["unsynced"] == ["/log.txt"]


def test_no_host_files_and_no_escape(run_json, write_fw, tmp_path):
    (tmp_path / "secret.txt").write_text("host data")
    fw = write_fw("""
        import os
        for p in ("secret.txt", "../secret.txt", "/etc/passwd", "../../../etc/hostname"):
            try:
                open(p)
                print("opened", p)
            except OSError as e:
                print(p, e)
        print(os.listdir("/"), os.listdir(".."))
    """, name="fw.py")
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["secret.txt [Errno 2] ENOENT", "../secret.txt [Errno 2] ENOENT",
                          "/etc/passwd [Errno 2] ENOENT", "../../../etc/hostname [Errno 2] ENOENT",
                          "['fw.py'] ['fw.py']"]


def test_scenario_fs_preload_and_fs_out(run_json, write_fw, tmp_path):
    flash = tmp_path / "flash"
    (flash / "lib").mkdir(parents=True)
    (flash / "config.json").write_text('{"rate": 5}')
    (flash / "lib" / "notes.txt").write_text("a\n")
    write_fw("""
        import json, os
        with open("config.json") as f:
            cfg = json.load(f)
        print(cfg["rate"], os.listdir(), os.listdir("lib"))
        with open("out.txt", "w") as f:
            f.write("rate=%d" % cfg["rate"])
        os.remove("lib/notes.txt")
    """, name="app.py")
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema = 1\nfirmware = "app.py"\nfs = "flash"\nduration = "10ms"\n')
    out = tmp_path / "after"
    code, doc, _ = run_json(scenario, "--fs-out", str(out))
    assert code == 0
    assert texts(doc) == ["5 ['app.py', 'config.json', 'lib'] ['notes.txt']"]
    assert (out / "out.txt").read_text() == "rate=5"
    assert (out / "config.json").exists() and not (out / "lib" / "notes.txt").exists()
    assert (flash / "lib" / "notes.txt").exists()   # the host directory is only read


def test_scenario_fs_must_exist(run_json, tmp_path):
    (tmp_path / "m.py").write_text("pass\n")
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema = 1\nfirmware = "m.py"\nfs = "nothere"\n')
    code, doc, err = run_json(scenario)
    assert code == 2 and "s.toml:3: fs directory not found: nothere" in err


def test_flash_commit_masks_interrupts(run_json, write_fw):
    # rp2_flash.c runs erase/program with interrupts disabled: a hard timer IRQ due during a
    # 5 KiB commit waits for the flash (45 ms sector erase, W25Q32JV typical).
    fw = write_fw("""
        from machine import Timer
        import time
        t0 = 0
        late = []
        def tick(t):
            late.append(time.ticks_diff(time.ticks_us(), t0))
        t0 = time.ticks_us()
        tm = Timer(period=10, mode=Timer.ONE_SHOT, callback=tick, hard=True)
        with open("big.bin", "wb") as f:
            time.sleep_ms(9)
            f.write(bytes(5000))
        time.sleep_ms(200)
        print(late[0] > 50_000)
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["True"]
    assert doc["stats"]["masked"]["longest_us"] == 45_000.0   # one sector erase
    assert not [v for v in doc["violations"] if v["code"] == "IRQ702"]   # not the firmware's critical section


def test_same_run_same_files(run_json):
    a = run_json("filelog.py")[1]
    b = run_json("filelog.py")[1]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_import_from_the_filesystem(run_json, write_fw, tmp_path):
    # On the board every module lives on the VFS; sys.path is ["", ".frozen", "/lib"].
    flash = tmp_path / "flash"
    (flash / "lib").mkdir(parents=True)
    (flash / "lib" / "helper.py").write_text("def twice(x):\n    return 2 * x\n")
    write_fw("""
        import helper
        with open("gen.py", "w") as f:
            f.write("VALUE = 7\\ndef boom():\\n    raise ValueError('gen')\\n")
        import gen
        print(helper.twice(gen.VALUE))
        gen.boom()
    """, name="app.py")
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema = 1\nfirmware = "app.py"\nfs = "flash"\nduration = "10ms"\n')
    code, doc, _ = run_json(scenario)
    assert texts(doc) == ["14", "Traceback (most recent call last):", '  File "app.py", line 7, in <module>',
                          '  File "gen.py", line 3, in boom', "ValueError: gen"]


def test_open_in_a_hard_handler_is_a_memory_error(run_json, write_fw):
    # the file object is heap-allocated; hard handlers run with the heap locked
    fw = write_fw("""
        import micropython
        from machine import Timer
        import time
        micropython.alloc_emergency_exception_buf(100)
        def isr(t):
            open("log.txt", "a")
        Timer(period=1, mode=Timer.ONE_SHOT, callback=isr, hard=True)
        time.sleep_ms(5)
    """)
    code, doc, _ = run_json(fw)
    assert code == 1
    assert texts(doc)[0] == "Uncaught exception in IRQ callback handler"
    assert texts(doc)[-1] == "MemoryError: memory allocation failed, heap is locked"
    assert [v["code"] for v in doc["violations"]] == ["IRQ101"]


def test_open_signature(run_json, write_fw):
    # extmod/vfs.c mp_vfs_open: file, mode, buffering, encoding (CPython's newline= is not there)
    fw = write_fw("""
        with open("a.txt", "w", encoding="utf-8") as f:
            f.write("x")
        print(open(file="a.txt", mode="r", buffering=0).read())
        try:
            open("a.txt", newline="")
        except TypeError as e:
            print(e)
    """)
    code, doc, _ = run_json(fw)
    assert texts(doc) == ["x", "extra keyword arguments given"]
