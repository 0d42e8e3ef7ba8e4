"""Rows given as data (issue: a web page whose table is a script's array of objects)."""

from __future__ import annotations

import pytest

import ybhj_parse
from ybhj_parse.errors import InputError
from ybhj_parse.source.datarows import data_rows

JSON_ROWS = (
    '[{"序号": "1", "重点任务": "推进一网通办", "牵头单位": "区政数局", "完成时限": "2023年6月底"},\n'
    ' {"序号": "2", "重点任务": "优化审批服务", "牵头单位": "区审批局", "完成时限": "2023年9月底"}]\n'
)
PAGE = (
    "<html><body><h1>临江区2023年重点任务</h1><script>\nvar rows = [\n"
    '  {no: 1, task: "推进一网通办", unit: "区政数局", time: "2023年6月底"},\n'
    "  {no: 2, task: '优化审批服务', unit: ['区审批局', '区司法局'], time: '2023年9月底',},\n"
    "];\n</script></body></html>\n"
)


def test_a_json_array_of_objects_is_a_table_each_row_citing_its_line() -> None:
    dataset = ybhj_parse.parse_bytes(JSON_ROWS.encode(), path="rows.json")
    assert [
        (t.seq, t.text, t.lead_units, str(t.deadline.due if t.deadline else None)) for t in dataset.tasks
    ] == [
        (1, "推进一网通办", ["区政数局"], "2023-06-30"),
        (2, "优化审批服务", ["区审批局"], "2023-09-30"),
    ]
    assert [t.source.line for t in dataset.tasks] == [1, 2]
    assert [(d.line, d.code) for d in dataset.diagnostics if d.code == "rows-from-data"] == [
        (1, "rows-from-data")
    ]


def test_a_script_on_a_web_page_draws_its_table_with_english_keys_and_loose_javascript() -> None:
    pytest.importorskip("lxml")
    dataset = ybhj_parse.parse_bytes(PAGE.encode(), path="page.html")
    assert [
        (t.text, t.responsible_units, str(t.deadline.due if t.deadline else None)) for t in dataset.tasks
    ] == [
        ("推进一网通办", ["区政数局"], "2023-06-30"),
        ("优化审批服务", ["区审批局", "区司法局"], "2023-09-30"),
    ]


def test_an_array_of_arrays_takes_its_first_row_as_the_header() -> None:
    assert data_rows('x = [["序号", "任务"], ["1", "甲"], ["2", "乙"]]') == (
        ["序号", "任务"],
        [["1", "甲"], ["2", "乙"]],
        [4, 19, 31],
    )


@pytest.mark.parametrize(
    "text",
    ["var a = [1, 2, 3];", "[{}]", '[{"a": {"b": 1}}, {"a": 2}]', "[{'a': 'x'}", "no data here"],
)
def test_what_is_no_table_of_rows_is_none(text: str) -> None:
    assert data_rows(text) is None


def test_brackets_that_never_close_or_nest_too_deep_are_no_table_and_no_traceback() -> None:
    # 50,000 arrays opened and never closed were read once each to the end (quadratic); 200,000
    # nested brackets overflowed the JSON parser's stack.  Both are read in one pass now.
    assert data_rows("[{" * 50_000) is None
    assert data_rows("[" * 200_000 + "]" * 200_000) is None
    rows = '[{"task": "甲", "unit": "市财政局"}, {"task": "乙", "unit": "市商务局"}]'
    assert data_rows("[" * 3000 + "]" * 3000 + rows) == (
        ["task", "unit"],
        [["甲", "市财政局"], ["乙", "市商务局"]],
        [6000, 6001, 6032],
    )


def test_a_text_of_deep_brackets_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match="not a document ybhj-parse knows"):
        ybhj_parse.parse_text("[" * 200_000 + "]" * 200_000, "deep.txt")
