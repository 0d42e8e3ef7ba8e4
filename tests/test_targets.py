"""Quantified targets and keywords: the tasks of the 2022 list and single phrases, as data
(tests/fixtures/targets/*.yaml)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

import ybhj_parse
from conftest import FIXTURES, ROOT
from ybhj_parse.model.contract import to_data
from ybhj_parse.model.records import Dataset
from ybhj_parse.values.targets import find_keywords, find_targets

CASES: dict[str, Any] = yaml.safe_load((FIXTURES / "targets" / "ezhou-2022.yaml").read_text(encoding="utf-8"))


@cache
def dataset() -> Dataset:
    return ybhj_parse.parse_file(ROOT / CASES["source"])


@pytest.mark.parametrize("case", CASES["tasks"], ids=lambda c: f"seq {c['seq']}")
def test_targets_of_a_task(case: dict[str, Any]) -> None:
    task = next(t for t in dataset().tasks if t.seq == case["seq"])
    expected = [{"value_max": None, **target} for target in case["targets"]]
    assert to_data(task.targets) == expected
    assert [task.text[t.start : t.end] for t in task.targets] == [t.phrase for t in task.targets]
    assert task.keywords == case["keywords"]


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["text"][:12])
def test_targets_of_a_phrase(case: dict[str, Any]) -> None:
    found = [[t.phrase, t.value, t.unit, t.comparator] for t in find_targets(case["text"])]
    assert found == case["targets"]


def test_whole_numbers_stay_whole() -> None:
    values = [t.value for t in find_targets("0.5天内办结，压减至5次")]
    assert values == [0.5, 5]
    assert [type(v) for v in values] == [float, int]


def test_counts_over_the_whole_list() -> None:
    tasks = dataset().tasks
    assert sum(len(t.targets) for t in tasks) == 55
    assert sum(bool(t.targets) for t in tasks) == 30
    assert sum(bool(t.keywords) for t in tasks) == 49


def test_keywords_once_each_in_order() -> None:
    text = "推进“证照分离”改革，实行「一业一证」，深化“证照分离”，“ ”"
    assert find_keywords(text) == ["证照分离", "一业一证"]
