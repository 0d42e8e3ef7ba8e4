"""validate: damaged copies of the dataset are caught, each problem named by file, record and field."""

from __future__ import annotations

import copy
import json

import yaml
from click.testing import CliRunner

from ybhj_parse.cli import main
from ybhj_parse.output.writers import to_csv, to_json, to_yaml


def run(*args):
    return CliRunner().invoke(main, ["validate", *args])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def validated_json(tmp_path, name, data):
    """``data`` written as the JSON file ``name``, and what validate says of it."""
    path = write(tmp_path, name, json.dumps(data, ensure_ascii=False))
    return path, run(str(path))


def test_clean_dataset_in_all_formats(tmp_path, task_list):
    for name, text in (
        ("a.json", to_json(task_list)),
        ("a.yaml", to_yaml(task_list)),
        ("a.csv", to_csv(task_list)),
    ):
        write(tmp_path, name, text)
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "3 files checked: 0 errors, 0 warnings" in result.stderr


def test_damaged_json(tmp_path, task_list):
    data = json.loads(to_json(task_list))
    data["tasks"][38]["lead_units"] = data["tasks"][38]["lead_unit_ids"] = []
    data["tasks"][23]["deadline"]["due"] = "2022-02-30"
    data["tasks"][100]["seq"] = 100
    path, result = validated_json(tmp_path, "damaged.json", data)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}: tasks[23] (seq 24): deadline.due: "
        "Input should be a valid date in the format YYYY-MM-DD, day value is outside expected range",
        f"error: {path}: tasks[100] (seq 100): seq: duplicate of tasks[99]",
        f"error: {path}: tasks: seq: not contiguous: missing 101",
        f"error: {path}: tasks[38] (seq 39): lead_units: no lead unit (at least one is required)",
    ]


def test_integrity_rules_after_models_pass(tmp_path, task_list):
    data = json.loads(to_json(task_list))
    data["tasks"][38]["lead_units"] = data["tasks"][38]["lead_unit_ids"] = []
    data["tasks"][100]["seq"] = 100
    data["document"]["counts"]["sections"] = 27
    path, result = validated_json(tmp_path, "damaged.json", data)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}: tasks[100] (seq 100): seq: duplicate of tasks[99]",
        f"error: {path}: tasks: seq: not contiguous: missing 101",
        f"error: {path}: tasks[38] (seq 39): lead_units: no lead unit (at least one is required)",
        f"error: {path}: document: counts.sections: says 27, the records give 28",
    ]


def test_damaged_yaml(tmp_path, task_list):
    data = yaml.safe_load(to_yaml(task_list))
    data["tasks"][5]["seq"] = "six"
    path = write(tmp_path, "damaged.yaml", yaml.safe_dump(data, allow_unicode=True))
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"error: {path}: tasks[5] (seq six): seq: Input should be a valid integer"
    )


def test_damaged_csv(tmp_path, task_list):
    text = to_csv(task_list)
    lines = text.split("\r\n")
    lines[39] = lines[39].replace(",市市场监管局（市知识产权局）,", ",,", 1)
    lines[24] = lines[24].replace(",2022-12-31,", ",2022-13-31,", 1)
    lines[101] = lines[101].replace(",101,", ",100,", 1)
    path = write(tmp_path, "damaged.csv", "\r\n".join(lines))
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}: row 25 (seq 24): deadline_due: not a real date: '2022-13-31'",
        f"error: {path}: row 40 (seq 39): lead_units: no lead unit (at least one is required)",
        f"error: {path}: row 102 (seq 100): seq: duplicate of row 101",
        f"error: {path}: rows: seq: not contiguous: missing 101",
    ]


def test_usage_errors_exit_2(tmp_path):
    result = run(str(tmp_path / "nothing.json"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nothing.json'}: no such file or directory"
    other = write(tmp_path, "notes.txt", "hello")
    result = run(str(other))
    assert result.exit_code == 2
    assert "not a dataset (expected .json, .yaml, .yml or .csv)" in result.stderr


def test_not_json(tmp_path):
    path = write(tmp_path, "broken.json", '{"schema_version": ')
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"error: {path}: file: -: not valid JSON")


def test_several_datasets_in_one_yaml_or_json_file(tmp_path, task_list):
    from ybhj_parse.output.writers import to_json as as_json
    from ybhj_parse.output.writers import to_yaml as as_yaml

    broken = copy.deepcopy(task_list)
    broken.tasks[1].lead_units, broken.tasks[1].lead_unit_ids = [], []
    write(tmp_path, "two.yaml", as_yaml([task_list, broken]))
    write(tmp_path, "two.json", as_json([task_list, broken]))
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {tmp_path / 'two.json'}[1]: tasks[1] (seq 2): lead_units: no lead unit (at least one is required)",
        f"error: {tmp_path / 'two.yaml'}[1]: tasks[1] (seq 2): lead_units: no lead unit (at least one is required)",
    ]


def test_empty_yaml_is_not_clean(tmp_path):
    path = write(tmp_path, "empty.yaml", "")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == f"error: {path}: file: -: the file holds no dataset\n"


def test_unit_ids_are_the_registrys_and_aligned_with_the_names(tmp_path, task_list):
    data = json.loads(to_json(task_list))
    data["tasks"][0]["lead_unit_ids"] = ["ezhou.markets"]
    data["tasks"][0]["district_ids"][4] = "ezhou.lingkong"
    data["tasks"][2]["responsible_unit_ids"].append("ezhou.tax")
    data["tasks"][3]["responsible_unit_ids"][0] = None  # a name the registry does not know: allowed
    path, result = validated_json(tmp_path, "ids.json", data)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}: tasks[0] (seq 1): lead_unit_ids: 'ezhou.markets' is not an id of the unit registry",
        f"error: {path}: tasks[2] (seq 3): responsible_unit_ids: 2 id(s) for 1 name(s) in responsible_units",
        f"error: {path}: tasks[0] (seq 1): district_ids: 'ezhou.lingkong' is not an id of the unit registry",
    ]
