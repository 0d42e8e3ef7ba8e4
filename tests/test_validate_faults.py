"""validate on hostile datasets: every case of tests/faults/validate/*.yaml, run through the command line.

A case starts from a dataset that ``extract`` wrote for a seed and damages it:

    base: task-list.json | task-list.yaml | task-list.csv | notice.json   the clean dataset
    set: {"tasks.0.seq": true}        values to put at dotted paths (a number is a list index)
    delete: ["tasks.0.section"]        keys to remove
    replace: [[from, to, count]]       text replacements in the written file (count 0: all)
    text: "…" / bytes: "…"             the whole file instead (bytes: \\xNN escapes)
                                       in text and replacements, {C*N} stands for C repeated N times
    encoding: gbk                      how to write the text (default utf-8)
    suffix: .json                      the file's suffix (default the base's)
    unreadable: true                   the file cannot be opened (inside a folder given to validate)

and names its exact outcome: ``exit`` and ``stdout``, every problem line, with ``{file}``
standing for the file's path.  A new hostile dataset is one more case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from faults import refuse_open
from ybhj_parse.cli import main
from ybhj_parse.output.writers import to_csv, to_json, to_yaml

CASES_DIR = Path(__file__).resolve().parent / "faults" / "validate"
RENDER = {"json": to_json, "yaml": to_yaml, "csv": to_csv}
SEEDS = {"task-list": TASK_LIST, "notice": NOTICE}


def load_cases() -> list[dict[str, Any]]:
    cases = [
        case for path in sorted(CASES_DIR.glob("*.yaml")) for case in yaml.safe_load(path.read_text("utf-8"))
    ]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


CASES = load_cases()
_bases: dict[str, str] = {}


def base_text(base: str) -> str:
    if base not in _bases:
        seed, _, fmt = base.partition(".")
        _bases[base] = RENDER[fmt](ybhj_parse.parse_file(SEEDS[seed]))
    return _bases[base]


def _put(data: Any, dotted: str, value: Any, *, delete: bool = False) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        data = data[int(key)] if isinstance(data, list) else data[key]
    key: Any = int(last) if isinstance(data, list) else last
    if delete:
        del data[key]
    else:
        data[key] = value


_REPEAT = re.compile(r"\{(.)\*(\d+)\}")


def expand(text: str) -> str:
    """``{9*5000}`` → 5,000 nines: a huge input written in a line of the case."""
    return _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), text)


def case_bytes(case: dict[str, Any]) -> bytes:
    if "bytes" in case:
        return case["bytes"].encode("latin-1")
    if "text" in case:
        text = expand(case["text"])
    else:
        text = base_text(case["base"])
        if "set" in case or "delete" in case:
            data = json.loads(text) if case["base"].endswith(".json") else yaml.safe_load(text)
            for dotted, value in case.get("set", {}).items():
                _put(data, dotted, value)
            for dotted in case.get("delete", []):
                _put(data, dotted, None, delete=True)
            text = to_json_or_yaml(case["base"], data)
        for old, new, count in case.get("replace", []):
            assert old in text, f"{case['name']}: {old!r} is not in the base"
            text = text.replace(old, expand(new), count or -1)
    encoding = case.get("encoding", "utf-8")
    return (text if encoding == "utf-8" else text.lstrip("\ufeff")).encode(encoding)


def to_json_or_yaml(base: str, data: Any) -> str:
    if base.endswith(".json"):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validate_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    suffix = case.get("suffix") or "." + case.get("base", "x.json").rpartition(".")[2]
    path = tmp_path / f"{case['name']}{suffix}"
    path.write_bytes(case_bytes(case))
    target = str(path)
    if case.get("unreadable"):
        refuse_open(monkeypatch, path)
        target = str(tmp_path)  # the folder holding it
    result = CliRunner().invoke(main, ["validate", "-q", target])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    expect = case["expect"]
    assert result.stdout == expect.get("stdout", "").replace("{file}", str(path))
    assert result.exit_code == expect["exit"]
