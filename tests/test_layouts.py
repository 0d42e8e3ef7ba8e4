"""The same list under other column orders, other column names and the row-per-line layout.

The variants are rendered from the seed's own lines (not from parsed records): each
row block of the seed is cut into its cells, which are then written out again in
another order.
"""

from __future__ import annotations

import datetime as dt

import regex

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.model.contract import to_data

SEQ = regex.compile(r"^[（(]\d+[）)]$")


def seed_rows() -> list[dict[str, list[str]]]:
    """The seed's rows as {column: [cell lines]}, policy cells (headings) kept with their row."""
    rows: list[dict[str, list[str]]] = []
    lines = TASK_LIST.read_text(encoding="utf-8").split("\n")
    start = lines.index("\t完成时限") + 1
    policy: list[str] = []
    current: dict[str, list[str]] | None = None
    data_columns = ["seq", "text", "lead", "responsible", "deadline"]
    for line in lines[start:]:
        if not line.strip():
            continue
        if line.startswith("\t"):
            cell = line[1:]
            if current is None or len(current) == len(data_columns) + 1:
                if SEQ.match(cell):
                    current = {"policy": policy, "seq": [cell]}
                    rows.append(current)
                    policy = []
                else:
                    policy.append(cell)
                continue
            current[data_columns[len(current) - 1]] = [cell]
        else:  # continuation of the cell above (（市知识产权局）)
            assert current is not None
            current[data_columns[len(current) - 2]].append(line)
    return rows


NAMES = {
    "policy": "政策措施",
    "seq": "序号",
    "text": "主要任务",
    "lead": "牵头单位",
    "responsible": "配合单位",
    "deadline": "完成时间",
}


def render_cell_per_line(order: list[str]) -> str:
    out = ["鄂州市优化营商环境2022年重点任务清单", ""]
    out += ["\t" + NAMES[c] for c in order] + [""]
    for row in seed_rows():
        for column in order:
            cells = row[column]
            if column == "policy":
                out += ["\t" + c for c in cells] or ["\t"]
            else:
                out += ["\t" + cells[0], *cells[1:]]
        out.append("")
    return "\n".join(out) + "\n"


def render_row_per_line(order: list[str]) -> str:
    out = ["鄂州市优化营商环境2022年重点任务清单", "\t".join(NAMES[c] for c in order)]
    for row in seed_rows():
        headings = row["policy"] or [""]
        for heading in headings[:-1]:  # extra heading lines stand alone, in the policy column
            out.append("\t".join(heading if c == "policy" else "" for c in order))
        out.append("\t".join(headings[-1] if c == "policy" else "".join(row[c]) for c in order))
    return "\n".join(out) + "\n"


def comparable(dataset):
    """The tasks' data without what differs between layouts: lines, the heading path."""
    rows = []
    for task in dataset.tasks:
        data = to_data(task)
        del data["source"], data["headings"]
        for key in ("section", "measure", "deadline"):
            if data[key] is not None:
                del data[key]["line"]
        rows.append(data)
    return rows


def test_seed_rows_cover_every_task():
    rows = seed_rows()
    assert len(rows) == 154
    assert rows[38]["lead"] == ["市市场监管局", "（市知识产权局）"]


def test_reordered_columns_give_the_same_records(task_list):
    order = ["seq", "text", "deadline", "responsible", "lead", "policy"]
    variant = ybhj_parse.parse_text(render_cell_per_line(order))
    assert variant.document.columns == ["序号", "主要任务", "完成时间", "配合单位", "牵头单位", "政策措施"]
    assert variant.diagnostics == []
    assert comparable(variant) == comparable(task_list)


def test_other_column_names_same_order(task_list):
    order = ["policy", "seq", "text", "lead", "responsible", "deadline"]
    variant = ybhj_parse.parse_text(render_cell_per_line(order))
    assert comparable(variant) == comparable(task_list)
    assert variant.document.counts == task_list.document.counts


def test_row_per_line_layout(task_list):
    order = ["policy", "seq", "text", "lead", "responsible", "deadline"]
    variant = ybhj_parse.parse_text(render_row_per_line(order))
    assert variant.document.layout == "row-per-line"
    assert variant.diagnostics == []
    assert comparable(variant) == comparable(task_list)
    t39 = next(t for t in variant.tasks if t.seq == 39)
    assert t39.lead_units == ["市市场监管局（市知识产权局）"]


def test_table_rows_written_with_pipes_read_as_tab_rows():
    text = "序号 | 重点任务 | 牵头单位 | 完成时限 |\n1 | 推行“一网通办”。 | 市政数局 | 2023年6月底 |\n"
    (task,) = ybhj_parse.parse_text(text).tasks
    assert (task.text, task.lead_units, str(task.deadline.due if task.deadline else None)) == (
        "推行“一网通办”。",
        ["市政数局"],
        "2023-06-30",
    )


def test_header_cells_run_together_with_no_row_read_are_named_in_the_refusal():
    import pytest

    from ybhj_parse.errors import InputError

    text = "序号重点任务牵头单位完成时限\n推行一网通办\n"
    with pytest.raises(InputError, match="names the columns of a table with nothing between them"):
        ybhj_parse.parse_text(text)


def test_rows_run_together_under_their_header_are_read_by_what_they_hold():
    text = "序号重点任务牵头单位完成时限\n1推行“一网通办”。市政数局2023年6月底\n"
    dataset = ybhj_parse.parse_text(text)
    [task] = dataset.tasks
    assert (task.text, task.lead_units, task.deadline and task.deadline.due) == (
        "推行“一网通办”。",
        ["市政数局"],
        dt.date(2023, 6, 30),
    )
    assert [(d.line, d.code) for d in dataset.diagnostics if d.severity == "info"][0] == (1, "glued-cells")


def test_every_task_matches_its_row_in_the_seed(task_list):
    """All 154 records against the seed's rows as cut by the simple reader above."""
    rows = seed_rows()
    assert [int(r["seq"][0].strip("（）")) for r in rows] == [t.seq for t in task_list.tasks]
    for row, task in zip(rows, task_list.tasks, strict=True):
        assert task.text == row["text"][0]
        assert task.deadline is not None and task.deadline.raw == row["deadline"][0]
        for role, units in (("lead", task.lead_units), ("responsible", task.responsible_units)):
            cell = "".join(row[role]).replace("(", "（").replace(")", "）")
            if role == "lead":
                assert units, task.seq
            for unit in units:
                assert unit in cell, (task.seq, unit, cell)
            # nothing in the cell is lost: what is not a unit is a separator, 等, 各区 or a definition
            rest = cell
            for unit in sorted(units, key=len, reverse=True):
                rest = rest.replace(unit, "", 1)
            rest = regex.sub(r"（以下简称“[^”]+”）|（含[^）]+，下同）|各区|等|[、，]", "", rest)
            assert rest == "", (task.seq, role, rest)
