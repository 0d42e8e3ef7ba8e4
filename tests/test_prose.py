"""Prose layouts piece by piece: where attributions stand in a sentence, detection, --explain,
validation of the records, and damage that must not break the parser.  The attribution
forms and the deadlines in a task's text are cases in tests/cases/ (test_cases.py)."""

from __future__ import annotations

import doctest
import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ybhj_parse
from conftest import FIXTURES, NOTICE, TASK_LIST
from ybhj_parse.blocks.detect import guess_kind
from ybhj_parse.cli import main
from ybhj_parse.errors import InputError
from ybhj_parse.families.prose import resolve as proseresolve
from ybhj_parse.output.validate import validate_paths
from ybhj_parse.output.writers import to_csv, to_json
from ybhj_parse.source.text import read_text
from ybhj_parse.values import attribution, deadlines
from ybhj_parse.values.attribution import find_attributions, trailing

FAMILY = FIXTURES / "family"


def test_doctests():
    for module in (attribution, deadlines):
        assert doctest.testmod(module).failed == 0


def test_bracket_kinds_and_trailing_position():
    for text in (
        "实现网办。（牵头单位：市发改委）",
        "实现网办。〔牵头单位：市发改委〕",
        "实现网办。(牵头单位:市发改委)",
        "实现网办（牵头单位：市发改委）。",
        "实现网办。（牵头单位：市发改委)",  # mixed widths, as exports leave them
    ):
        spans = find_attributions(text)
        assert len(spans) == 1 and trailing(spans[0], text), text
        assert text[: spans[0].start].rstrip("。") == "实现网办"
    spans = find_attributions("一是推行A（市发改委牵头）；二是推行B（市商务局牵头）。")
    assert [s.attribution.value("lead") for s in spans] == ["市发改委", "市商务局"]


def test_labelled_fields_run_into_the_sentence():
    text = "推行集成服务。责任单位：市政务服务中心（牵头）、市直有关部门。完成时限：2023年6月底前。"
    (span,) = find_attributions(text)
    assert text[: span.start] == "推行集成服务。"
    assert span.attribution.value("deadline") == "2023年6月底前"


def test_open_bracket_at_the_end_keeps_all_but_the_last_name():
    text = "推行改革。（牵头单位：市市场监管局；配合单位：市直各相关部门，各区"
    assert find_attributions(text) == []
    (span,) = find_attributions(text, at_end_of_input=True)
    assert span.attribution.truncated
    assert (span.attribution.value("lead"), span.attribution.value("responsible")) == (
        "市市场监管局",
        "市直各相关部门",
    )


def test_detection_needs_no_flag():
    for path in sorted(FAMILY.glob("*.txt")):
        assert guess_kind(read_text(path.read_text(encoding="utf-8"))) == "task_list", path.name
    assert guess_kind(read_text(NOTICE.read_text(encoding="utf-8"))) == "notice"
    assert guess_kind(read_text(TASK_LIST.read_text(encoding="utf-8"))) == "task_list"
    assert guess_kind(read_text("这是一段普通的文字。\n一、总体要求\n（一）指导思想。\n")) is None


def test_heading_path_and_task_rank_rule_is_documented():
    doc = proseresolve.__doc__ or ""
    assert "Task or heading" in doc and "task rank" in doc


def test_explain_lists_layout_rules_and_unconsumed_lines(tmp_path):
    # Without its heading 三、组织保障 the last paragraph is no section, only text under 二、.
    text = (FAMILY / "inline-national.txt").read_text(encoding="utf-8").replace("三、组织保障\n", "")
    path = tmp_path / "national.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", "-q", str(path)])
    assert result.exit_code == 0
    out = result.stdout
    assert "layout: inline-attribution" in out
    assert "leads" in out and "shares-duties" in out  # clause rules fired
    assert "lines not consumed: 1" in out
    assert "各地各部门要加强组织领导" in out and "   13  " in out
    assert "{" not in out  # the explanation replaces the data


def test_explain_counts_sections_without_tasks():
    result = CliRunner().invoke(main, ["extract", "--explain", "-q", str(FAMILY / "text-sections.txt")])
    assert "no-tasks" in result.stdout and "lines not consumed: 0" in result.stdout


def test_explain_mixed_document_shows_its_stretches():
    result = CliRunner().invoke(main, ["extract", "--explain", "-q", str(FAMILY / "mixed-layouts.txt")])
    assert "layout: mixed" in result.stdout
    assert "labelled-lines" in result.stdout and "group-attribution" in result.stdout


def test_explain_shows_the_table_inside_a_prose_plan():
    result = CliRunner().invoke(main, ["extract", "--explain", "-q", str(FAMILY / "prose-and-table.txt")])
    assert "layout: mixed" in result.stdout
    assert "lines 5–8: inline-attribution (3 tasks)" in result.stdout
    assert "lines 11–12: row-per-line (2 tasks)" in result.stdout
    assert "lines 14–14: inline-attribution (1 tasks)" in result.stdout


def test_explain_with_output_writes_the_data_too(tmp_path):
    out = tmp_path / "x.json"
    path = FAMILY / "group-items.txt"
    result = CliRunner().invoke(main, ["extract", "--explain", "-q", str(path), "-o", str(out)])
    assert result.exit_code == 0 and "group-attribution" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["layout"] == "group-attribution"


def test_help_does_not_import_rich_or_pydantic():
    import subprocess
    import sys

    code = (
        "import sys; from ybhj_parse.cli import main; print('rich' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_prose_datasets_validate(tmp_path):
    for path in sorted(FAMILY.glob("*.txt")):
        dataset = ybhj_parse.parse_file(path)
        (tmp_path / f"{path.stem}.json").write_text(to_json(dataset), encoding="utf-8")
        (tmp_path / f"{path.stem}.csv").write_text(to_csv(dataset), encoding="utf-8")
    report = validate_paths([tmp_path])
    assert report.errors == []
    # a task naming 责任单位 only has no lead: a warning the record explains, in JSON and CSV alike
    leadless = [p for p in report.warnings if p.path.endswith(("group-items.json", "group-items.csv"))]
    assert len(leadless) == 6 and all("lead-not-named" in p.message for p in leadless)


def test_missing_lead_without_explanation_is_still_an_error(tmp_path):
    dataset = ybhj_parse.parse_file(FAMILY / "mixed-layouts.txt")
    dataset.tasks[2].problems = []
    (tmp_path / "x.json").write_text(to_json(dataset), encoding="utf-8")
    report = validate_paths([tmp_path])
    assert [(p.record, p.field, p.severity) for p in report.errors] == [
        ("tasks[2] (seq 3)", "lead_units", "error")
    ]


LINES = (FAMILY / "notice-plan.txt").read_text(encoding="utf-8").splitlines() + (
    FAMILY / "labelled-county.txt"
).read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=40), st.integers(min_value=0, max_value=30))
def test_damaged_documents_parse(lines, cut):
    """Lines shuffled, repeated, dropped and the last one cut short: never a crash, and the
    records keep their contract."""
    if lines[-1]:
        lines[-1] = lines[-1][: max(1, len(lines[-1]) - cut)]
    text = "\n".join(lines)
    try:
        dataset = ybhj_parse.parse_text(text, kind="task_list")
    except InputError:
        return
    assert [t.seq for t in dataset.tasks] == list(range(1, len(dataset.tasks) + 1))
    for task in dataset.tasks:
        assert 1 <= task.source.line <= task.source.end_line <= len(lines)
        assert all(u and "（牵头" not in u for u in task.lead_units + task.responsible_units)
        assert all(h.line < task.source.line or h.line == task.source.line for h in task.headings)


def test_attributions_without_tasks_are_an_error_not_an_empty_success():
    dataset = ybhj_parse.parse_text("XX区重点任务分工方案\n牵头单位：区发改局\n责任单位：各街道\n")
    assert dataset.tasks == []
    assert [(d.line, d.code, d.severity) for d in dataset.diagnostics if d.severity != "info"] == [
        (1, "no-tasks", "error"),
        (2, "attribution-orphan", "warning"),
    ]
    assert not dataset.valid
