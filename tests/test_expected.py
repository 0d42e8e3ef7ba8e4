"""Documents against their expected records: each seed ``data/raw/NAME.txt`` and each
``tests/fixtures/notice/NAME.txt`` has a ``NAME.expected.yaml`` beside it, and is parsed
and checked by :mod:`expected` (whose docstring says how an expected file reads).  A new
check is a line in one of those files; a new case is a pair of files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import ybhj_parse
from conftest import FIXTURES, RAW, ROOT
from expected import mismatches
from ybhj_parse.model.records import DocNumber

CASES = [*sorted(RAW.glob("*.expected.yaml")), *sorted((FIXTURES / "notice").glob("*.expected.yaml"))]


def _input(expected: Path) -> Path:
    return expected.with_name(expected.name.removesuffix(".expected.yaml") + ".txt")


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_seed(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the source path is recorded as given: data/raw/NAME.txt
    dataset = ybhj_parse.parse_file(_input(path).relative_to(ROOT).as_posix())
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = list(mismatches(dataset, expected))
    assert not problems, "\n".join(problems)


def test_every_seed_has_its_expected_records() -> None:
    assert [_input(p) for p in CASES] == [
        *sorted(RAW.glob("*.txt")),
        *sorted((FIXTURES / "notice").glob("*.txt")),
    ]


def test_the_reader_reports_every_mismatch_with_its_place() -> None:
    """The format's rules, each shown failing once (a reader that passes everything passes nothing)."""
    number = DocNumber(raw="鄂州优化发〔2023〕6号", prefix="鄂州优化发", year=2023, serial=6)
    record = SimpleNamespace(numbers=[number, replace(number, serial=7)], cells={"seq": 1, "text": 2})
    expected = {
        "numbers": {
            "length": 3,
            "each": {"year": 2024},
            "by_serial": {6: {"prefix": {"startswith": "鄂州市"}}, 8: {}},
            "column": {"serial": "6..8"},
            "tally": {"year, serial": {"2023, 6": 2}},
            "count": [{"where": {"serial": 7}, "is": 2}],
        },
        "cells": {"text": 2, "seq": 1},
    }
    assert list(mismatches(record, expected)) == [
        "numbers.length: expected 3, got 2",
        "numbers[0].year: expected 2024, got 2023",
        "numbers[1].year: expected 2024, got 2023",
        "numbers[serial=6].prefix: '鄂州优化发' does not start with '鄂州市'",
        "numbers: no item with serial 8",
        "numbers.column.serial: expected 3 items, got 2: [6, 7]",
        "numbers.tally.year, serial: expected {'2023, 6': 2}, got {'2023, 6': 1, '2023, 7': 1}",
        "numbers.count{'serial': 7}: expected 2, got 1",
        "cells: expected {'text': 2, 'seq': 1}, got {'seq': 1, 'text': 2}",
    ]
    assert list(mismatches(number, {"year": True, "serial": 6.0, "raw": None})) == [
        "year: expected True, got 2023",
        "raw: expected None, got '鄂州优化发〔2023〕6号'",
    ]
