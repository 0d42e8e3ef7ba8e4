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


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_cycle_inside_a_package() -> None:
    """Inside one package the modules import one way too (a function's own imports count): a
    reader never imports the dispatcher back, a writer never the module that chooses it."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        package = name.rsplit(".", 1)[0]
        graph[name] = {m for m in _imports(path) if m.rsplit(".", 1)[0] == package and m != name}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph.get(module, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
