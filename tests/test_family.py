"""The family of task-division documents: one case per fixture pair in tests/fixtures/family/
(documents written in the styles of real ones), tests/fixtures/tables/ (task tables: every
separator, column set and damage) and tests/fixtures/real/ (excerpts of published documents,
each with a ``NAME.source.yaml`` saying where it comes from).

Each ``NAME.txt`` has a ``NAME.expected.yaml`` beside it, written by reading
the document: ``document`` (the fields given are compared), ``tasks`` (every
record, in order; fields left out take the defaults below), ``diagnostics``
(every warning and error, as ``"LINE code"``) and, when given, ``info``.  A new
case is one more pair of files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import ybhj_parse
from conftest import FIXTURES
from ybhj_parse.model.contract import to_data
from ybhj_parse.model.records import Dataset, Task

CASES = sorted(
    [
        *(FIXTURES / "family").glob("*.txt"),
        *(FIXTURES / "real").glob("*.txt"),
        *(FIXTURES / "tables").glob("*.txt"),  # task tables in every separator, column set and shape
    ]
)
SOURCE_KEYS = {"url", "title", "issuer", "retrieved_from", "excerpt"}
TASK_DEFAULTS: dict[str, Any] = {
    "headings": [],
    "responsible_units": [],
    "all_districts": False,
    "units_open_ended": False,
    "scope_words": [],
    "deadline": None,
    "problems": [],
}


def project(task: Task) -> dict[str, Any]:
    """A task as the expected files write it."""
    d = task.deadline
    deadline = None
    if d is not None:
        deadline = {"raw": d.raw, "due": d.due, "source": d.source}
        deadline.update({flag: True for flag in ("immediate", "ongoing", "recurring") if getattr(d, flag)})
    return {
        "seq": task.seq,
        "label": task.label,
        "line": task.source.line,
        "headings": [h.marker + h.title for h in task.headings],
        "text": task.text,
        "lead_units": task.lead_units,
        "responsible_units": task.responsible_units,
        "all_districts": task.all_districts,
        "units_open_ended": task.units_open_ended,
        "scope_words": task.scope_words,
        "deadline": deadline,
        "problems": task.problems,
    }


def project_document(dataset: Dataset) -> dict[str, Any]:
    doc = dataset.document
    return {
        "kind": doc.kind,
        "layout": doc.layout,
        "title": doc.title,
        "issuer": doc.issuer,
        "doc_number": doc.doc_number.raw if doc.doc_number else None,
        "recipients": doc.recipients,
        "signed_by": doc.signed_by,
        "date": doc.date,
        "preamble": doc.preamble,
        "sections": to_data(doc.sections) if doc.sections is not None else None,
        "unconsumed": doc.coverage.unconsumed if doc.coverage else None,
        "web_meta": doc.web_meta,
        "counts": to_data(doc.counts),
    }


def diagnostics(dataset: Dataset, severities: tuple[str, ...]) -> list[str]:
    return [f"{d.line} {d.code}" for d in dataset.diagnostics if d.severity in severities]


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_case(path: Path) -> None:
    expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
    dataset = ybhj_parse.parse_file(path)
    document = project_document(dataset)
    assert {k: document[k] for k in expected["document"]} == expected["document"]
    assert [project(t) for t in dataset.tasks] == [{**TASK_DEFAULTS, **t} for t in expected["tasks"]]
    assert [t.seq for t in dataset.tasks] == list(range(1, len(dataset.tasks) + 1))
    assert diagnostics(dataset, ("warning", "error")) == expected.get("diagnostics", [])
    if "info" in expected:
        assert diagnostics(dataset, ("info",)) == expected["info"]


def test_every_fixture_has_its_expected_file() -> None:
    assert len(CASES) >= 12
    for path in CASES:
        assert path.with_name(path.stem + ".expected.yaml").is_file(), path.name
        if path.parent.name == "real":
            source = yaml.safe_load(path.with_name(path.stem + ".source.yaml").read_text(encoding="utf-8"))
            assert set(source) >= SOURCE_KEYS, path.name
