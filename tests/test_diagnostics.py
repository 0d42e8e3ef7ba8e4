"""The one diagnostic type: its registry, the sink of a parse, its levels, and the records'
problems derived from it."""

from __future__ import annotations

import pytest

import ybhj_parse
from ybhj_parse.model.contract import to_data
from ybhj_parse.model.diagnostics import CODES, Diagnostic, Diagnostics, ErrorLevel, diag, problems_on


def test_diag_fills_the_template_of_its_code():
    d = diag("missing-cell", 12, field="deadline", seq=7, column="完成时限")
    assert d == Diagnostic(
        severity="warning",
        code="missing-cell",
        message="task 7: the 完成时限 cell is missing",
        line=12,
        field="deadline",
    )


def test_diag_keeps_end_line_only_when_the_problem_spans_lines():
    assert diag("stray-line", 5, end_line=5, text="x").end_line is None
    assert diag("stray-line", 5, end_line=7, text="x").end_line == 7
    assert to_data(diag("stray-line", 5, end_line=7, text="x")) == {
        "severity": "info",
        "code": "stray-line",
        "message": "line not used by any record, heading or metadata: 'x'",
        "line": 5,
        "end_line": 7,
        "field": None,
    }


def test_an_unknown_code_is_a_bug():
    with pytest.raises(KeyError):
        diag("no-such-code", 1)


def test_every_template_is_a_format_string_with_named_fields_only():
    import string

    for code, entry in CODES.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(entry.template) if name is not None]
        assert all(name and name.isidentifier() for name in fields), code


@pytest.mark.parametrize(
    ("level", "fails"),
    [
        (ErrorLevel.IGNORE, {"error": False, "warning": False, "info": False}),
        (ErrorLevel.ERROR, {"error": True, "warning": False, "info": False}),
        (ErrorLevel.STRICT, {"error": True, "warning": True, "info": False}),
    ],
)
def test_the_level_decides_which_severities_fail(level, fails):
    assert {severity: level.fails(severity) for severity in fails} == fails
    for severity, failed in fails.items():
        sink = Diagnostics(level)
        sink.add(Diagnostic(severity=severity, code="x", message="m", line=1))
        assert sink.failed is failed


def test_the_sink_orders_by_line_then_code_keeping_equal_ones_as_added():
    sink = Diagnostics()
    sink.report("stray-line", 9, text="b")
    sink.report("no-table", None)
    sink.report("stray-line", 3, text="a")
    sink.report("banner-ignored", 9, text="c")
    sink.report("stray-line", 9, text="d")
    assert [(d.line, d.code, d.message[-3:]) for d in sink.in_order()] == [
        (None, "no-table", "und"),
        (3, "stray-line", "'a'"),
        (9, "banner-ignored", "'c'"),
        (9, "stray-line", "'b'"),
        (9, "stray-line", "'d'"),
    ]
    assert sink.lines_explained() == {3, 9}
    assert len(sink) == 5


def test_problems_are_the_warnings_and_errors_on_the_records_lines():
    found = [
        diag("missing-deadline", 10, seq=1, column="完成时限"),  # on the record's first line
        diag("units-run-together", 11, text="ab", names="a、b"),  # info: no problem
        diag("truncated-row", 12, seq=1, columns="完成时限"),  # on its last line
        diag("seq-gap", 10, noun="task", missing="2", where="x"),  # about a neighbour, not the record
        diag("missing-text", 13, seq=2, column="重点任务"),  # below it
        diag("extra-cell", 8, end_line=10, text="x"),  # spans onto its first line
    ]
    assert problems_on(10, 12, found) == ["extra-cell", "missing-deadline", "truncated-row"]


def test_a_records_problems_come_from_the_diagnostics_on_its_lines():
    from conftest import TASK_LIST

    lines = TASK_LIST.read_text(encoding="utf-8").split("\n")
    at = lines.index("\t（39）")
    deadline = next(i for i in range(at, at + 8) if lines[i].startswith("\t2022年"))
    lines[deadline] = "\t择机推进"
    dataset = ybhj_parse.parse_text("\n".join(lines))
    assert [(d.line, d.code) for d in dataset.diagnostics] == [(deadline + 1, "deadline-unrecognised")]
    assert [(t.seq, t.problems) for t in dataset.tasks if t.problems] == [(39, ["deadline-unrecognised"])]


def test_the_reference_names_the_codes_that_mark_no_record():
    import regex

    from conftest import ROOT

    reference = " ".join((ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8").split())
    sentence = reference[reference.index("lists its code in `problems` (all codes but") :].split(")")[0]
    named = set(regex.findall(r"`([a-z-]+)`", sentence)) - {"problems"}
    assert named == {code for code, entry in CODES.items() if not entry.marks_record}
