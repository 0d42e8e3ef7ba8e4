"""Notice stage 2 (head and tail): the parts' lines → metadata values.

>>> split_recipients("各区人民政府，葛店经开区、临空经济区管委会，市法院、鄂州供电公司及其他相关单位：")
['各区人民政府', '葛店经开区管委会', '临空经济区管委会', '市法院', '鄂州供电公司', '其他相关单位']
>>> read_date("二〇二三年六月二十一日")
datetime.date(2023, 6, 21)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ybhj_parse.front.body import doc_number
from ybhj_parse.model.diagnostics import Diagnostic, diag
from ybhj_parse.model.records import DocNumber
from ybhj_parse.rules.loader import NoticeRules, RecipientRules, notice_rules, unit_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import fullwidth_parens, squeeze_cjk_spaces
from ybhj_parse.values.numerals import try_parse_numeral
from ybhj_parse.values.units import split_top_level

if TYPE_CHECKING:
    from ybhj_parse.front.parts import NoticeParts

# front/parts.py is imported by the functions that read a notice's parts: a task table reads
# only dates, document numbers and recipients here, and a cold start need not build its classes.

_YEAR_DIGITS = {
    "〇": "0",
    "○": "0",  # a white circle typed for 〇 (二○一一年)
    "零": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}


@dataclass(slots=True)
class NoticeMeta:
    issuer: str | None = None
    doc_number: DocNumber | None = None
    title: str = ""
    recipients: list[str] | None = None
    attachments: list[str] | None = None
    signed_by: str | None = None
    date: dt.date | None = None
    printed_by: str | None = None
    printed_date: dt.date | None = None
    web_meta: dict[str, str] | None = None  # the web page's metadata, key as written → value
    diags: list[Diagnostic] = field(default_factory=list)


def _joined(lines: list[Line]) -> str:
    from ybhj_parse.front.parts import key

    return squeeze_cjk_spaces("".join(key(line) for line in lines))


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _YEAR_DIGITS for c in text):
        return int("".join(_YEAR_DIGITS[c] for c in text))  # 二〇二三: digit by digit
    return try_parse_numeral(text)


def read_date(text: str, rules: NoticeRules | None = None) -> dt.date | None:
    """``2023年6月21日`` or ``二〇二三年六月二十一日`` → a date; None when it is not one."""
    rules = rules or notice_rules()
    m = rules.date_line.match(squeeze_cjk_spaces(text))
    return _date_of(m.group("year"), m.group("month"), m.group("day")) if m else None


def is_date_line(text: str, rules: NoticeRules | None = None) -> bool:
    """A date line, readable or not (2019116, a date a web copy lost its 年月日 from)."""
    rules = rules or notice_rules()
    key = squeeze_cjk_spaces(text)
    return bool(rules.date_line.match(key) or rules.date_garbled.match(key))


def _date_of(year: str, month: str, day: str) -> dt.date | None:
    y, m, d = _number(year), _number(month), _number(day)
    if y is None or m is None or d is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def split_recipients(text: str, rules: NoticeRules | None = None) -> list[str]:
    """The recipients line → one name per recipient, shared suffixes distributed."""
    r = (rules or notice_rules()).recipients
    brackets = unit_rules().brackets
    text = squeeze_cjk_spaces(text).rstrip("：:").strip()
    names: list[str] = []
    for group, _sep in split_top_level(text, r.group_separators, brackets):
        run = [item.strip() for item, _ in split_top_level(group, frozenset(r.item_separator), brackets)]
        for item in _distribute([item for item in run if item], r):
            m = r.trailing_group.match(item)
            names.extend([m.group("head"), m.group("tail")] if m else [item])
    return [fullwidth_parens(name) for name in names]


def _distribute(run: list[str], r: RecipientRules) -> list[str]:
    """The names of one run of recipients (各区、县人民政府): single characters are one name
    (省直各委、办、厅、局); a suffix shared by place names goes to each, and a prefix with it."""
    if len(run) > 1 and all(len(item) == 1 for item in run[1:]):
        return [r.item_separator.join(run)]  # 省直各委、办、厅、局
    if not run:
        return run
    suffix = next((s for s in r.shared_suffixes if run[-1].endswith(s) and run[-1] != s), None)
    if not (suffix and len(run) > 1 and all(r.place_name.search(item) for item in run[:-1])):
        return run
    run = [item + suffix for item in run[:-1]] + [run[-1]]
    prefix = next((p for p in r.shared_prefixes if run[0].startswith(p)), None)
    if prefix and not any(item.startswith(prefix) for item in run[1:]):
        run = [run[0], *(prefix + item for item in run[1:])]  # 各区、县人民政府
    return run


def read_attachments(lines: list[Line], rules: NoticeRules | None = None) -> list[str]:
    """附件：title (wrapped onto the next line), or 附件：1.title  2.title …"""
    from ybhj_parse.front.parts import key

    rules = rules or notice_rules()
    titles: list[str] = []
    for line in lines:
        text = key(line)
        first = rules.attachment_line.match(text)
        if first:
            text = first.group("rest").strip()
            if not text:
                continue
        item = rules.attachment_item.match(text)
        if item or not titles or first:
            titles.append(item.group("title") if item else text)
        else:
            titles[-1] += text  # a title wrapped onto the next line
    return [squeeze_cjk_spaces(t) for t in titles if t]


def read_meta(parts: NoticeParts, rules: NoticeRules | None = None) -> NoticeMeta:
    from ybhj_parse.front.parts import key

    rules = rules or notice_rules()
    meta = NoticeMeta()
    if parts.issuer is not None:
        m = rules.issuer_line.match(key(parts.issuer))
        meta.issuer = m.group("issuer") if m else key(parts.issuer)
    if parts.doc_number is not None:
        meta.doc_number = doc_number(key(parts.doc_number), rules)
    meta.title = _joined(parts.title)
    if parts.recipients:
        meta.recipients = split_recipients(_joined(parts.recipients), rules)
    if parts.attachments:
        meta.attachments = read_attachments(parts.attachments, rules)
    if parts.signature:
        meta.signed_by = _joined(parts.signature)
    if parts.date is not None:
        meta.date = read_date(key(parts.date), rules)
        if meta.date is None:
            meta.diags.append(diag("date-unreadable", parts.date.number, field="date", text=key(parts.date)))
    if parts.printed is not None:
        m = rules.printed_line.match(key(parts.printed))
        if m:
            meta.printed_by = squeeze_cjk_spaces(m.group("by")) or _joined(parts.printed_by) or None
            meta.printed_date = _date_of(m.group("year"), m.group("month"), m.group("day"))
            if meta.printed_date is None:
                meta.diags.append(
                    diag(
                        "date-unreadable", parts.printed.number, field="printed_date", text=key(parts.printed)
                    )
                )
    if parts.web_meta:
        _read_web_meta(parts.web_meta, meta, rules)
    if meta.issuer is None and meta.signed_by:
        meta.issuer = meta.signed_by  # a notice without a letterhead is issued by its signatory
    return meta


def _read_web_meta(lines: list[Line], meta: NoticeMeta, rules: NoticeRules) -> None:
    """The web page's metadata lines: kept as written, and filling the document number, the title
    and the issuer where the notice's own head gives none."""
    from ybhj_parse.blocks.lexer import tokenize
    from ybhj_parse.front.furniture import read_furniture

    found = read_furniture(tokenize(tuple(lines)))
    meta.web_meta = found.web_meta
    values = found.meta
    if meta.doc_number is None and "doc_number" in values:
        meta.doc_number = doc_number(values["doc_number"], rules)
    if not meta.title and "title" in values:
        meta.title = values["title"]
    if meta.issuer is None and "issuer" in values:
        meta.issuer = values["issuer"]
