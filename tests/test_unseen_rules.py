"""Rules learnt from documents scored at first sight (tests/corpus/): each made up in the shape
the documents showed, and asserted on what it must give."""

from __future__ import annotations

import datetime as dt

import ybhj_parse
from ybhj_parse.model.records import Dataset
from ybhj_parse.values.attribution import read_attribution
from ybhj_parse.values.deadlines import find_deadline
from ybhj_parse.values.units import parse_units


def _said(dataset: Dataset, code: str) -> list[tuple[int | None, str]]:
    """The (line, message) of each diagnostic of ``code``."""
    return [(d.line, d.message) for d in dataset.diagnostics if d.code == code]


# One cell a line, blank lines between, a header name with a remark in brackets, a row number
# with a mark, and a labelled line naming the lead under the unit cell.
MARKED = (
    "\n\n".join(
        [
            "2021年重点工作责任分解",
            "序号",
            "重点工作任务(本市2项配合工作)",
            "责任单位",
            "(一)副市长牵头重点工作",
            "1",
            "加强粮食和重要农产品保障，稳定粮食生产能力。",
            "市农业农村局、市商务局",
            "省牵头单位:省农业农村厅",
            "2*",
            "大力推进科创大走廊建设。",
            "市科技局、市发改委",
        ]
    )
    + "\n"
)


def test_a_labelled_line_under_a_unit_cell_names_its_field() -> None:
    dataset = ybhj_parse.parse_text(MARKED, "marked.txt")
    assert [(t.seq, t.lead_units, t.responsible_units) for t in dataset.tasks] == [
        (1, ["省农业农村厅"], ["市农业农村局", "市商务局"]),
        (2, [], ["市科技局", "市发改委"]),
    ]
    assert dataset.document.columns == ["序号", "重点工作任务(本市2项配合工作)", "责任单位"]
    assert [t.text for t in dataset.tasks][1] == "大力推进科创大走廊建设。"


def test_a_bracket_may_give_its_deadline_under_a_label() -> None:
    found = read_attribution("区商务局、区科信局负责落实,完成时限:2022年10月")
    assert found is not None
    assert [(f.role, f.value, f.rule) for f in found.fields] == [
        ("responsible", "区商务局、区科信局", "responsible"),
        ("deadline", "2022年10月", "labelled-deadline"),
    ]
    text = "要点\n1.做好信息公开工作。(区发展改革委负责落实,完成时限:2022年10月)\n2.做好政策解读。(区司法局负责落实)\n"
    tasks = ybhj_parse.parse_text(text, "labelled.txt").tasks
    assert [(t.responsible_units, str(t.deadline.due) if t.deadline else None) for t in tasks] == [
        (["区发展改革委"], "2022-10-31"),
        (["区司法局"], None),
    ]


def test_a_pointer_to_an_annex_and_a_general_noun_after_deng_are_not_names() -> None:
    assert parse_units("市有关单位(见附件1,下同)").units == ["市有关单位"]
    listed = parse_units("区房管局等公共企事业单位行业主管部门")
    assert (listed.units, listed.open_ended) == (["区房管局"], True)


def test_units_said_in_the_clauses_of_a_sentence_name_the_task_s_units() -> None:
    # Headings with a sentence under each, on one line, the units in clauses, no brackets.
    text = (
        "经研究部署,污染防治攻坚战按大气、水、土壤、宣教和信息公开四个大类进行具体分工,"
        "明确领导小组和各科室的工作职责。具体工作任务分工如下: 一、水方面 (一)水源地保护 由污控科牵头,环监局、监测站配合。"
        " (二)燃煤散烧 由规财科负责。结合棚户区改造工作一同进行。"
        " (三)锅炉普查 结合普查工作一同进行,由普查办公室和环境监察局一同负责。\n"
    )
    tasks = ybhj_parse.parse_text(text, "clauses.txt").tasks
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [
        (["污控科"], ["环监局", "监测站"]),
        ([], ["规财科"]),
        ([], ["普查办公室", "环境监察局"]),
    ]


# A progress table: the project's name and number merged over its target lines, each target
# line a row that lost those cells and is padded at its end, the unit cell merged too.
PROGRESS = (
    "序号 | 项目名称 | 项目内容 | 当前进展情况 | 主办单位 |\n"
    "1 | 人居环境整治提升工程 | 推广人居环境治理新模式,试点村达到100个。 | 试点村达到100个; | 县整治工作专班 |\n"
    "新增绿化面积387亩。 | 已完成新增造林387亩。 | | |\n"
    "完成废弃坑塘治理村庄10个。 | 已完成10个坑塘整治。 | | |\n"
    "2 | 城乡供水一体化工程 | 新建改造供水管网100公里。 | 已完成。 | 县水务局 |\n"
)


def test_target_lines_under_a_merged_project_are_tasks_of_that_project() -> None:
    dataset = ybhj_parse.parse_text(PROGRESS, "progress.txt")
    assert [(t.seq, t.text, t.responsible_units, [h.title for h in t.headings]) for t in dataset.tasks] == [
        (1, "推广人居环境治理新模式,试点村达到100个。", ["县整治工作专班"], ["人居环境整治提升工程"]),
        (1, "新增绿化面积387亩。", ["县整治工作专班"], ["人居环境整治提升工程"]),
        (1, "完成废弃坑塘治理村庄10个。", ["县整治工作专班"], ["人居环境整治提升工程"]),
        (2, "新建改造供水管网100公里。", ["县水务局"], ["城乡供水一体化工程"]),
    ]
    assert [d.line for d in dataset.diagnostics if d.code == "sub-task"] == [3, 4]
    # 主办单位 alone: the units who do the task, no lead named.
    assert all(t.lead_units == [] for t in dataset.tasks)


# The project's name merged over its rows, the rows that lost it padded with one empty cell at
# their end, and a row of a second deadline and unit alone.
SHIFTED = (
    "项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |\n"
    "1.城市人居环境提升项目 | 对人民中路等3条城区道路进行综合提升改造; | 11月 | 建设局 |\n"
    "2021.8 | 城投集团 | ||\n"
    "对七星路等重点区域进行绿化亮化提档升级; | 2021.12 | 城投集团 | |\n"
    "2.生态公墓建设项目 | 持续推进生态公墓建设,新建生态公益性墓地15处。 | 10月底 | 民政局 |\n"
)


def test_cells_that_stand_left_of_their_places_are_placed_by_what_they_hold() -> None:
    dataset = ybhj_parse.parse_text("2021年民生实事进展情况\n" + SHIFTED, "shifted.txt")
    got = [(t.text[:11], t.lead_units, t.deadline.raw if t.deadline else None) for t in dataset.tasks]
    assert got == [
        ("对人民中路等3条城区道", ["建设局", "城投集团"], "11月；2021.8"),
        ("对七星路等重点区域进行", ["城投集团"], "2021.12"),
        ("持续推进生态公墓建设,", ["民政局"], "10月底"),
    ]
    assert [t.headings[0].title for t in dataset.tasks] == ["城市人居环境提升项目"] * 2 + ["生态公墓建设项目"]
    assert [d.line for d in dataset.diagnostics if d.code == "sub-row"] == [4]


# A web table copied cell by cell with its borders: | opens every cell of a row but its first, a
# | alone closes the row; the lead cell is merged over rows and broken into short lines.
PIPE_LED = (
    "\n".join(
        [
            "2012年目标任务责任分解表",
            "牵头单位",
            "| 目 标 任 务",
            "| 责 任 单 位",
            "|",
            "市",
            "监",
            "察",
            "局",
            "| 严肃查处利用职权谋取私利的腐败行为",
            "| 审计局、财政局",
            "|",
            "推进廉洁政府建设",
            "| 市直各单位",
            "|",
            "市",
            "发",
            "改",
            "委",
            "| 地区生产总值增长13%",
            "| 统计局",
            "|",
            "| 固定资产投资增长20%",
            "|",
            "| 单位地区生产总值综合能耗下降3.5%",
            "|",
        ]
    )
    + "\n"
)


def test_cells_opened_by_a_pipe_are_read_and_short_rows_placed_by_what_they_hold() -> None:
    dataset = ybhj_parse.parse_text(PIPE_LED, "pipe-led.txt")
    assert dataset.document.columns == ["牵头单位", "目 标 任 务", "责 任 单 位"]
    got = [(t.text, t.lead_units, t.responsible_units) for t in dataset.tasks]
    assert got == [
        ("严肃查处利用职权谋取私利的腐败行为", ["市监察局"], ["审计局", "财政局"]),
        ("推进廉洁政府建设", ["市监察局"], ["市直各单位"]),
        ("地区生产总值增长13%", ["市发改委"], ["统计局"]),
        ("固定资产投资增长20%", ["市发改委"], ["统计局"]),
        ("单位地区生产总值综合能耗下降3.5%", ["市发改委"], ["统计局"]),
    ]


def test_a_table_on_one_line_with_its_cells_spaces_apart_is_read_one_cell_a_line() -> None:
    cells = [
        "序号",
        "2025年度工作任务",
        "责任单位",
        "一、对标先进优化提升专项行动",
        "(一)市场准入(牵头单位:市市场监管局)",
        "1",
        "加快建设“渝企在线”数字应用,完善登记注册申请表单智能预填等功能。",
        "市市场监管局",
        "2",
        "深化注册资本认缴登记制度改革,规范股东依法履行出资义务。",
        "市市场监管局",
        "3",
        "完善企业名称登记规范,提升名称登记便利度和规范化。",
        "市市场监管局、市司法局",
    ]
    text = "重庆市2025年度优化营商环境工作任务清单\n" + "   ".join(cells) + "\n"
    dataset = ybhj_parse.parse_text(text, "spaced.txt")
    assert [(t.seq, t.text[:8], t.responsible_units) for t in dataset.tasks] == [
        (1, "加快建设“渝企在", ["市市场监管局"]),
        (2, "深化注册资本认缴", ["市市场监管局"]),
        (3, "完善企业名称登记", ["市市场监管局", "市司法局"]),
    ]
    assert all(t.source.line == 2 for t in dataset.tasks)
    said = _said(dataset, "spaced-cells")
    assert said == [
        (
            2,
            "the line holds a table copied with its cells a run of spaces apart: read one cell a line (14 cells)",
        )
    ]


def test_tasks_under_a_heading_that_names_their_lead_take_it_beside_their_own_helpers() -> None:
    text = (
        "2008年工作目标责任分解\n"
        "一、常务副省长负责的工作\n"
        "(一)省编办牵头的工作\n"
        "1.深化行政管理体制改革,优化政府机构设置。\n"
        "2.积极稳妥地推进乡镇机构改革。\n"
        "协同单位:省财政厅、省人事厅和各市人民政府。\n"
    )
    tasks = ybhj_parse.parse_text(text, "heading-lead.txt").tasks
    assert [(t.lead_units, t.responsible_units, t.scope_words) for t in tasks] == [
        (["省编办"], ["省财政厅", "省人事厅"], ["各市人民政府"]),
        (["省编办"], ["省财政厅", "省人事厅"], ["各市人民政府"]),
    ]


# Cells closed by |, one merged row holding numbered items, each item's people cell left empty
# in some rows, a star before the first unit.
STARRED = (
    "\n".join(
        [
            "区政府2024年重点工作目标任务分解落实方案",
            "序号",
            "|",
            "项目",
            "|",
            "重点工作目标任务",
            "|",
            "牵头领导",
            "|",
            "责任单位",
            "|",
            "1",
            "|",
            "主要预期目标",
            "|",
            "1.地区生产总值增长5%以上。",
            "|",
            "钱 宇",
            "|",
            "★区发改委、统计局",
            "|",
            "2.一般公共预算收入同口径增长6%以上。",
            "|",
            "★区财政局、税务局",
            "|",
            "|||",
            "3.规上工业总产值增长5%左右。",
            "|",
            "|",
            "★区工信局、统计局",
            "|",
            "||",
            "4.全社会固定资产投资增长5%左右。",
            "|",
            "钱 宇",
            "|",
            "★区发改委、统计局",
            "|",
            "||",
        ]
    )
    + "\n"
)


def test_numbered_items_of_a_merged_row_are_rows_whatever_cells_they_leave_empty() -> None:
    dataset = ybhj_parse.parse_text(STARRED, "starred.txt")
    assert [(t.label, t.text[:6], t.leaders, t.responsible_units) for t in dataset.tasks] == [
        ("1", "地区生产总值", ["钱宇"], ["区发改委", "统计局"]),
        ("2.", "一般公共预算", [], ["区财政局", "税务局"]),
        ("3.", "规上工业总产", [], ["区工信局", "统计局"]),
        ("4.", "全社会固定资", ["钱宇"], ["区发改委", "统计局"]),
    ]


def test_a_time_section_gives_every_task_that_names_none_its_deadline() -> None:
    text = (
        "2022年安全生产大排查大整治行动方案\n"
        "一、总体要求\n"
        "深入排查整治各类安全隐患。\n"
        "二、时间安排\n"
        "即日起至6月30日。\n"
        "三、任务分工\n"
        "1.县应急管理局负责尾矿库、危险化学品等行业的隐患排查治理工作。\n"
        "2.县公安局负责道路交通等行业的隐患排查治理工作,9月底前完成。\n"
    )
    tasks = ybhj_parse.parse_text(text, "period.txt").tasks
    assert [(t.responsible_units, t.deadline.raw, str(t.deadline.due)) for t in tasks] == [
        (["县应急管理局"], "即日起至6月30日", "2022-06-30"),
        (["县公安局"], "9月底前", "2022-09-30"),
    ]
    assert tasks[0].source.cells["deadline"] == 5


def test_a_second_column_of_a_role_under_its_own_name_is_a_column_of_its_own() -> None:
    cells = [
        "类别",
        "序号",
        "任务名称",
        "任务要求及举措",
        "责任部门",
        "责任街镇",
        "完成时间节点",
        "(一)示范村建设",
        "1",
        "完成乡村振兴示范村建设",
        "对照建设项目清单,如期完成建设任务。",
        "区农业农村委",
        "浦江镇",
        "10月底",
    ]
    text = "2023年乡村振兴重点任务\n" + "\n".join(f"{cell}\n|" for cell in cells) + "\n"
    dataset = ybhj_parse.parse_text(text, "two-text-columns.txt")
    (task,) = dataset.tasks
    assert (task.text, task.responsible_units, str(task.deadline.due)) == (
        "完成乡村振兴示范村建设",
        ["区农业农村委", "浦江镇"],
        "2023-10-31",
    )
    assert task.extra == {"任务要求及举措": "对照建设项目清单,如期完成建设任务。"}


def test_a_task_sentence_where_a_column_of_labels_is_due_is_the_task() -> None:
    lines = [
        "潍坊市2017年政务公开工作要点实施方案",
        "目标",
        "任务",
        "主要内容",
        "责任单位",
        "一、以政务公开助力稳增长",
        "(一)加强预期引导",
        "围绕我市经济社会发展形势,通过新闻发布会等方式做好政策解读。",
        "市发改委牵头落实",
        "围绕出台促进就业规划、就业创业政策,加强就业创业政策信息公开。",
        "市人社局牵头落实",
        "围绕稳健中性的货币政策,加强金融政策信息公开。",
        "市金融办、潍坊银监分局分别牵头落实",
    ]
    tasks = ybhj_parse.parse_text("\n".join(lines) + "\n", "labels-first.txt").tasks
    assert [(t.text[:8], t.lead_units) for t in tasks] == [
        ("围绕我市经济社会", ["市发改委"]),
        ("围绕出台促进就业", ["市人社局"]),
        ("围绕稳健中性的货", ["市金融办", "潍坊银监分局"]),
    ]


def test_a_numbered_list_that_names_no_units_is_read_with_one_warning() -> None:
    text = (
        "工作要点\n一、总体要求\n1.推进政务公开标准化建设。\n2.做好政策解读工作。\n3.加强政务新媒体管理。\n"
    )
    dataset = ybhj_parse.parse_text(text, "list.txt")
    assert [(t.seq, t.text, t.lead_units, t.responsible_units) for t in dataset.tasks] == [
        (1, "推进政务公开标准化建设。", [], []),
        (2, "做好政策解读工作。", [], []),
        (3, "加强政务新媒体管理。", [], []),
    ]
    said = [(d.severity, d.line, d.message) for d in dataset.diagnostics if d.code == "units-not-named"]
    assert said == [
        (
            "warning",
            3,
            "the document names no unit for any item: its 3 numbered items are read as tasks without units",
        )
    ]


def test_a_sentence_that_is_an_attribution_names_every_unit_it_lists() -> None:
    text = (
        "2013年重点工作目标分解\n一、加快项目建设\n"
        "1.抓好189个市级重点项目,确保完成年度投资计划。\n"
        "由市发展改革委,各县市区人民政府,市经济开发区管委会、市东新区管委会负责落实\n"
        "2.全面完成漯阜铁路复线电气化改造。\n由漯阜铁路公司、市发展改革委负责落实\n"
    )
    tasks = ybhj_parse.parse_text(text, "sentence.txt").tasks
    assert [(t.responsible_units, t.scope_words) for t in tasks] == [
        (["市发展改革委", "市经济开发区管委会", "市东新区管委会"], ["各县市区人民政府"]),
        (["漯阜铁路公司", "市发展改革委"], []),
    ]


def test_a_bracket_may_hold_two_sentences_its_remark_after_a_full_stop() -> None:
    text = (
        "2017年实施方案\n1、加快构建环湖旅游快速通道。(省发改委、省交通运输厅负责。列第一位的为牵头部门,下同)\n"
        "2、加快国省道升级改造。(省交通运输厅、省财政厅负责)\n"
    )
    tasks = ybhj_parse.parse_text(text, "remark.txt").tasks
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [
        (["省发改委"], ["省交通运输厅"]),
        (["省交通运输厅"], ["省财政厅"]),
    ]


def test_a_web_copys_chrome_after_the_last_task_is_no_task() -> None:
    text = (
        "2015年政府工作报告重点工作分解\n"
        "1、抓好粮食主产县建设。(省农业厅牵头)\n"
        "2、加快推进整县果业转型升级,积极打造肉蛋奶生产重点县,因地制宜发展蔬菜、茶叶\n"
        "详见三秦网\n三秦都市报记者张维\n扫一扫在手机上查看当前页面\n"
    )
    dataset = ybhj_parse.parse_text(text, "chrome.txt")
    assert [t.seq for t in dataset.tasks] == [1, 2]
    assert dataset.tasks[1].text.startswith("加快推进整县果业转型升级")


def test_a_title_over_a_task_of_its_own_is_a_heading_not_the_start_of_the_task() -> None:
    text = (
        "十二五规划纲要主要目标和任务分工\n二、主要目标和任务分工安排\n(一)约束性指标\n"
        "耕地保有量保持在2000.9万亩。(市国土局牵头)\n"
        "单位工业增加值用水量达到省要求标准。(市水利局、市发展改革委等部门按职责分工负责)\n"
    )
    tasks = ybhj_parse.parse_text(text, "title.txt").tasks
    assert [(t.text[:9], t.lead_units, [h.title for h in t.headings]) for t in tasks] == [
        ("耕地保有量保持在2", ["市国土局"], ["主要目标和任务分工安排", "约束性指标"]),
        ("单位工业增加值用水", [], ["主要目标和任务分工安排", "约束性指标"]),
    ]


def test_the_next_item_of_a_numbering_on_the_same_line_is_numbered_too() -> None:
    text = (
        "2013年政府工作报告重点工作分工\n一、全省经济社会发展主要目标\n"
        "(一)地区生产总值增长11%左右。(省发改委负责)(二)公共财政收入增长13%左右。(省财政厅主办,省国税局协办)\n"
        "(三)全社会固定资产投资增长30%以上。(省发改委主办,省工信委协办)\n"
    )
    tasks = ybhj_parse.parse_text(text, "same-line.txt").tasks
    assert [(t.label, t.text, t.lead_units) for t in tasks] == [
        ("(一)", "地区生产总值增长11%左右。", []),
        ("(二)", "公共财政收入增长13%左右。", ["省财政厅"]),
        ("(三)", "全社会固定资产投资增长30%以上。", ["省发改委"]),
    ]


def test_within_the_year_and_by_a_year_are_the_end_of_that_year() -> None:
    from ybhj_parse.values.deadlines import find_deadline, read_deadline

    found = find_deadline("实施工业重点项目323个,年内力争完成投资1000亿元以上", year=2011)
    assert found is not None and (found.raw, str(found.value.due)) == ("年内", "2011-12-31")
    assert str(read_deadline("2020年前").due) == "2020-12-31"


def test_a_heading_naming_its_lead_over_a_plain_sentence_heads_that_task() -> None:
    text = (
        "2009年市政府工作目标责任分解\n一、王市长负责的工作\n"
        "(一)市监察局牵头的工作\n加强行政监察工作,落实党风廉政建设责任制。\n"
        "(二)市审计局牵头的工作\n全面加强审计工作。\n协同单位:市直各部门和各县人民政府。\n"
    )
    tasks = ybhj_parse.parse_text(text, "heads.txt").tasks
    assert [(t.text, t.lead_units, t.responsible_units, t.scope_words) for t in tasks] == [
        ("加强行政监察工作,落实党风廉政建设责任制。", ["市监察局"], [], []),
        ("全面加强审计工作。", ["市审计局"], ["市直各部门"], ["各县人民政府"]),
    ]
    assert [h.title for h in tasks[1].headings][-1] == "市审计局牵头的工作"


# One cell a line: a target figure that is no next row number, and a row with one unit cell
# more than its columns, whose last column (评分部门) takes units too.
SCORED = (
    "\n\n".join(
        [
            "2022年乡村振兴任务清单",
            *("序号", "考核内容", "单位", "年度目标", "责任部门", "评分部门"),
            *("1", "农业劳动生产率", "万元/人", "全市统筹", "县海洋与渔业局", "县农业农村局", "市农业农村局"),
            *("2", "水产品产量", "万吨", "42", "县农业农村局", "市海洋渔业局"),
            *("3", "生猪存栏", "万头", "0", "县农业农村局", "市农业农村局"),
        ]
    )
    + "\n"
)


def test_a_figure_under_a_column_no_role_reads_is_no_row_number() -> None:
    tasks = ybhj_parse.parse_text(SCORED, "scored.txt").tasks
    assert [(t.seq, t.text, t.responsible_units) for t in tasks] == [
        (1, "农业劳动生产率", ["县海洋与渔业局", "县农业农村局"]),
        (2, "水产品产量", ["县农业农村局"]),
        (3, "生猪存栏", ["县农业农村局"]),
    ]
    assert tasks[1].extra == {"单位": "万吨", "年度目标": "42", "评分部门": "市海洋渔业局"}
    assert tasks[0].extra["评分部门"] == "市农业农村局"


# A progress report: the rows' tasks start with their number in the plan reported on, the
# second row's number and lead cells merged with the first's, the page's chrome at the end.
PLAN_PROGRESS = (
    "\n\n".join(
        [
            "市水务局2025年一季度重点工作落实情况统计表",
            *(
                "序号",
                "牵头单位",
                "工作任务",
                "目前完成情况、存在问题及下一步工作措施",
                "完成进度(%)",
                "备注",
            ),
            *("12", "市水务局", "56.做好农村自来水管网改造。", "已完成管网改造1734米。", "90%"),
            *("86.深入推进河长制,落实长江十年禁渔。", "完成22条河流的河湖长更新调整。"),
            "扫一扫在手机上查看当前页面",
        ]
    )
    + "\n"
)


def test_a_progress_table_reads_its_tasks_numbered_as_in_the_plan() -> None:
    dataset = ybhj_parse.parse_text(PLAN_PROGRESS, "progress.txt")
    assert [(t.text, t.lead_units, t.deadline) for t in dataset.tasks] == [
        ("做好农村自来水管网改造。", ["市水务局"], None),
        ("深入推进河长制,落实长江十年禁渔。", ["市水务局"], None),
    ]
    assert dataset.document.columns[3] == "目前完成情况、存在问题及下一步工作措施"
    assert dataset.tasks[1].extra == {
        "目前完成情况、存在问题及下一步工作措施": "完成22条河流的河湖长更新调整。"
    }
    assert not [d for d in dataset.diagnostics if d.severity == "error"]


def test_a_deadline_cells_milestones_are_due_at_the_last() -> None:
    from ybhj_parse.values.deadlines import latest_due_in, read_deadline

    # ， joins one task's milestones; ； sets apart parallel items' deadlines (the first is due).
    assert str(read_deadline("6月开工,年内完工", year=2023).due) == "2023-12-31"
    assert str(read_deadline("5月底前动工；12月底前", year=2016).due) == "2016-05-31"
    cell = "1、物流中心7月1日项目投入试运营 2、南岩农贸市场计划2022年12月底完成项目建设"
    assert str(latest_due_in(cell, year=2021)) == "2022-12-31"
    assert str(latest_due_in("1.2021年8月 2.2021年12月", year=2021)) == "2021-12-31"


# A row per line, |-separated: a sub-row giving a second milestone and unit of the task above,
# and rows whose group cell is merged away, their tasks numbered in the text, the page's metadata
# printed under the table.
MILESTONES = (
    "项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |\n"
    "1.生态公墓建设项目 | 持续推进生态公墓建设。 | 10月底 | 民政局 |\n"
    "计划10月底完成新增墓地建设 | 公共服务集团 | ||\n"
    "2.教育设施提升项目 | 完成22所学校校园空调安装工程。 | 1.2021年8月 2.2021年12月 | 教体局 |\n"
)
MERGED_GROUP = (
    "类别 | 民生事项名称 | 2022年度任务目标 | 责任单位 | 分管市领导 |\n"
    "四、教育文化 | 14.改扩建泉山学校及庙后吕家初级中学 | 完成一期2座教学楼建设。 | 教育体育局 | 刘福利 |\n"
    "15.推进学校塑胶运动场地建设 | 完成13处农村学校塑胶运动场地建设。 | 教育体育局 | 刘福利 | |\n"
    "16.推进义务教育课后服务 | 对全市34所义务教育学校实行课后服务全覆盖。 | 教育体育局 | 刘福利 |\n"
    "索引号: | 113706850042672474/2022-04772 | 成文日期: | 2022-10-08 |\n"
)


def test_a_milestone_sub_row_joins_the_task_above() -> None:
    dataset = ybhj_parse.parse_text("2021年民生实事进展情况登记表\n" + MILESTONES, "milestones.txt")
    assert [(t.text, t.lead_units, t.deadline and str(t.deadline.due)) for t in dataset.tasks] == [
        ("持续推进生态公墓建设。", ["民政局", "公共服务集团"], "2021-10-31"),
        ("完成22所学校校园空调安装工程。", ["教体局"], "2021-12-31"),
    ]
    assert any(d.code == "sub-row" and d.line == 4 for d in dataset.diagnostics)


def test_rows_whose_group_cell_is_merged_away_start_at_their_numbered_task() -> None:
    dataset = ybhj_parse.parse_text(MERGED_GROUP, "merged-group.txt")
    assert [(t.seq, t.text, t.responsible_units, [h.title for h in t.headings]) for t in dataset.tasks] == [
        (14, "改扩建泉山学校及庙后吕家初级中学", ["教育体育局"], ["教育文化"]),
        (15, "推进学校塑胶运动场地建设", ["教育体育局"], ["教育文化"]),
        (16, "推进义务教育课后服务", ["教育体育局"], ["教育文化"]),
    ]


# One cell a line, blank lines between: a header name broken after its year (2023年 / 目标进度),
# a group column (项目) between the number and the units, a unit name and a deadline cell broken
# over two lines, and a sub-row with a task of its own under the group.
PROJECTS = (
    "\n\n".join(
        [
            "2023年民生实事项目目标任务与责任分解表",
            *("序号", "项目", "责任单位", "建设内容", "总投资", "(万元)", "2023年", "目标进度"),
            *("1", "完善交通基础设施", "区新兴产业", "服务中心", "实施宏图路提升改造工程。", "48414"),
            *("一季度开工,宏图路年内完成工程量的50%,", "通惠路一标段年内完成工程量的75%。"),
            *("区住建局", "实施寺慈线路面提升工程。", "1000", "6月开工,年内完工。"),
            *("2", "提升区域防洪能力", "区农业农村局", "实施洋市中心河道整治工程。", "19311", "6月开工"),
        ]
    )
    + "\n"
)


def test_a_group_column_after_the_numbers_heads_its_sub_rows() -> None:
    dataset = ybhj_parse.parse_text(PROJECTS, "projects.txt")
    assert dataset.document.columns == ["序号", "项目", "责任单位", "建设内容", "总投资", "目标进度"]
    got = [
        (t.seq, t.text, t.responsible_units, str(t.deadline.due), [h.title for h in t.headings])
        for t in dataset.tasks
        if t.deadline
    ]
    assert got == [
        (1, "实施宏图路提升改造工程。", ["区新兴产业服务中心"], "2023-12-31", ["完善交通基础设施"]),
        (1, "实施寺慈线路面提升工程。", ["区住建局"], "2023-12-31", ["完善交通基础设施"]),
        (2, "实施洋市中心河道整治工程。", ["区农业农村局"], "2023-06-30", ["提升区域防洪能力"]),
    ]
    assert (
        dataset.tasks[0].deadline.raw
        == "一季度开工,宏图路年内完成工程量的50%,通惠路一标段年内完成工程量的75%。"
    )


BORDERED = """|
        附件2
        重点任务责任分工  |
    ||||
|
         序
        号  |
         工作任务
         |
         牵头单位
         |
         责任单位
         |
         完成时限
         |
|
         1
         |
         成立政务数据共享协调推进机制。
         |
         市行政审批局
         |
         市直相关部门
         |
         2021年9月底
         |
|
         2
         |
         建设政务数据共享应用平台。
         |
         市政务数据共享协调机制
         |
         市直相关部门
        各乡镇(街道)  |
         2021年12月底
         |
"""


def test_a_table_copied_with_its_borders_is_read_one_row_a_line() -> None:
    dataset = ybhj_parse.parse_text(BORDERED, "bordered.txt")
    assert dataset.document.columns == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
    got = [
        (t.seq, t.lead_units, t.responsible_units, t.scope_words, str(t.deadline.due)) for t in dataset.tasks
    ]
    assert got == [
        (1, ["市行政审批局"], ["市直相关部门"], [], "2021-09-30"),
        (2, ["市政务数据共享协调机制"], ["市直相关部门"], ["各乡镇（街道）"], "2021-12-31"),
    ]
    assert [t.source.line for t in dataset.tasks] == [17, 28]
    said = [d for d in dataset.diagnostics if d.code == "bordered-cells"]
    assert [(d.line, d.severity) for d in said] == [(1, "info")] and "(3 rows)" in said[0].message


def test_a_group_column_whose_every_cell_heads_one_row_holds_the_tasks() -> None:
    text = (
        "工作任务 | 目标和要求 | 责任单位 | 备注 |\n"
        "完善重大决定草案公开工作 | 完善重大决定草案的公开。 | 市信息委、市政府法制办 | |\n"
        "深化行政处罚结果信息公开 | 加大行政处罚结果信息的公开力度。 | 市工商局、市卫生局 | |\n"
        "推行政府信息解读服务 | 各政府机关编写配套的解读材料。 | 各政府机关 | |\n"
    )
    dataset = ybhj_parse.parse_text(text, "own-groups.txt")
    assert [(t.text, t.responsible_units, t.headings, t.extra) for t in dataset.tasks] == [
        (
            "完善重大决定草案公开工作",
            ["市信息委", "市政府法制办"],
            [],
            {"目标和要求": "完善重大决定草案的公开。"},
        ),
        (
            "深化行政处罚结果信息公开",
            ["市工商局", "市卫生局"],
            [],
            {"目标和要求": "加大行政处罚结果信息的公开力度。"},
        ),
        ("推行政府信息解读服务", ["各政府机关"], [], {"目标和要求": "各政府机关编写配套的解读材料。"}),
    ]
    said = _said(dataset, "group-column-of-tasks")
    assert said == [
        (
            1,
            "the 工作任务 column heads one row with each of its cells, none merged over several: "
            "its cells are the rows' tasks, not headings",
        )
    ]


# A heading-level item that is a task (no numbered item under it), its units on its own line,
# its body the paragraph after it; its sibling heading holds numbered tasks.
HEADING_TASK_BODY = (
    "工作方案\n"
    "一、主要举措\n"
    "(一)普法宣传。〔牵头单位:市司法局;责任单位:各区政府〕\n"
    "1.加强一线人员培训。\n"
    "2.开展舆论监督。\n"
    "(二)许可改革。〔牵头单位:市市场监管局;责任单位:市政务服务局〕\n"
    "在2021年前全市实现许可改革全覆盖。探索推进一业一证改革。\n"
)


def test_a_heading_that_is_a_task_takes_the_paragraph_under_it_as_its_body() -> None:
    dataset = ybhj_parse.parse_text(HEADING_TASK_BODY, "heading-task.txt")
    assert [(t.text, t.lead_units, t.deadline and t.deadline.due) for t in dataset.tasks] == [
        ("加强一线人员培训。", ["市司法局"], None),
        ("开展舆论监督。", ["市司法局"], None),
        (
            "许可改革。在2021年前全市实现许可改革全覆盖。探索推进一业一证改革。",
            ["市市场监管局"],
            dt.date(2021, 12, 31),
        ),
    ]
    task = dataset.tasks[2]
    assert (task.source.line, task.source.end_line) == (6, 7)
    assert dataset.document.coverage.unconsumed == []


def test_a_period_the_task_runs_for_ends_at_its_last_end() -> None:
    found = find_deadline(
        "降低费率，实施期限至2021年12月31日。原政策实施至2021年4月30日；"
        "2021年5月1日至2022年4月30日下调费率50%。",
        year=2021,
    )
    assert found is not None and (found.rule, found.raw, found.value.due) == (
        "period-end",
        "2022年4月30日",
        dt.date(2022, 4, 30),
    )
    assert find_deadline("截至2022年12月31日，已完成改造。", year=2022) is None  # as of: no end
    from_today = find_deadline("即日起至6月30日开展排查。", year=2022)
    assert from_today is not None and from_today.value.due == dt.date(2022, 6, 30)


def test_a_year_opening_a_clause_of_work_done_in_it_is_its_end() -> None:
    found = find_deadline("规划住房2170套，2024年启动首批项目建设。", year=2024)
    assert found is not None and (found.rule, found.raw, found.value.due) == (
        "year-of-action",
        "2024年",
        dt.date(2024, 12, 31),
    )
    assert find_deadline("到2025年，全市用水总量控制在11亿立方米以内。", year=2024) is None  # a target


# A row per line whose first row carries a group cell before the columns the header names.
OUTER_GROUP = (
    "工作任务 | 目标和要求 | 责任单位 | 备注 |\n"
    "深化信息公开内容 | 推进重要信息公开 | 重点推进规划信息的公开 | 市规划局、市财政局 | |\n"
    "完善决定草案公开 | 完善重大决定草案的公开。 | 市法制办 | |\n"
    "深化处罚结果公开 | 加大处罚结果的公开力度。 | 市工商局 | |\n"
)


def test_a_row_one_cell_wider_than_the_header_opens_with_a_group_heading() -> None:
    dataset = ybhj_parse.parse_text(OUTER_GROUP, "outer-group.txt")
    assert [(t.text, t.responsible_units, [h.title for h in t.headings]) for t in dataset.tasks] == [
        ("推进重要信息公开", ["市规划局", "市财政局"], ["深化信息公开内容"]),
        ("完善决定草案公开", ["市法制办"], ["深化信息公开内容"]),
        ("深化处罚结果公开", ["市工商局"], ["深化信息公开内容"]),
    ]
    assert dataset.tasks[0].extra == {"目标和要求": "重点推进规划信息的公开"}
    said = _said(dataset, "group-cell-before-columns")
    assert said == [
        (
            2,
            "the row has one cell more than the header names: its first, 深化信息公开内容, is read as "
            "a group heading over the rows below",
        )
    ]


# A lettered item whose bracket closes its first piece of work inside the line, the second piece
# after it, and the second piece's bracket on the next line.
WORK_AFTER_BRACKET = (
    "2022年政务公开工作要点\n"
    "一、深化主动公开\n"
    "(一)提升建设公开水平。做好重点领域信息公开工作。(牵头单位:县发改局)常态化推进民生实事项目预算信息公开。\n"
    "(牵头单位:县财政局)\n"
    "(二)做好政策解读。(牵头单位:县政府办)\n"
)


def test_the_work_after_a_closing_bracket_is_the_task_the_next_bracket_attributes() -> None:
    dataset = ybhj_parse.parse_text(WORK_AFTER_BRACKET, "work-after.txt")
    assert [(t.text, t.lead_units, t.source.line, t.source.end_line) for t in dataset.tasks] == [
        ("提升建设公开水平。做好重点领域信息公开工作。", ["县发改局"], 3, 3),
        ("常态化推进民生实事项目预算信息公开。", ["县财政局"], 3, 4),
        ("做好政策解读。", ["县政府办"], 5, 5),
    ]
    assert [d.code for d in dataset.diagnostics if d.code == "attribution-orphan"] == []


def test_units_that_each_do_their_part_are_responsible() -> None:
    attribution = read_attribution("省发改委、农委、统计局分别负责")
    assert attribution is not None
    assert [(f.role, f.value) for f in attribution.fields] == [("responsible", "省发改委、农委、统计局")]
    shared = read_attribution("省政府安委会办公室、省监察厅分工负责")
    assert shared is not None and [f.value for f in shared.fields] == ["省政府安委会办公室、省监察厅"]
    assert read_attribution("由责任部门分别负责落实") is None  # the name of a role, no unit


# A numbered item broken after an opening book-title mark, its units closing the next line.
BROKEN_AFTER_QUOTE = (
    "(三)严格落实问责制度。\n"
    "75.认真贯彻执行《\n"
    "关于实行领导干部问责的暂行规定》,对失职的领导干部进行问责。(省监察厅、省安委办分工负责)\n"
    "76.对事故多发的县政府领导进行约谈。(省安委办负责)\n"
)


def test_a_line_left_inside_a_book_title_mark_goes_on_to_the_next() -> None:
    dataset = ybhj_parse.parse_text(BROKEN_AFTER_QUOTE, "broken-quote.txt")
    assert [(t.label, t.text, t.responsible_units, t.source.line) for t in dataset.tasks] == [
        (
            "75.",
            "认真贯彻执行《关于实行领导干部问责的暂行规定》,对失职的领导干部进行问责。",
            ["省监察厅", "省安委办"],
            2,
        ),
        ("76.", "对事故多发的县政府领导进行约谈。", ["省安委办"], 4),
    ]


# One cell a line, a header name no list knows broken over two lines (区本级 / 任务数), the figure
# it heads given in some rows only.
BROKEN_NAME = "\n\n".join(
    [
        "序号",
        "重点工作",
        "区本级",
        "任务数",
        "责任单位",
        "1",
        "地区生产总值增长6.5%。",
        "区发改局",
        "2",
        "着力推进重大建设项目340个以上。",
        "190个/226亿元",
        "区发改局",
        "3",
        "一般公共预算收入增长与经济增长基本同步。",
        "区财政局",
    ]
)


def test_a_unit_cell_where_an_unnamed_column_is_due_goes_to_the_unit_column() -> None:
    dataset = ybhj_parse.parse_text(BROKEN_NAME + "\n", "broken-name.txt")
    assert [(t.text, t.responsible_units, t.extra) for t in dataset.tasks] == [
        ("地区生产总值增长6.5%。", ["区发改局"], {}),
        ("着力推进重大建设项目340个以上。", ["区发改局"], {"区本级": "190个/226亿元"}),
        ("一般公共预算收入增长与经济增长基本同步。", ["区财政局"], {}),
    ]


# A web page's metadata copied as pipe rows above the table, no title, a plan column of numbered
# milestones whose months take the page's date's year.
META_ROWS = (
    "索引号 | 000330185/2022-1 | 公开方式 | 主动公开 |\n"
    "发布单位 | 区政府 | 发文日期 | 2022-07-14 |\n"
    "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 |\n"
    "1 | 新建幼儿园7所。 | 1.4月底前主体完工。 2.8月底前竣工交付。 3.11月底前天目山幼儿园交付。 | 教育局 |\n"
)


def test_metadata_rows_fill_the_document_and_the_plan_column_gives_the_last_milestone() -> None:
    dataset = ybhj_parse.parse_text(META_ROWS, "meta-rows.txt")
    assert dataset.document.columns == ["序号", "实事项目", "工作举措及实施计划", "责任单位"]
    assert dataset.document.date == dt.date(2022, 7, 14)
    assert dataset.document.web_meta == {
        "索引号": "000330185/2022-1",
        "公开方式": "主动公开",
        "发布单位": "区政府",
        "发文日期": "2022-07-14",
    }
    [task] = dataset.tasks
    assert (task.text, task.responsible_units) == ("新建幼儿园7所。", ["教育局"])
    assert task.deadline is not None and task.deadline.due == dt.date(2022, 11, 30)
    assert dataset.document.coverage.unconsumed == []


# A web table copied one cell a line, each cell closed by a |, each empty cell a | of its own, and
# every row padded with empty cells to the header's width at its end; a group number and its lead
# given once per group, a project numbered over its numbered sub-items, a status column.
PADDED_PIPES = "\n".join(
    [
        "序号 |", "牵头单位 |", "项目数量 |", "项目名称 |", "业主单位 |", "本月进展 |", "||",
        "前期手续 |", "形象进度 |", "||||||",
        "一 |", "区住建局 |", "项目(1个) |", "(一)打通断头路专项行动 |", "1.文化中心北路 |", "区城投 |",
        "已完工 |", "|",
        "2.乐业路 |", "区城管局 |", "已完工 |", "|||||",
        "二 |", "区城管局 |", "项目(2个) |", "(一)燃气安全装置项目 |", "区城管局 |", "已完工 |", "||",
        "(二)老旧小区改造项目 |", "区城管局 |", "已完工 |", "|||||",
    ]
) + "\n"  # fmt: skip


def test_a_piped_table_padded_to_one_width_is_read_row_by_row_by_what_its_cells_hold() -> None:
    dataset = ybhj_parse.parse_text(PADDED_PIPES, "padded-pipes.txt")
    got = [
        (t.label, t.text, t.lead_units, t.responsible_units, [h.marker for h in t.headings])
        for t in dataset.tasks
    ]
    assert got == [
        ("1.", "文化中心北路", ["区住建局"], ["区城投"], ["一", "(一)"]),
        ("2.", "乐业路", ["区住建局"], ["区城管局"], ["一", "(一)"]),
        ("(一)", "燃气安全装置项目", ["区城管局"], ["区城管局"], ["二"]),
        ("(二)", "老旧小区改造项目", ["区城管局"], ["区城管局"], ["二"]),
    ]
    assert [t.deadline for t in dataset.tasks] == [None] * 4  # 形象进度 is a status
    assert dataset.tasks[0].extra == {"项目数量": "项目(1个)", "本月进展": "已完工"}


def test_a_unit_doing_the_work_for_another_is_named_and_a_project_in_brackets_is_no_name() -> None:
    assert parse_units("区教体局(区国资公司代建)、区城投公司").units == [
        "区教体局",
        "区国资公司",
        "区城投公司",
    ]
    assert parse_units("南昌市政大道房地产有限公司(开发商配建学校项目)").units == [
        "南昌市政大道房地产有限公司"
    ]
    assert parse_units("市市场监管局（市知识产权局）").units == ["市市场监管局（市知识产权局）"]  # an alias


# A district's investment company named by its short form (县交投, 县水投: 交通/水务投资) is a unit,
# so two names a space apart are two units and a padded row's cells stand where they fit.
ABBREVIATED_COMPANIES = "\n".join(
    [
        "序号 |", "牵头单位 |", "项目数量 |", "项目名称 |", "业主单位 |", "本月进展 |", "||",
        "前期手续 |", "形象进度 |", "||||||",
        "一 |", "县交通局 |", "项目(2个) |", "(一)乡村公路养护项目 |", "县交投 |", "已完工 |", "||",
        "(二)排水管网改造项目 |", "县交通局 县水投 |", "已完工 |", "|||||",
        "(三)路灯更换项目 |", "县交通局 |", "已完工 |", "|||||",
    ]
) + "\n"  # fmt: skip


def test_an_investment_company_by_its_short_form_is_a_unit_a_space_apart_from_another() -> None:
    assert parse_units("县交通局 县水投").units == ["县交通局", "县水投"]
    assert parse_units("市城投").units == ["市城投"]
    dataset = ybhj_parse.parse_text(ABBREVIATED_COMPANIES, "abbreviated-companies.txt")
    got = [(t.label, t.text, t.lead_units, t.responsible_units) for t in dataset.tasks]
    assert got == [
        ("(一)", "乡村公路养护项目", ["县交通局"], ["县交投"]),
        ("(二)", "排水管网改造项目", ["县交通局"], ["县交通局", "县水投"]),
        ("(三)", "路灯更换项目", ["县交通局"], ["县交通局"]),
    ]
    assert [t.deadline for t in dataset.tasks] == [None] * 3
