"""The fault suite: every case of tests/faults/*.yaml, run through the command line.

A case is a bad input built from a seed (see tests/faults.py) and its exact
expected outcome:

    exit: 0 | 1 | 2
    stderr: |                  everything printed on stderr by ``extract -v``; {file} is the input path
    tasks: 153                 number of records
    problems: {5: [missing-deadline]}   every record with problems, and their codes
    unconsumed: [602]          document.coverage.unconsumed
    changed: [3, 4]            records allowed to differ from the seed's although they have no problems
    records: {5: {lead_units: [...]}}   exact values of some fields

Every record of a seed-based case that has no problems (and is not in
``changed``) must equal the seed's record with the same number, line numbers
aside: damage stays where it is reported.  A new messy pattern is one more case.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import ybhj_parse
from conftest import NOTICE, PROSE_AND_TABLE, TASK_LIST
from faults import case_bytes, load_cases, refuse_open
from ybhj_parse.cli import main
from ybhj_parse.model.contract import to_data
from ybhj_parse.source.textnorm import printable

CASES = load_cases()
SEED_PATHS = {"task-list": TASK_LIST, "notice": NOTICE, "prose-and-table": PROSE_AND_TABLE}
# Fields that are about where a record is, not what it says: they move with edited lines.
PLACE_FIELDS = {"source", "headings", "line"}


def content(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its line numbers (recursively)."""
    return {
        key: content(value) if isinstance(value, dict) else value
        for key, value in record.items()
        if key not in PLACE_FIELDS
    }


_seed_records: dict[str, dict[int, dict[str, Any]]] = {}


def seed_records(seed: str) -> dict[int, dict[str, Any]]:
    if seed not in _seed_records:
        dataset = to_data(ybhj_parse.parse_file(SEED_PATHS[seed]))
        records = dataset.get("pilot_items") or dataset["tasks"]
        _seed_records[seed] = {r["seq"]: content(r) for r in records}
    return _seed_records[seed]


def materialise(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    kind = case.get("path")
    if kind == "device":
        return Path("/dev/zero")
    if kind == "fifo":
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        return fifo
    if kind == "missing":
        return tmp_path / "absent.txt"
    if kind == "directory":
        folder = tmp_path / "folder.txt"
        folder.mkdir()
        return folder
    path = tmp_path / case.get("filename", f"{case['name']}.txt")
    path.write_bytes(case_bytes(case))
    if kind == "unreadable":
        refuse_open(monkeypatch, path)
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fault_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.get("seed") == "notice":
        pytest.importorskip("ybhj_parse.families.notice.parse", reason="the notice parser has not landed yet")
    expect = case["expect"]
    if case.get("path") == "stdin":
        shown, args, stdin = "<stdin>", ["-"], case_bytes(case)
    else:
        path = materialise(case, tmp_path, monkeypatch)
        shown, args, stdin = str(path), [str(path)], None
    result = CliRunner().invoke(main, ["extract", "-v", *args, *case.get("args", [])], input=stdin)

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.stderr == expect["stderr"].replace("{file}", printable(shown))
    assert result.exit_code == expect["exit"]
    if expect["exit"] == 2:
        assert result.stdout == ""
        return

    dataset = json.loads(result.stdout)
    records = dataset.get("pilot_items") or dataset["tasks"]
    assert len(records) == expect["tasks"]
    problems = {r["seq"]: r["problems"] for r in records if r.get("problems")}
    assert problems == {int(k): v for k, v in expect.get("problems", {}).items()}
    assert dataset["document"]["coverage"]["unconsumed"] == expect.get("unconsumed", [])
    for seq, fields in expect.get("records", {}).items():
        record = next(r for r in records if r["seq"] == int(seq))
        assert {k: record[k] for k in fields} == fields
    if "seed" in case:
        seed = seed_records(case["seed"])
        changed = set(expect.get("changed", []))
        for record in records:
            if not record.get("problems") and record["seq"] not in changed and record["seq"] in seed:
                assert content(record) == seed[record["seq"]], f"record {record['seq']} changed silently"
