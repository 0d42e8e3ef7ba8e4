"""The normalisers against cases written as data: each file in tests/cases/ is a list of
``{in: …, out: …}``, the input of one function and what it must return, compared by
:mod:`expected` (``out`` in part for a record, exactly for a value; ``null`` for none).
A new case is one more line in a file; a new file needs its function named below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from expected import mismatches
from ybhj_parse.families.notice.table import read_label
from ybhj_parse.front.meta import read_date, split_recipients
from ybhj_parse.rules.loader import notice_rules
from ybhj_parse.values.attribution import Attribution, read_attribution
from ybhj_parse.values.deadlines import find_deadline, parse_deadline
from ybhj_parse.values.headings import match_heading
from ybhj_parse.values.numerals import parse_numeral
from ybhj_parse.values.units import parse_units

CASES = Path(__file__).resolve().parent / "cases"


def _fields(found: Attribution | None) -> dict[str, str] | None:
    if found is None:
        return None
    return {role: found.value(role) for role in ("lead", "responsible", "deadline")}


FUNCTIONS: dict[str, Callable[[str], Any]] = {
    "attributions": lambda text: _fields(read_attribution(text)),
    "dates": read_date,
    "deadlines": parse_deadline,
    "deadlines-in-text": lambda text: find_deadline(text, year=2022),
    "group-labels": lambda text: read_label(text, 1, notice_rules().tables[0]),
    "headings": lambda text: match_heading(text, line=7),
    "numerals": parse_numeral,
    "recipients": split_recipients,
    "units": parse_units,
}


def _cases() -> list[tuple[str, Any, Any]]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append((path.stem, case["in"], case["out"]))
    return found


ALL = _cases()


def test_every_case_file_names_its_function() -> None:
    assert sorted(p.stem for p in CASES.glob("*.yaml")) == sorted(FUNCTIONS)


@pytest.mark.parametrize(("name", "given", "out"), ALL, ids=[f"{n}:{g}" for n, g, _ in ALL])
def test_case(name: str, given: Any, out: Any) -> None:
    got = FUNCTIONS[name](given)
    problems = list(mismatches(got, out))
    assert not problems, "\n".join(problems)
