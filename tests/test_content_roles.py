"""Column roles from content: a column whose name no rule knows is read by what its cells hold."""

from __future__ import annotations

import ybhj_parse

TABLE = (
    "临江区2023年重点任务清单\n"
    "序号\t重点任务\t承担者\t完成时限\n"
    "1\t推进政务服务一网通办\t区政数局、区大数据中心\t2023年6月底\n"
    "2\t优化企业开办服务\t区市场监管局\t2023年9月底\n"
    "3\t深化工程建设项目审批改革\t区住建局、区审批局\t2023年12月底\n"
)


def test_a_column_of_unit_names_under_an_unknown_name_is_a_unit_column() -> None:
    dataset = ybhj_parse.parse_text(TABLE, "content.txt")
    assert [t.responsible_units for t in dataset.tasks] == [
        ["区政数局", "区大数据中心"],
        ["区市场监管局"],
        ["区住建局", "区审批局"],
    ]
    assert [t.extra for t in dataset.tasks] == [{}, {}, {}]
    said = [(d.line, d.message) for d in dataset.diagnostics if d.code == "column-role-from-content"]
    assert said == [
        (2, "the header's 承担者 column names no known role; its cells say it: read as responsible")
    ]


def test_a_known_column_is_never_overridden_by_its_cells() -> None:
    known = TABLE.replace("承担者", "备注")
    dataset = ybhj_parse.parse_text(known, "known.txt")
    assert dataset.tasks[0].extra == {"备注": "区政数局、区大数据中心"}
    assert not [d for d in dataset.diagnostics if d.code == "column-role-from-content"]


# One cell a line, a group column after the numbers, its merged cells written once, and no title:
# made up in the shape of a county bureau's work table.
GROUPED = (
    "\n".join(
        [
            "序号",
            "指标",
            "工作任务",
            "完成时限",
            "责任股室",
            "备注",
            "1",
            "公共文化服务",
            "免费开放服务人次较上年增长15%。",
            "12月底前",
            "文化宣传股",
            "文化馆",
            "2",
            "全年组织开展惠民演出不少于100场。",
            "3",
            "文化产业",
            "培育规模以上文化服务企业1家。",
            "文物股",
            "郙阁公司",
            "4",
            "完成2019年非遗展厅布展任务。",
        ]
    )
    + "\n"
)


def test_a_label_after_the_number_then_a_sentence_is_the_group_cell_of_the_rows_from_there() -> None:
    dataset = ybhj_parse.parse_text(GROUPED, "grouped.txt")
    assert [t.text for t in dataset.tasks] == [
        "免费开放服务人次较上年增长15%。",
        "全年组织开展惠民演出不少于100场。",
        "培育规模以上文化服务企业1家。",
        "完成2019年非遗展厅布展任务。",
    ]
    assert [[h.title for h in t.headings] for t in dataset.tasks] == [
        ["公共文化服务"],
        ["公共文化服务"],
        ["文化产业"],
        ["文化产业"],
    ]
    # 文物股, then 郙阁公司: two unit cells for one unit column are one list.
    assert dataset.tasks[2].responsible_units == ["文物股", "郙阁公司"]


def test_a_document_with_no_year_of_its_own_reads_deadlines_in_the_year_its_text_names() -> None:
    dataset = ybhj_parse.parse_text(GROUPED, "grouped.txt")
    assert str(dataset.tasks[0].deadline.due) == "2019-12-31"
    said = [(d.line, d.message) for d in dataset.diagnostics if d.code == "year-from-text"]
    assert said == [
        (
            21,
            "the document gives no year in its title, date or document number: deadlines without "
            "one are read in 2019, the year its text names most (1 times)",
        )
    ]


def test_a_year_only_a_date_names_is_not_the_documents_year() -> None:
    dated = GROUPED.replace("完成2019年非遗展厅布展任务。", "完成非遗展厅布展任务，2024年6月底前。")
    dataset = ybhj_parse.parse_text(dated, "dated.txt")
    assert dataset.tasks[0].deadline.due is None
    # 12月底前 has no year, and the text names 2024 only as a date's: no year to read it in.
    assert not [d for d in dataset.diagnostics if d.code == "year-from-text"]
    assert [d.line for d in dataset.diagnostics if d.code == "deadline-year-missing"] == [10, 10, 10]
