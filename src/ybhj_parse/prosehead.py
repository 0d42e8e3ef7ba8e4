"""Prose stage 0: the lines around the plan — a covering notice, the title, the signature and date.

Many plans are published under a covering notice (印发通知): a document
number, a title ending in 通知, recipients ending in ：, a short body, the
issuer's signature and a date.  The plan follows, under its own title.  A plan
may also end with its issuer and date.  This stage finds those lines so that
the block stage sees only the plan's body, and reads them into the
document's metadata.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from .detect import DOC_NUMBER
from .models import DocNumber
from .numerals import try_parse_numeral
from .proselex import Tok
from .proserules import attribution_rules, furniture_rules

_NOTICE_TITLE = regex.compile(r"(?:通知|决定|意见|函)$")
_ISSUER_LINE = regex.compile(r"^(?P<issuer>[\p{Han}（）()]{4,}?)\s*文件$")
_RECIPIENTS = regex.compile(r"^[^。！？]+[：:]$")
_IMPRINT = regex.compile(r"印\s*发$")
_ATTACHMENT_CAPTION = regex.compile(r"^附\s*件\s*\d*\s*[：:]?$")
_SENTENCE = regex.compile(r"[。！？；;，,]")
_DATE = regex.compile(
    r"^(?P<year>[\d〇零一二三四五六七八九]{4})\s*年\s*(?P<month>[\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<day>[\d一二三四五六七八九十]{1,3})\s*日$"
)
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
# How far down a covering notice may reach, and how far its markers may sit from the top.
_HEAD_SEARCH = 12
_NOTICE_SPAN = 80
_MAX_SIGNATURE_LINES = 2
_MAX_SIGNATURE_CHARS = 40


def read_date(text: str) -> dt.date | None:
    """``2024年3月1日`` or ``二〇二四年三月一日`` (a line of its own) → a date."""
    m = _DATE.match(text.replace(" ", ""))
    if m is None:
        return None
    year = m.group("year").translate(_YEAR_DIGITS)
    month, day = try_parse_numeral(m.group("month")), try_parse_numeral(m.group("day"))
    if not year.isdigit() or month is None or day is None:
        return None
    try:
        return dt.date(int(year), month, day)
    except ValueError:
        return None


def meta_date(text: str) -> dt.date | None:
    m = furniture_rules().meta_date.match(text.strip())
    if m is None:
        return None
    try:
        return dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


def doc_number(text: str) -> DocNumber | None:
    compact = text.replace(" ", "")
    m = DOC_NUMBER.match(compact)
    if m is None:
        return None
    return DocNumber(
        raw=compact, prefix=m.group("prefix"), year=int(m.group("year")), serial=int(m.group("serial"))
    )


@dataclass(slots=True)
class Head:
    body_start: int  # index into the tokens where the plan's body starts
    lines: list[int] = field(default_factory=list)  # lines used here
    title: str = ""
    notice_title: str | None = None
    issuer: str | None = None
    doc_number: DocNumber | None = None
    recipients: list[str] | None = None
    signed_by: str | None = None
    date: dt.date | None = None


@dataclass(slots=True)
class Tail:
    body_end: int  # index into the tokens just past the plan's body
    lines: list[int] = field(default_factory=list)
    signed_by: str | None = None
    date: dt.date | None = None


def _content(toks: list[Tok], start: int, stop: int) -> list[int]:
    return [i for i in range(start, stop) if toks[i].kind in ("text", "numbered", "label")]


def _is_title_line(tok: Tok) -> bool:
    return (
        tok.kind == "text" and tok.text[0] not in attribution_rules().openers and not tok.text.endswith("。")
    )


def _signature_above(toks: list[Tok], content: list[int], at: int, floor: int) -> list[int]:
    """Indexes (into content) of the short non-sentence lines right above ``at``."""
    found: list[int] = []
    k = at - 1
    while k >= floor and len(found) < _MAX_SIGNATURE_LINES:
        tok = toks[content[k]]
        if tok.kind != "text" or _SENTENCE.search(tok.text) or len(tok.text) > _MAX_SIGNATURE_CHARS:
            break
        found.insert(0, k)
        k -= 1
    return found


def _notice(toks: list[Tok], content: list[int], head: Head) -> int:
    """Read a covering notice at the top; return the content index where what follows it starts."""
    top = [toks[i].text for i in content[:_HEAD_SEARCH]]
    numbered = next((k for k, text in enumerate(top) if doc_number(text)), None)
    titled = next((k for k, text in enumerate(top) if _NOTICE_TITLE.search(text)), None)
    if numbered is None and titled is None:
        return 0
    first = min(k for k in (numbered, titled) if k is not None)
    date_at = next(
        (k for k in range(first, min(len(content), _NOTICE_SPAN)) if read_date(toks[content[k]].text)), None
    )
    if date_at is None:
        return 0
    k = 0
    if (m := _ISSUER_LINE.match(top[0])) is not None:
        head.issuer, k = m.group("issuer"), 1
    if numbered is not None:
        head.doc_number = doc_number(top[numbered])
        k = numbered + 1
    title, k = _join_title(toks, content, k, _NOTICE_TITLE)
    head.notice_title = title
    for j in range(k, min(k + furniture_rules().title_lines, date_at)):
        text = "".join(toks[content[i]].text for i in range(k, j + 1))
        if "。" in text:
            break
        if _RECIPIENTS.match(text):
            head.recipients = [r for r in regex.split(r"[、，,；;]", text.rstrip("：:")) if r]
            k = j + 1
            break
    signature = _signature_above(toks, content, date_at, k)
    head.signed_by = "".join(toks[content[s]].text for s in signature) or None
    head.date = read_date(toks[content[date_at]].text)
    end = date_at + 1
    if end < len(content) and _IMPRINT.search(toks[content[end]].text):
        end += 1
    return end


def _join_title(toks: list[Tok], content: list[int], k: int, ending: regex.Pattern[str]) -> tuple[str, int]:
    """A title from content[k], wrapped onto at most title_lines lines; return it and the next index."""
    limit = furniture_rules().title_lines
    text = ""
    for j in range(k, min(k + limit, len(content))):
        tok = toks[content[j]]
        if j > k and not _is_title_line(tok):
            break
        text += tok.text
        if ending.search(text):
            return text, j + 1
    return toks[content[k]].text, k + 1


def read_head(toks: list[Tok]) -> Head:
    content = _content(toks, 0, len(toks))
    head = Head(body_start=0)
    k = _notice(toks, content, head)
    while k < len(content) and _ATTACHMENT_CAPTION.match(toks[content[k]].text):
        k += 1  # 附件 above the plan's title
    if k < len(content) and _is_title_line(toks[content[k]]):
        head.title, k = _join_title(toks, content, k, furniture_rules().title_end)
    elif head.notice_title:
        head.title = head.notice_title
    head.lines = [toks[i].number for i in content[:k]]
    head.body_start = content[k] if k < len(content) else len(toks)
    return head


def read_tail(toks: list[Tok], start: int) -> Tail:
    """A signature and date closing the plan (after ``start``), when the last line is a date."""
    content = _content(toks, start, len(toks))
    tail = Tail(body_end=len(toks))
    if not content or (date := read_date(toks[content[-1]].text)) is None:
        return tail
    signature = _signature_above(toks, content, len(content) - 1, 0)
    tail.date = date
    tail.signed_by = "".join(toks[content[s]].text for s in signature) or None
    first = signature[0] if signature else len(content) - 1
    tail.lines = [toks[i].number for i in content[first:]]
    tail.body_end = content[first]
    return tail
