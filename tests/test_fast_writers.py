"""The fast writers write exactly what the reference ones do, byte for byte."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from ybhj_parse.output import writers


@pytest.fixture(scope="module")
def both():
    return [ybhj_parse.parse_file(TASK_LIST), ybhj_parse.parse_file(NOTICE)]


@pytest.mark.parametrize("pick", ["list", "notice", "both"])
def test_json_equals_the_standard_library(both, pick):
    datasets = {"list": both[0], "notice": both[1], "both": both}[pick]
    assert writers.to_json(datasets) == writers.json_reference(datasets)


@pytest.mark.parametrize("value", [2.5, 0.35, 100.0, 1e-4, 1e-05, 3e-9, 1e16, 123456.789])
def test_json_of_any_float_equals_the_standard_library(both, value):
    dataset = copy.deepcopy(both[0])
    task = next(t for t in dataset.tasks if t.targets)
    task.targets[0].value = value
    out = writers.to_json(dataset)
    assert out == writers.json_reference(dataset)
    assert json.loads(out)["tasks"][dataset.tasks.index(task)]["targets"][0]["value"] == value


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("pick", ["list", "notice", "both"])
def test_libyaml_dumper_writes_what_the_pure_one_does(both, pick):
    datasets = {"list": both[0], "notice": both[1], "both": both}[pick]
    assert writers.yaml_dumper() is yaml.CSafeDumper
    fast, pure = writers.to_yaml(datasets), writers.to_yaml(datasets, fast=False)
    assert fast == pure
    assert "\\u" not in fast and "鄂州" in fast  # Chinese written as is, not escaped


def test_json_lines_one_line_per_dataset(both):
    lines = [writers.json_line(d) for d in both]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [json.loads(line) for line in lines] == [json.loads(writers.to_json(d)) for d in both]
