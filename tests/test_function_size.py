"""Small functions: none in the package is longer than about 60 lines (ruff's C901, run by
make test, holds their complexity to 15)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "src" / "ybhj_parse"
MAX_LINES = 60
# Longer ones, each to be split by whoever next changes it: (file, function).
KNOWN_LONG: set[tuple[str, str]] = set()


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                where = (str(path.relative_to(PACKAGE)), node.name)
                if size > MAX_LINES and where not in KNOWN_LONG:
                    long.append((*where, size))
    assert long == []


# radon counts every boolean operator and comprehension as a branch, where ruff's C901 does not:
# its bound is the looser one, and both hold.
MAX_RADON = 20


def test_no_function_is_over_radon_complexity_twenty():
    from radon.complexity import cc_visit

    over = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_RADON:
                over.append((str(path.relative_to(PACKAGE)), block.name, block.complexity))
    assert over == []
