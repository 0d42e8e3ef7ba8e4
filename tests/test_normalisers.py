"""The normalisers: numerals, deadlines, units, folding. Cases as tables."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from ybhj_parse.source.textnorm import fold, squeeze_cjk_spaces
from ybhj_parse.values.deadlines import DeadlineError, parse_deadline, read_deadline, try_parse_deadline
from ybhj_parse.values.headings import match_heading
from ybhj_parse.values.numerals import NumeralError, parse_numeral, try_parse_numeral
from ybhj_parse.values.units import parse_units


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十八", 28),
        ("一百零五", 105),
        ("（二十三）", 23),
        ("12", 12),
        ("１２", 12),
        ("第三", 3),
        ("两", 2),
    ],
)
def test_numerals(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize(
    ("raw", "due", "immediate", "ongoing", "recurring"),
    [
        ("2022年5月底，长期推进", dt.date(2022, 5, 31), False, True, False),
        ("2022年2月底", dt.date(2022, 2, 28), False, False, False),
        ("2024年2月底", dt.date(2024, 2, 29), False, False, False),
        ("2022年12月底", dt.date(2022, 12, 31), False, False, False),
        ("2022年6月底，长期坚持", dt.date(2022, 6, 30), False, True, False),
        ("立即推进，长期坚持", None, True, True, False),
        ("2024年1月15日前", dt.date(2024, 1, 15), False, False, False),
        ("2023年底前", dt.date(2023, 12, 31), False, False, False),
        ("2023年上半年", dt.date(2023, 6, 30), False, False, False),
        ("2023年第三季度", dt.date(2023, 9, 30), False, False, False),
        ("长期推进", None, False, True, False),
        ("每季度最后一个月的30日前", None, False, False, True),
        ("2022年 5月底", dt.date(2022, 5, 31), False, False, False),
    ],
)
def test_deadlines(raw, due, immediate, ongoing, recurring):
    d = parse_deadline(raw)
    assert (d.due, d.immediate, d.ongoing, d.recurring) == (due, immediate, ongoing, recurring)


def test_deadline_without_year_takes_the_documents_year():
    assert parse_deadline("9月底前", year=2022).due == dt.date(2022, 9, 30)
    assert read_deadline("9月底前").needs_year == ["9月底前"]


def test_unknown_deadline_phrase_is_reported_not_raised():
    value = read_deadline("2022年5月底，视情况而定")
    assert value.due == dt.date(2022, 5, 31)
    assert value.unrecognised == ["视情况而定"]
    with pytest.raises(DeadlineError, match="视情况而定"):
        parse_deadline("2022年5月底，视情况而定")


def test_impossible_date_is_not_a_date():
    assert read_deadline("2022年2月30日前").unrecognised == ["2022年2月30日前"]
    assert read_deadline("2022年13月底").unrecognised == ["2022年13月底"]


JUNK = [
    "",
    " ",
    "？？？",
    "\x00",
    "一二三四五六七八九十百千" * 5,
    "（（（",
    "2022年",
    "第",
    "\t\t",
    "😀",
    "-1",
    "999999999",
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_never_crashes(junk):
    # the try_ twins return None or a value; the strict forms raise only their own typed errors
    try_parse_numeral(junk)
    try_parse_deadline(junk)
    with contextlib.suppress(NumeralError):
        parse_numeral(junk)
    with contextlib.suppress(DeadlineError):
        parse_deadline(junk)
    parse_units(junk)
    match_heading(junk, line=1)
    squeeze_cjk_spaces(fold(junk))


@pytest.mark.parametrize(
    ("cell", "units", "open_ended", "all_districts"),
    [
        ("市市场监管局", ["市市场监管局"], False, False),
        (
            "华容区政府，市行政审批局、市市场监管局",
            ["华容区政府", "市行政审批局", "市市场监管局"],
            False,
            False,
        ),
        ("市住建局等，各区", ["市住建局"], True, True),
        ("各区", [], False, True),
        ("市委宣传部(市版权局)、市司法局", ["市委宣传部（市版权局）", "市司法局"], False, False),
        ("临空经济 区管委会", ["临空经济区管委会"], False, False),
        ("市财政局，各县（市、区）", ["市财政局"], False, True),
        ("市商务局，各区、县级市", ["市商务局"], False, True),
        ("市发改委、", ["市发改委"], False, False),
    ],
)
def test_units(cell, units, open_ended, all_districts):
    u = parse_units(cell)
    assert (u.units, u.open_ended, u.all_districts) == (units, open_ended, all_districts)


def test_heading_styles():
    cases = {
        "一、稳定经济运行": ("chinese-comma", 1, "稳定经济运行"),
        "（十二）深化工程项目建设审批改革": ("chinese-paren", 12, "深化工程项目建设审批改革"),
        "(三)优化服务": ("chinese-paren", 3, "优化服务"),
        "27.全面推行区域性统一评价": ("arabic-dot", 27, "全面推行区域性统一评价"),
        "1、推进": ("arabic-dot", 1, "推进"),
        "（3）": ("arabic-paren", 3, ""),
        "第五条 附则": ("article", 5, "附则"),
    }
    for text, (style, no, title) in cases.items():
        h = match_heading(text, line=7)
        assert h is not None and (h.style, h.no, h.title, h.line) == (style, no, title, 7), text
    assert match_heading("0.5天内办结", line=1) is None
    assert match_heading("2022年为全市优化营商环境“创新年”", line=1) is None
