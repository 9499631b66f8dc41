"""The import direction is one-way (lower layers never import higher ones), and
``import irqsim`` has no side effects. Folder names are the architecture."""

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "irqsim"

# Lowest first. Deviation from design/ARCHITECTURE.md: spec sits above hw because a
# scenario is validated against each part's declared pins, parameters and actions.
LAYERS = [
    {"errors"}, {"units"}, {"kernel"}, {"trace"}, {"hw"}, {"spec"},
    {"runtime", "rtos"}, {"mpy", "analysis"}, {"steps", "stats", "expect"}, {"sim"},
    {"calibrate", "report", "lint"}, {"races", "models", "sweep", "testing_result"},
    {"testing", "grade", "labs"}, {"pytest_plugin", "cli", "__init__"}, {"__main__"},
]
LEVEL = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def imports_of(path: Path) -> set[str]:
    rel = path.relative_to(SRC)
    pkg = list(rel.parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [node.names[0].name])
                if target:
                    out.add(target[0])
            elif node.module and node.module.startswith("irqsim."):
                out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("irqsim.")}
    return {t.removesuffix(".py") for t in out}


def test_every_module_is_in_a_layer():
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in SRC.rglob("*.py")}
    assert tops <= set(LEVEL), tops - set(LEVEL)


def test_imports_only_go_down():
    wrong = []
    for path in SRC.rglob("*.py"):
        top = path.relative_to(SRC).parts[0].removesuffix(".py")
        for target in imports_of(path):
            if target == top or target == "__version__":
                continue
            if LEVEL.get(target, -1) >= LEVEL[top]:
                wrong.append(f"{path.relative_to(SRC)} imports {target}")
    assert wrong == []


def test_import_irqsim_has_no_side_effects():
    code = ("import sys, irqsim; bad = [m for m in sys.modules if m.startswith('irqsim.') or m in "
            "('machine', 'micropython', 'utime', 'rp2')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
