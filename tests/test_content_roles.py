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
