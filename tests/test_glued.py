"""A table copied with nothing between its cells (blocks/glued.py): rows by their numbers in turn,
the cells by what they hold (a person, unit names run together, a deadline), made-up tables in the
shape a document-sharing site's preview gives."""

from __future__ import annotations

import ybhj_parse

# A title and the header on one line with the first rows; a preview's chunk number breaking a unit
# name at a line's start; a row with two sub-rows; the header again at a page break; a last row cut.
GLUED = (
    "1、2021年民生实事分解表序号项目名称主要内容区政府分管领导牵头单位配合单位"
    "1增加教育资源实施新建学校12个,其中幼儿园7个。王海平教育局经开区高新园(邹区镇)各街道市国有公司"
    "2促进就业稳定增长新增就业15000人,失业率控制在3%以内。王海平人社局高新园(邹区镇\n"
    "2、)各街道3老城厢复兴完成纪念馆提升工程。王海平文体旅局晋陵公司轨道公司推进核心区改造及道路整治。"
    "李春祥住建局五星街道南大街街道4优化养老服务为2300名老人提供上门服务。张菁民政局各街道"
    "提升改造8家养老服务中心。序号项目名称主要内容区政府分管领导牵头单位配合单位5文体惠民行动新建2家\n"
)


def test_a_glued_table_is_read_row_by_row_by_what_its_cells_hold() -> None:
    dataset = ybhj_parse.parse_text(GLUED, "glued.txt")
    got = [
        (t.label, t.text[:8], t.leaders, t.lead_units, t.responsible_units, t.scope_words, t.source.line)
        for t in dataset.tasks
    ]
    assert got == [
        (
            "1",
            "增加教育资源实施",
            ["王海平"],
            ["教育局"],
            ["经开区", "高新园（邹区镇）", "市国有公司"],
            ["各街道"],
            1,
        ),
        ("2", "促进就业稳定增长", ["王海平"], ["人社局"], ["高新园（邹区镇）"], ["各街道"], 1),
        ("3", "老城厢复兴完成纪", ["王海平"], ["文体旅局"], ["晋陵公司", "轨道公司"], [], 2),
        ("3", "推进核心区改造及", ["李春祥"], ["住建局"], ["五星街道", "南大街街道"], [], 2),
        ("4", "优化养老服务为2", ["张菁"], ["民政局"], [], ["各街道"], 2),
        ("5", "文体惠民行动新建", [], [], [], [], 2),
    ]
    # the work after a row's units is more of its task; the repeated header is no task's text
    assert dataset.tasks[4].text == "优化养老服务为2300名老人提供上门服务。提升改造8家养老服务中心。"
    assert dataset.tasks[5].text == "文体惠民行动新建2家"
    said = [(d.line, d.message) for d in dataset.diagnostics if d.code == "glued-cells"]
    assert said == [
        (
            1,
            "the table's cells were copied with nothing between them: 6 rows read by the names of its "
            "columns and what its cells hold (row numbers in turn, a person, unit names)",
        )
    ]


def test_a_document_read_otherwise_is_not_looked_at_as_glued() -> None:
    text = "序号\t重点任务\t牵头单位\n1\t推行一网通办。\t市政数局\n"
    dataset = ybhj_parse.parse_text(text, "tabs.txt")
    assert [t.lead_units for t in dataset.tasks] == [["市政数局"]]
    assert not [d for d in dataset.diagnostics if d.code == "glued-cells"]
