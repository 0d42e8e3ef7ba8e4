"""Detection decides once: the kind, the family that reads the document, its header row and
its table stretches, passed on as a plan that nothing downstream recomputes."""

from __future__ import annotations

import pytest

import ybhj_parse
from conftest import FIXTURES, NOTICE, PROSE_AND_TABLE, TASK_LIST
from ybhj_parse.blocks import detect, header, stretches
from ybhj_parse.source.original import read_file

FAMILY = FIXTURES / "family"


@pytest.mark.parametrize(
    ("path", "kind", "family", "header_lines", "covering_notice"),
    [
        (TASK_LIST, "task_list", "table", [(4, 9)], False),
        (NOTICE, "notice", "notice", [], False),
        (PROSE_AND_TABLE, "task_list", "mixed", None, False),
        (FAMILY / "table-under-notice.txt", "task_list", "table", None, True),
        (FAMILY / "labelled-county.txt", "task_list", "prose", [], False),
    ],
)
def test_the_plan_of_each_kind_of_document(path, kind, family, header_lines, covering_notice):
    plan = detect.detect(read_file(path))
    assert (plan.kind, plan.family, plan.covering_notice) == (kind, family, covering_notice)
    found = [(s.header.line, s.header.end_line) for s in plan.stretches]
    if header_lines is not None:
        assert found == header_lines
    assert (plan.header is None) == (not found)


def test_a_forced_kind_skips_the_kind_but_not_the_family():
    plan = detect.detect(read_file(NOTICE), "notice")
    assert (plan.kind, plan.family, plan.stretches) == ("notice", "notice", ())
    assert detect.detect(read_file(TASK_LIST), "task_list").family == "table"


@pytest.mark.parametrize("path", [TASK_LIST, PROSE_AND_TABLE, FAMILY / "table-under-notice.txt"])
def test_the_first_header_row_is_looked_for_once_per_parse(path, monkeypatch):
    source = read_file(path)
    # After the first, a header row is looked for only past each table stretch, for the next one.
    past = [
        source.lines[s.end_index].number
        for s in detect.detect(source).stretches
        if s.end_index < len(source.lines)
    ]
    calls: list[int] = []
    real = header.find_header

    def counting(lines, start=0):
        calls.append(lines[start].number if start < len(lines) else 0)
        return real(lines, start)

    monkeypatch.setattr(detect, "find_header", counting)
    monkeypatch.setattr(stretches, "find_header", counting)
    ybhj_parse.parse_file(path)
    assert calls == [1, *past]


def test_content_of_no_known_kind_is_refused_saying_what_was_looked_for():
    from ybhj_parse.errors import InputError
    from ybhj_parse.source.text import read_text

    with pytest.raises(InputError, match=r"^<stdin>: not a document ybhj-parse knows: expected a task list"):
        detect.detect(read_text("这是一段普通的文字。\n一、总体要求\n"))


def test_every_layout_is_documented_in_the_reference_and_the_schema():
    import json
    import typing

    from conftest import ROOT
    from ybhj_parse.model.records import Layout

    values = typing.get_args(Layout)
    reference = (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8")
    row = next(line for line in reference.splitlines() if line.startswith("| `layout` |"))
    assert [v for v in values if f"`{v}`" not in row] == []
    schema = json.loads((ROOT / "schemas" / "dataset.schema.json").read_text(encoding="utf-8"))
    layout = schema["$defs"]["Document"]["properties"]["layout"]
    assert layout["enum"] == list(values)
    assert [v for v in values if v not in layout["description"]] == []
