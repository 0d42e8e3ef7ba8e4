"""The package's shape: stage subpackages whose imports run one way, and families that never
import each other (docs/ARCHITECTURE.md draws the picture)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ybhj_parse"

# Lowest first: a subpackage may import itself and the ones before it, never one after it.
LAYERS = [
    "errors",
    "model",
    "source",
    "rules",
    "values",
    "blocks",
    "front",
    "records",
    "families",
    "output",
    "run",
    "answers",
]
FAMILIES = ["table", "notice", "prose"]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ybhj_parse."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ybhj_parse."))
    return found


def _stage(module: str) -> str:
    return module.split(".")[1]


def test_subpackage_imports_run_one_way() -> None:
    wrong = []
    for layer in LAYERS[1:]:
        for path in (PACKAGE / layer).rglob("*.py"):
            for module in _imports(path):
                stage = _stage(module)
                if stage in LAYERS and LAYERS.index(stage) > LAYERS.index(layer):
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert wrong == []


def test_no_family_imports_another() -> None:
    wrong = []
    for family in FAMILIES:
        for path in (PACKAGE / "families" / family).rglob("*.py"):
            for module in _imports(path):
                parts = module.split(".")
                if parts[1] == "families" and len(parts) > 2 and parts[2] != family:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert wrong == []


def test_package_top_holds_a_handful_of_modules() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py", "cli.py", "errors.py"]
