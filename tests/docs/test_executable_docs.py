"""The docs cannot rot: every ``irqsim ...`` command in README.md and docs/*.md parses with
the real CLI, every runnable one runs (in-process, ``irqsim.cli.main``), every marked code
block runs (see docsnippets.py for the markers), and the reference tables list every part
type and every subcommand.

Heavy commands run reduced (fewer sweep points, fewer lab rates): the point is that what
the docs say can be typed and works, not to redo the experiment.
"""

from __future__ import annotations

import argparse
import re
import textwrap

import pytest
from tests.docs.docsnippets import ROOT, blocks, commands

from irqsim.cli import COMMANDS, build_parser, main

ALL = commands()


def _subcommand_names(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """The subcommand path argv selects: ['lab', 'rta'] for `irqsim lab rta x.toml`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and argv and argv[0] in action.choices:
            return [argv[0]] + _subcommand_names(action.choices[argv[0]], argv[1:])
    return []


def _is_mention(argv: list[str]) -> bool:
    """`irqsim races` in prose names a command; it is no command line to run."""
    depth = len(_subcommand_names(build_parser(), argv))
    return depth and len([a for a in argv if not a.startswith("-")]) <= depth and argv != ["boards"]


RUNNABLE = [c for c in ALL if c.runnable and not _is_mention(c.argv)]
# Documented outcomes other than 0: lint/races find something, --strict fails a violation.
FINDS_SOMETHING = {("lint", "examples/"), ("races", "examples/races/torn_read.toml"),
                   ("lab", "rta", "examples/rtos/autosar_categories.toml", "--strict")}
# Heavy commands, reduced: (argv prefix) -> replacements applied token by token.
REDUCE = {
    ("lab", "limits"): lambda argv: argv + ["--rates", "1kHz,10kHz", "--no-bisect"],
    ("sweep",): lambda argv: [re.sub(r":(log|lin):\d+$", r":\1:2", a) for a in argv],
}


def _reduce(argv: list[str]) -> list[str]:
    for prefix, fn in REDUCE.items():
        if tuple(argv[:len(prefix)]) == prefix:
            argv = fn(argv)
            if "--seeds" in argv:
                argv[argv.index("--seeds") + 1] = "1"
            if "--workers" in argv:
                argv[argv.index("--workers") + 1] = "1"
    return argv


def _absolute(argv: list[str]) -> list[str]:
    """Repository paths made absolute, so outputs (a.vcd, grades/, results.csv) land in tmp."""
    return [str(ROOT / a) if not a.startswith("-") and ("/" in a or "." in a) and (ROOT / a).exists() else a
            for a in argv]


@pytest.mark.parametrize("cmd", ALL, ids=[f"{c.doc}:{c.line}:{c.text[:40]}" for c in ALL])
def test_every_documented_command_parses(cmd, tmp_path):
    """Templates too: placeholders become real files, `a|b` its first choice, `[x]` x."""
    argv = [a for a in cmd.argv]
    real = {"toml": str(ROOT / "examples/seed/button_flag.toml"), "py": str(ROOT / "examples/seed/button_flag.py")}
    for i, a in enumerate(argv):
        if a.endswith(".toml") and not (ROOT / a).exists() and not a.startswith("-"):
            argv[i] = real["toml"] if i and argv[i - 1] != "--suite" else a
        elif a.endswith(".py") and not (ROOT / a).exists():
            argv[i] = real["py"]
    parser = build_parser()
    names = _subcommand_names(parser, argv)
    assert names and names[0] == argv[0], f"{cmd}: no subcommand '{argv[0]}'"
    if len(argv) > len(names) and argv[len(names)] == "NAME":
        return   # `irqsim lab NAME`: the reader picks the subcommand
    if _is_mention(argv):
        return
    try:
        parser.parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"{cmd}: the CLI rejects this documented command (exit {exc.code})")


@pytest.mark.parametrize("cmd", RUNNABLE, ids=[f"{c.doc}:{c.line}:{c.text[:40]}" for c in RUNNABLE])
def test_every_runnable_documented_command_runs(cmd, tmp_path, monkeypatch, capsys):
    if "--parquet" in cmd.argv:
        pytest.importorskip("pyarrow", reason="--parquet needs the 'sweep' extra")
    if "--plot" in cmd.argv or cmd.argv[0] == "plot":
        pytest.importorskip("matplotlib", reason="--plot needs the 'plot' extra")
    monkeypatch.chdir(tmp_path)
    argv = _reduce(_absolute(cmd.argv))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err, f"{cmd}\n{err}"
    expected = 1 if tuple(cmd.argv) in FINDS_SOMETHING else 0
    assert code == expected, f"{cmd}: exit {code}\n{out[-1500:]}\n{err[-1500:]}"


def test_the_extractor_sees_the_commands_it_should():
    """The test above must not pass by finding nothing."""
    texts = [c.text for c in RUNNABLE]
    assert any(t.startswith("irqsim run examples/seed/ultrasonic_irq.toml") for t in texts)
    assert any(t.startswith("irqsim sweep examples/seed/encoder_limits.toml") for t in texts)
    assert len(RUNNABLE) >= 15 and len(ALL) >= 40


# ---- marked code blocks ----------------------------------------------------------------

BLOCKS = blocks()
MARKED = [b for b in BLOCKS if b.kind]
EMPTY_MAIN = "import time\nwhile True:\n    time.sleep_ms(10)\n"


def test_every_toml_block_is_valid_toml():
    import tomllib

    for b in BLOCKS:
        if b.lang == "toml":
            try:
                tomllib.loads(b.text)
            except tomllib.TOMLDecodeError as exc:
                pytest.fail(f"{b}: {exc}")


def test_blocks_are_marked():
    """Each runnable kind is used, so a renamed marker cannot silently switch the test off."""
    kinds = {b.kind for b in MARKED}
    assert {"scenario", "fragment", "firmware", "pytest"} <= kinds, kinds


@pytest.mark.parametrize("block", MARKED, ids=[f"{b.doc}:{b.line}" for b in MARKED])
def test_marked_block_runs(block, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    opts = block.options
    src_dir = ROOT / opts.get("dir", "examples")
    if block.kind == "fragment":
        (tmp_path / "main.py").write_text(EMPTY_MAIN)
        (tmp_path / "s.toml").write_text('schema = 1\nfirmware = "main.py"\nduration = "100ms"\n' + block.text)
        code = main(["check", str(tmp_path / "s.toml")])
        out, err = capsys.readouterr()
        assert code == 0, f"{block}\n{err}"
    elif block.kind == "scenario":
        path = tmp_path / "s.toml"
        path.write_text(block.text)
        import tomllib

        fw = tomllib.loads(block.text)["firmware"]
        (tmp_path / fw).write_text((src_dir / fw).read_text())
        argv = ["run", str(path)] + (["--duration", opts["duration"]] if "duration" in opts else [])
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in out + err, f"{block}\n{out}\n{err}"
    elif block.kind == "firmware":
        fw = tmp_path / "main.py"
        fw.write_text(block.text)
        argv = ["run", str(fw), "--duration", opts.get("duration", "100ms")]
        for part in opts.get("parts", "").split(";"):
            if part:
                argv += ["--part", part]
        for at in opts.get("at", "").split(";"):
            if at:
                argv += ["--at", at]
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in out + err, f"{block}\n{out}\n{err}"
        if "expect" in opts:
            assert opts["expect"].replace("_", " ") in out, f"{block}\n{out}"
    elif block.kind == "pytest":
        _run_pytest_block(block, src_dir, tmp_path)
    else:
        pytest.fail(f"{block}: unknown doctest kind '{block.kind}'")


def _run_pytest_block(block, src_dir, tmp_path):
    """Call each test function with a real Bench, as the irqsim_sim fixture would."""
    from irqsim.testing import Bench

    ns: dict = {}
    exec(compile(textwrap.dedent(block.text), f"{block.doc}:{block.line}", "exec"), ns)
    tests = [f for name, f in ns.items() if name.startswith("test_") and callable(f)]
    assert tests, f"{block}: no test functions"
    for test in tests:
        test(Bench(base_dir=src_dir))


# ---- reference tables ------------------------------------------------------------------

def test_every_part_type_is_in_docs_parts():
    from irqsim.hw.parts import PARTS

    text = (ROOT / "docs/parts.md").read_text(encoding="utf-8")
    missing = [name for name in PARTS if f"`{name}`" not in text]
    assert not missing, f"docs/parts.md does not describe: {', '.join(missing)}"


def test_every_subcommand_is_in_the_readme_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in text.splitlines() if line.startswith("|"))
    parser = build_parser()
    names = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names = list(action.choices)
    assert set(names) >= {"run", "check"}, names
    missing = [n for n in names if f"`irqsim {n}" not in table and f"`irqsim {n} " not in table]
    assert not missing, f"README's command table lacks: {', '.join(missing)}"
    assert set(names) <= set(COMMANDS)


def test_every_scenario_key_is_in_docs_scenario():
    from irqsim.spec.scenario import EXPECT_KEYS, TOP_KEYS

    text = (ROOT / "docs/scenario.md").read_text(encoding="utf-8")
    missing = [k for k in sorted(TOP_KEYS) if f"`{k}`" not in text and f"[[{k}]]" not in text]
    assert not missing, f"docs/scenario.md does not describe: {', '.join(missing)}"
    kinds = ("stdout", "not_stdout", "pin", "handler", "no_violations", "no_lost_edges")
    assert all(f"`{k}`" in text for k in kinds if k in EXPECT_KEYS)


def test_the_help_epilog_commands_parse():
    parser = build_parser()
    lines = [ln.strip().split("   ")[0] if ln.startswith("  irqsim ") else "" for ln in parser.epilog.splitlines()]
    argvs = [ln.split()[1:] for ln in lines if ln.startswith("irqsim ") and "COMMAND" not in ln]
    assert len(argvs) >= 3
    for argv in argvs:
        args = build_parser().parse_args(argv)
        assert args.func
