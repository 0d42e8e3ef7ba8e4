"""The 2023 Ezhou pilot-zone notice, end to end: exact values taken from the document.

The seed copy has no header row over its attachment table and has lost 19 of
the 36 rows; its lines are cited by number (``sed 's/\\t/→/g' FILE | nl -ba``).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.errors import InputError
from ybhj_parse.front.body import paragraphs
from ybhj_parse.front.meta import read_attachments
from ybhj_parse.model.contract import from_data
from ybhj_parse.model.records import Dataset
from ybhj_parse.output.validate import check_data
from ybhj_parse.output.writers import to_csv, to_json
from ybhj_parse.source.text import split_lines

SEED_TEXT = NOTICE.read_text(encoding="utf-8")

PRESENT = [4, 5, 6, 7, 11, 12, 13, 14, 15, 29, 30, 31, 32, 33, 34, 35, 36]
MISSING = [1, 2, 3, 8, 9, 10, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]


@pytest.fixture(scope="module")
def notice() -> Dataset:
    return ybhj_parse.parse_file(NOTICE)


@pytest.fixture(scope="module")
def items(notice: Dataset) -> dict:
    assert notice.pilot_items is not None
    return {p.seq: p for p in notice.pilot_items}


def variant(old: str, new: str) -> Dataset:
    """The seed with one passage changed: a second copy of the same notice."""
    assert old in SEED_TEXT
    return ybhj_parse.parse_text(SEED_TEXT.replace(old, new, 1), source="variant.txt")


# --- variants of the seed -------------------------------------------------------


def test_leading_empty_cell_dropped_by_the_export():
    ds = variant("\t4\t市场主体融资服务改革", "4\t市场主体融资服务改革")
    p = next(p for p in ds.pilot_items if p.seq == 4)
    assert (p.group, p.category, p.provincial_guiding_units) == (
        "市本级",
        "市场主体融资服务改革",
        ["省财政厅", "省地方金融监管局"],
    )
    assert len(ds.pilot_items) == 17


def test_without_the_declared_breakdown_the_creating_unit_decides():
    ds = variant(
        "全市36项省定改革事项中，市本级11项、鄂城区8项、华容区7项、葛店经开区5项、梁子湖区3项、临空经济区2项，",
        "",
    )
    groups = {p.seq: (p.group, p.group_inferred) for p in ds.pilot_items}
    assert groups[4] == ("市本级", True)
    assert groups[29] == ("梁子湖区", True)
    c = ds.completeness
    assert (c.declared_total, c.declared_by_group) == (None, {})
    assert c.missing_seq == [n for n in MISSING if n < 36]  # up to the last number seen
    gaps = [(d.line, d.code) for d in ds.diagnostics if d.code == "seq-gap"]
    assert gaps == [(42, "seq-gap"), (47, "seq-gap"), (53, "seq-gap")]
    message = next(d.message for d in ds.diagnostics if d.line == 53 and d.code == "group-inferred")
    assert message == "item 29: group 梁子湖区 inferred from its creating unit 梁子湖区检察院"


def test_label_count_contradicting_the_body():
    ds = variant("葛店经开区(5项)\t30", "葛店经开区(6项)\t30")
    assert (54, "group", "group-label-count") in ds.flatten()


def test_creating_unit_contradicting_the_printed_group():
    ds = variant("鄂城区法院\t市法院", "华容区法院\t市法院")
    assert (49, "group", "group-conflict") in ds.flatten()
    assert next(p for p in ds.pilot_items if p.seq == 13).group == "鄂城区"  # what is printed stands


def test_duplicate_item_number():
    ds = variant("\t31\t信用信息深度应用改革", "\t30\t信用信息深度应用改革")
    assert (55, "seq", "seq-duplicate") in ds.flatten()


def test_unreadable_row_is_reported_not_dropped_silently():
    ds = variant("\t5\t行政执法规范化便利化改革\t", "\t五\t行政执法规范化便利化改革\t")
    assert (43, None, "row-unreadable") in ds.flatten()
    assert 43 in ds.document.coverage.unconsumed
    assert 5 in ds.completeness.missing_seq


# --- a copy whose table has a header row -------------------------------------------


# --- small stages -------------------------------------------------------------------


def test_paragraph_joining():
    lines = split_lines("第一段没有结束，\n\n接着写完。\n一、标题不并入\n下一段。\n最后一行")
    got = [(p.text, p.lines) for p in paragraphs(list(lines))]
    assert got == [
        ("第一段没有结束，接着写完。", [1, 3]),
        ("一、标题不并入", [4]),
        ("下一段。", [5]),
        ("最后一行", [6]),
    ]


def test_attachments_numbered():
    lines = list(split_lines("附件：1.甲清单\n2.乙清单\n（续）"))
    assert read_attachments(lines) == ["甲清单", "乙清单（续）"]


# --- kinds, errors, outputs -----------------------------------------------------------


def test_detection_picks_the_parser():
    assert ybhj_parse.parse_file(NOTICE).document.kind == "notice"
    assert ybhj_parse.parse_text(TASK_LIST.read_text(encoding="utf-8")).document.kind == "task_list"


def test_unknown_document_is_refused():
    with pytest.raises(InputError) as info:
        ybhj_parse.parse_text("这是一段普通的文字。\n没有表格，也没有文号。\n", source="prose.txt")
    assert "not a document ybhj-parse knows" in str(info.value)
    assert "a task list" in str(info.value) and "an official notice" in str(info.value)


def test_forcing_the_wrong_kind_says_what_the_content_is():
    with pytest.raises(InputError) as info:
        ybhj_parse.parse_file(NOTICE, kind="task_list")
    assert "no column header row found" in info.value.message
    assert "try --kind notice" in info.value.message
    with pytest.raises(InputError) as info:
        ybhj_parse.parse_file(TASK_LIST, kind="notice")
    assert "not an official notice" in info.value.message
    assert "try --kind task_list" in info.value.message


def test_cli_exit_codes(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("这是一段普通的文字。\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(prose)])
    assert result.exit_code == 2
    assert "not a document ybhj-parse knows" in result.output
    result = runner.invoke(main, ["extract", "--kind", "task_list", str(NOTICE)])
    assert result.exit_code == 2
    result = runner.invoke(main, ["extract", "-q", str(NOTICE)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["document"]["kind"] == "notice"
    assert [p["seq"] for p in data["pilot_items"]] == PRESENT
    assert data["completeness"]["missing_seq"] == MISSING
    assert from_data(data) == ybhj_parse.parse_file(NOTICE)


def test_cli_csv_one_row_per_pilot_item():
    result = CliRunner().invoke(main, ["extract", "-q", "--format", "csv", str(NOTICE)])
    assert result.exit_code == 0
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("source_path,seq,group,group_inferred,category,item,pilot_regions")
    assert len(lines) == 1 + 17
    assert ",29,梁子湖区,true,深入优化法律服务," in lines[10]


def test_a_long_attachment_table_keeps_every_row():
    # (its speed is measured by benchmarks/bench.py, not asserted here)
    rows = SEED_TEXT.split("\n")[41:61]
    body = SEED_TEXT.split("\n")[:41]
    extra = [
        f"\t{seq}\t促进市场主体公平竞争\t优化公平竞争审查机制\t孝感市、南漳县\t市市场监管局\t/\t省市场监管局\t"
        for seq in range(100, 400)
    ]
    ds = ybhj_parse.parse_text("\n".join(body + rows + extra))
    assert len(ds.pilot_items) == 17 + 300
    assert ds.pilot_items[-1].seq == 399
    assert ds.pilot_items[-1].creating_units == ["市市场监管局"]


# --- validate: the notice's rules ------------------------------------------------------


def validate(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["validate", str(path)]), path


def test_validate_clean_notice_warns_about_missing_items(tmp_path, notice):
    result, path = validate(tmp_path, "notice.json", to_json(notice))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"warning: {path}: completeness: missing_seq: 19 of the 36 declared items are not in the table: "
        "1, 2, 3, 8, 9, 10, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28"
    ]
    result, _ = validate(tmp_path, "notice.csv", to_csv(notice))
    assert (result.exit_code, result.stdout) == (0, "")


def test_validate_damaged_notice(tmp_path, notice):
    data = json.loads(to_json(notice))
    data["pilot_items"][1]["seq"] = 4  # item 5 renumbered as a second 4
    data["pilot_items"][9]["group"] = "华容区"  # item 29 moved to a group that lists 0 of 7
    data["pilot_items"][10]["group"] = "黄石港区"  # item 30 in a group the body never declares
    for item in data["pilot_items"][12:15]:
        item["group"] = "临空经济区"  # 临空经济区 now has 5 items, 2 declared
    data["pilot_items"][16]["seq"] = 37
    result, path = validate(tmp_path, "damaged.json", json.dumps(data, ensure_ascii=False))
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {path}: pilot_items[1] (seq 4): seq: duplicate of pilot_items[0]",
        f"error: {path}: pilot_items[10] (seq 30): group: 黄石港区 is not among the declared groups "
        "(市本级、鄂城区、华容区、葛店经开区、梁子湖区、临空经济区)",
        f"error: {path}: pilot_items[16] (seq 37): seq: outside 1–36, the items the body declares",
        f"error: {path}: pilot_items: group: 临空经济区: 5 items, but the body declares 2",
        f"error: {path}: completeness: extracted_by_group: says {{'市本级': 5, '鄂城区': 4, '葛店经开区': 5, "
        "'梁子湖区': 1, '临空经济区': 2}, the records give {'市本级': 5, '鄂城区': 4, '华容区': 1, "
        "'黄石港区': 1, '葛店经开区': 1, '临空经济区': 5}",
        f"error: {path}: completeness: missing_seq: says {MISSING}, the records give "
        f"{sorted([*MISSING, 5, 36])}",
    ]


def test_validate_damaged_pilot_csv(tmp_path, notice):
    lines = to_csv(notice).split("\r\n")
    lines[2] = lines[2].replace(",5,市本级,true,", ",4,,yes,", 1)
    result, path = validate(tmp_path, "damaged.csv", "\r\n".join(lines))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}: row 3 (seq 4): seq: duplicate of row 2",
        f"error: {path}: row 3 (seq 4): group: empty",
        f"error: {path}: row 3 (seq 4): group_inferred: expected true or false, got 'yes'",
    ]


# --- damaged copies: any rows lost ----------------------------------------------------

TABLE_LINES = [42, 43, 44, 45, 47, 48, 49, 50, 51, 53, 54, 55, 56, 57, 58, 60, 61]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lost=st.sets(st.sampled_from(TABLE_LINES)))
def test_any_lost_rows_are_reported_and_the_rest_keep_their_groups(lost, items):
    lines = SEED_TEXT.split("\n")
    for number in lost:
        lines[number - 1] = ""  # blanked, so the other lines keep their numbers
    ds = ybhj_parse.parse_text("\n".join(lines), source="damaged.txt")
    kept = [seq for seq, line in zip(PRESENT, TABLE_LINES, strict=True) if line not in lost]
    assert [p.seq for p in ds.pilot_items] == kept
    assert ds.completeness.missing_seq == sorted(set(range(1, 37)) - set(kept))
    # labels lost with their rows: the groups are inferred, and still right
    assert {p.seq: p.group for p in ds.pilot_items} == {seq: items[seq].group for seq in kept}
    # and each group's span of numbers holds only that group's items
    for span in ds.completeness.groups:
        inside = [
            p.group for p in ds.pilot_items if span.first_seq and span.first_seq <= p.seq <= span.last_seq
        ]
        assert set(inside) <= {span.group}, (span.group, span.first_seq, span.last_seq, inside)
    assert ds.valid
    assert [c for c in ds.flatten() if c[2] == "items-missing"] == [(17, "pilot_items", "items-missing")]
    assert not [p for p in check_data("damaged.json", json.loads(to_json(ds))) if p.severity == "error"]


def test_lost_label_row_spans_follow_the_creating_units():
    # without line 54 (葛店经开区(5项), item 30) the body's order would give 葛店经开区 27–31 and
    # 梁子湖区 32–34, but item 29's creating unit is 梁子湖区检察院: the order is the table's
    lines = SEED_TEXT.split("\n")
    lines[53] = ""
    ds = ybhj_parse.parse_text("\n".join(lines), source="damaged.txt")
    spans = {g.group: (g.first_seq, g.last_seq, g.span_basis) for g in ds.completeness.groups}
    assert spans["梁子湖区"] == (27, 29, "declared")
    assert spans["葛店经开区"] == (30, 34, "declared")
    assert spans["市本级"] == (1, 11, "declared")
    message = next(d.message for d in ds.diagnostics if d.line == 55 and d.code == "group-inferred")
    assert message == (
        "item 31: group 葛店经开区 inferred from its creating unit 葛店经开区发改经信局 and "
        "the body's counts, in the order the creating units show (items 30–34)"
    )


def test_explain_a_notice():
    result = CliRunner().invoke(main, ["extract", str(NOTICE), "--explain", "-q"])
    assert result.exit_code == 0
    out = result.stdout
    assert "kind: notice   layout: row-per-line   pilot items: 17" in out
    assert "profile:pilot-zone-items" in out
    assert "lines not consumed: 0" in out
    rows = {tuple(cell.strip() for cell in line.split("│")[-2:]) for line in out.splitlines() if "│" in line}
    assert ("inferred", "6") in rows
    assert ("printed-label", "11") in rows
    assert ("section", "3") in rows
