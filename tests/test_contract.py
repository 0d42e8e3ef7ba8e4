"""The stored contract (model/contract.json) and the one check of a whole dataset."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

import pytest
from pydantic_core import ValidationError

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.model import contract
from ybhj_parse.output.schemas import contract_text


def test_the_stored_contract_is_what_pydantic_generates_from_the_records():
    assert contract.CONTRACT_FILE.read_text(encoding="utf-8") == contract_text()


def test_a_parse_ends_with_a_checked_dataset_of_new_records(task_list):
    again = contract.validated(task_list)
    assert again == task_list and again is not task_list
    assert again.tasks[38].lead_units == task_list.tasks[38].lead_units


def _broken(task_list, change):
    broken = copy.deepcopy(task_list)
    change(broken.tasks[23])
    return broken


@pytest.mark.parametrize(
    ("change", "loc", "kind"),
    [
        (lambda t: setattr(t, "seq", "24"), ("tasks", 23, "seq"), "int_type"),
        (lambda t: setattr(t.deadline, "due", "2022-12-31"), ("tasks", 23, "deadline", "due"), "date_type"),
        (lambda t: t.lead_units.append(None), ("tasks", 23, "lead_units", 1), "string_type"),
        (lambda t: setattr(t.source, "line", None), ("tasks", 23, "source", "line"), "int_type"),
    ],
)
def test_a_value_built_with_the_wrong_type_is_refused_where_it_is(task_list, change, loc, kind):
    with pytest.raises(ValidationError) as caught:
        contract.validated(_broken(task_list, change))
    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [(loc, kind)]


def test_seq_24_due_date_survives_the_check(task_list):
    task = contract.validated(task_list).tasks[23]
    assert (task.seq, task.deadline.raw, task.deadline.due) == (24, "2022年12月底", dt.date(2022, 12, 31))


def test_another_pydantic_core_gets_the_validator_pydantic_generates(monkeypatch, task_list):
    stored = contract.validator()
    contract.validator.cache_clear()
    monkeypatch.setattr("pydantic_core.__version__", "0.0.0")
    try:
        generated = contract.validator()
        assert generated is not stored
        assert generated.validate_python(task_list, strict=True) == task_list
        broken = _broken(task_list, lambda t: setattr(t, "seq", "24"))
        with pytest.raises(ValidationError):
            generated.validate_python(broken, strict=True)
    finally:
        contract.validator.cache_clear()


def test_the_data_leaves_out_what_a_text_export_has_not():
    dataset = ybhj_parse.parse_file(TASK_LIST)
    data = contract.to_data(dataset)
    assert "pilot_items" not in data and "completeness" not in data
    assert "format" not in data["document"]["source"]
    assert set(data["tasks"][38]["source"]) == {"line", "end_line", "cells"}
    assert data["tasks"][23]["deadline"]["due"] == "2022-12-31"


def test_extract_builds_the_validator_without_importing_pydantic(tmp_path):
    """What keeps a cold extract fast: pydantic-core alone, from the stored schema."""
    code = (
        "import sys; from ybhj_parse.cli import main\n"
        "try: main(['extract', '-q', sys.argv[1], '-o', sys.argv[2]], standalone_mode=False)\n"
        "finally: print(sorted(m for m in ('pydantic', 'pydantic_core', 'rich') if m in sys.modules))"
    )
    out = tmp_path / "tasks.json"
    run = subprocess.run(
        [sys.executable, "-c", code, str(TASK_LIST), str(out)], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip().splitlines()[-1] == "['pydantic_core']"
    tasks = json.loads(out.read_text(encoding="utf-8"))["tasks"]
    assert len(tasks) == 154
    assert (tasks[38]["seq"], tasks[38]["lead_units"]) == (39, ["市市场监管局（市知识产权局）"])


def test_an_install_without_the_stored_schema_generates_it(monkeypatch, tmp_path, task_list):
    monkeypatch.setattr(contract, "CONTRACT_FILE", tmp_path / "contract.json")
    contract.validator.cache_clear()
    try:
        assert contract.validated(task_list) == task_list
        broken = _broken(task_list, lambda t: setattr(t, "seq", "24"))
        with pytest.raises(ValidationError):
            contract.validated(broken)
    finally:
        contract.validator.cache_clear()


def test_the_stored_schema_names_only_record_classes():
    with pytest.raises(ValueError, match=r"contract.json names a class outside the records: os.system"):
        contract._resolve({"type": "dataclass", "cls": "os.system"})
