"""The normalisers beyond their tables of cases (tests/cases/, read by test_cases.py): the
document's year, phrases they cannot read, impossible dates, junk."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from ybhj_parse.source.textnorm import fold, squeeze_cjk_spaces
from ybhj_parse.values.deadlines import DeadlineError, parse_deadline, read_deadline, try_parse_deadline
from ybhj_parse.values.headings import match_heading
from ybhj_parse.values.numerals import NumeralError, parse_numeral, try_parse_numeral
from ybhj_parse.values.units import parse_units


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
