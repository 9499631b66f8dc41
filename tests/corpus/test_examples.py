"""examples/corpus: boot.py + main.py + a pre-loaded flash directory, run as a user would."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.conftest import texts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "datalogger"


def test_datalogger_example(run_json, tmp_path):
    code, doc, _ = run_json(EXAMPLE / "datalogger.toml", "--fs-out", str(tmp_path / "fs"))
    assert code == 0, doc["expectations"]
    assert texts(doc) == ["boot: config {'period_ms': 50, 'samples': 6}",
                          "logged 6 files ['boot.py', 'config.json', 'log.csv', 'main.py']"]
    assert (tmp_path / "fs" / "log.csv").read_text() == "t_ms,marks\n50,0\n100,0\n150,1\n200,1\n250,1\n300,1\n"
    assert sorted(p.name for p in (tmp_path / "fs").iterdir()) == ["boot.py", "config.json", "log.csv", "main.py"]
    assert not (EXAMPLE / "flash" / "log.csv").exists()
