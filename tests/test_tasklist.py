"""The 2022 Ezhou key-task list, end to end: exact values taken from the document."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from conftest import TASK_LIST


def test_counts(task_list):
    doc = task_list.document
    assert doc.kind == "task_list"
    assert doc.layout == "cell-per-line"
    assert (doc.counts.sections, doc.counts.measures, doc.counts.tasks) == (28, 52, 154)
    assert [t.seq for t in task_list.tasks] == list(range(1, 155))
    assert task_list.diagnostics == []


def test_document_metadata(task_list):
    doc = task_list.document
    assert doc.title == "鄂州市优化营商环境2022年重点任务清单"  # the source line starts with a stray space
    assert doc.columns == ["政策措施", "序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
    assert doc.aliases == {"市优化办": "市优化营商环境领导小组办公室"}
    assert doc.scope_definitions == {"各区": ["葛店开发区", "临空经济区"]}
    assert doc.source.path == str(TASK_LIST)
    assert doc.source.encoding == "utf-8"
    assert doc.source.lines == 1248  # the file ends with a line holding one space
    assert len(doc.source.sha256) == 64
    assert doc.coverage is not None and doc.coverage.unconsumed == []


def test_seq_1(tasks_by_seq):
    t = tasks_by_seq[1]
    assert t.label == "（1）"
    assert (t.section.no, t.section.title, t.section.line) == (1, "推进企业登记注销便利化", 11)
    assert (t.measure.no, t.measure.title, t.measure.line) == (1, "持续提升企业开办便利化水平", 12)
    assert t.text.startswith("实现企业开办“2050”标准（2个环节、0.5天内办结、零费用）")
    assert t.text.endswith("将银行开户预约纳入企业开办服务范围。")
    assert t.lead_units == ["市市场监管局"]
    assert t.responsible_units == [
        "市公安局",
        "市人社局",
        "市医保局",
        "市公积金中心",
        "市自然资源和规划局",
        "市税务局",
        "人行鄂州市中心支行",
    ]
    assert t.all_districts is True
    assert t.units_open_ended is True
    assert t.scope_words == ["各区"]
    assert t.deadline.raw == "2022年5月底，长期推进"
    assert t.deadline.due == dt.date(2022, 5, 31)
    assert (t.deadline.immediate, t.deadline.ongoing) == (False, True)
    assert (t.source.line, t.source.end_line) == (13, 17)
    assert t.source.cells == {
        "seq": 13,
        "text": 14,
        "lead_units": 15,
        "responsible_units": 16,
        "deadline": 17,
    }


def test_seq_5_repeated_headings_at_page_break(tasks_by_seq):
    t = tasks_by_seq[5]
    # Lines 43-44 repeat section (一) and measure 2 after a page break: the same headings, first seen at 11 and 28.
    assert (t.section.no, t.section.line) == (1, 11)
    assert (t.measure.no, t.measure.title, t.measure.line) == (2, "持续深化“证照分离”改革", 28)
    assert t.lead_units == ["华容区政府", "市行政审批局", "市市场监管局"]
    assert t.responsible_units == ["市各相关许可审批单位"]
    assert t.all_districts is True and t.units_open_ended is False
    assert t.deadline.due == dt.date(2022, 6, 30)
    assert t.source.line == 45


def test_seq_13_blank_line_between_heading_and_item(tasks_by_seq):
    t = tasks_by_seq[13]
    assert (t.section.no, t.section.title) == (2, "优化用电用水用气服务")
    assert (t.measure.no, t.measure.title, t.measure.line) == (7, "持续提高办电效率", 108)
    assert t.lead_units == ["市发改委"]
    assert t.responsible_units == ["市供电公司"]
    assert t.deadline.due == dt.date(2022, 5, 31)
    assert t.source.line == 110


def test_seq_24_due_date(tasks_by_seq):
    t = tasks_by_seq[24]
    assert t.deadline.raw == "2022年12月底"
    assert t.deadline.due == dt.date(2022, 12, 31)
    assert (t.deadline.immediate, t.deadline.ongoing) == (False, False)
    assert t.responsible_units == ["市公共资源交易中心", "市直各政府采购单位"]


def test_seq_39_to_42_cell_continued_on_unindented_line(tasks_by_seq):
    for seq in (39, 40, 41, 42):
        assert tasks_by_seq[seq].lead_units == ["市市场监管局（市知识产权局）"]
    t = tasks_by_seq[39]
    assert t.source.cells["lead_units"] == 320 and t.source.cells["responsible_units"] == 322
    # half-width brackets inside a name become full-width
    assert t.responsible_units == [
        "市法院",
        "市公安局",
        "市委宣传部（市版权局）",
        "市司法局",
        "市科技局",
        "市农业农村局",
    ]
    assert t.units_open_ended is True
    assert (t.section.no, t.measure.no) == (6, 17)


def test_seq_42(tasks_by_seq):
    t = tasks_by_seq[42]
    assert t.responsible_units == ["市地方金融工作局", "鄂州银保监分局"]
    assert t.deadline.due == dt.date(2022, 12, 31) and t.deadline.ongoing
    assert (t.source.line, t.source.end_line) == (345, 350)


def test_seq_66(tasks_by_seq):
    t = tasks_by_seq[66]
    assert (t.section.no, t.section.title) == (12, "深化工程项目建设审批改革")
    assert (t.measure.no, t.measure.title) == (27, "全面推行区域性统一评价和“拿地即开工”")
    assert t.text == "加快推进工业用地“标准地”出让。"
    assert t.lead_units == ["市自然资源和规划局"]
    assert t.responsible_units == ["市住建局", "市人防办", "市水利局", "市生态环境局", "市文旅局", "市气象局"]
    assert t.units_open_ended is True


def test_seq_103_measure_separated_by_blank_line(tasks_by_seq):
    t = tasks_by_seq[103]
    assert (t.section.no, t.measure.no, t.measure.title, t.measure.line) == (19, 38, "优化破产重整机制", 833)
    assert t.lead_units == ["市法院"]
    assert t.responsible_units == ["市发改委", "市政府国资委", "人行鄂州市中心支行"]
    assert t.deadline.raw == "立即推进，长期坚持"
    assert (t.deadline.due, t.deadline.immediate, t.deadline.ongoing) == (None, True, True)


def test_seq_139_alias_definition(tasks_by_seq):
    t = tasks_by_seq[139]
    assert t.lead_units == ["市优化营商环境领导小组办公室"]
    assert t.responsible_units == ["市直有关单位"]
    assert (t.section.no, t.measure.no) == (25, 48)


def test_seq_154(tasks_by_seq):
    t = tasks_by_seq[154]
    assert (t.section.no, t.section.title) == (28, "健全考评奖惩机制")
    assert (t.measure.no, t.measure.title) == (52, "加强考核结果的运用")
    assert t.lead_units == ["市督考办", "市纪委监委机关", "市委组织部"]
    assert t.responsible_units == ["市优化办"]
    assert t.units_open_ended is True and t.all_districts is True
    assert (t.source.line, t.source.end_line) == (1243, 1247)


def test_every_task_has_lead_and_districts(task_list):
    assert all(t.lead_units for t in task_list.tasks)
    assert sum(t.all_districts for t in task_list.tasks) == 154


def test_deadline_kinds(task_list):
    deadlines = [t.deadline for t in task_list.tasks]
    kinds = Counter(
        (
            "dated" if d.due else "undated",
            "immediate" if d.immediate else "-",
            "ongoing" if d.ongoing else "-",
        )
        for d in deadlines
    )
    assert kinds == {
        ("undated", "immediate", "ongoing"): 69,
        ("dated", "-", "ongoing"): 82,
        ("dated", "-", "-"): 3,
    }
    assert Counter(d.due.month for d in deadlines if d.due) == {5: 24, 6: 27, 7: 8, 8: 9, 12: 17}
    assert Counter(d.raw for d in deadlines)["2022年6月底，长期坚持"] == 7


def test_sections_carried_forward(task_list):
    firsts = {}
    for t in task_list.tasks:
        firsts.setdefault(t.section.no, t.seq)
    assert list(firsts) == list(range(1, 29))
    assert firsts[28] == 150
    measures = {t.measure.no for t in task_list.tasks}
    assert measures == set(range(1, 53))
