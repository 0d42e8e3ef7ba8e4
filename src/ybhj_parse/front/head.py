"""Prose stage 0: the lines around the plan — a covering notice, the title, the signature and date.

Many plans are published under a covering notice (印发通知): a document
number, a title ending in 通知, recipients ending in ：, a short body, the
issuer's signature and a date.  The plan follows, under its own title.  A plan
may also end with its issuer and date.  This stage finds where those lines
end, so that the block stage sees only the plan's body; the notice's lines
are read by the notice pipeline's own functions (noticelayout, noticemeta).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from ybhj_parse.blocks.lexer import Tok
from ybhj_parse.front.body import doc_number
from ybhj_parse.front.meta import is_date_line, read_date, read_meta
from ybhj_parse.model.diagnostics import Diagnostic
from ybhj_parse.model.records import DocNumber
from ybhj_parse.rules.loader import attribution_rules, furniture_rules, notice_rules
from ybhj_parse.values.attribution import find_attributions

_SENTENCE = regex.compile(r"[。！？；;，,]")
# How far from the top the notice's markers may sit, and how far down its date may be.
_HEAD_SEARCH = 12
_NOTICE_SPAN = 80
_MAX_SIGNATURE_LINES = 2
_MAX_SIGNATURE_CHARS = 40


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def meta_date(text: str) -> dt.date | None:
    """A web-page metadata date: 2024-03-01, 2024/3/1 or 2024年3月1日."""
    m = furniture_rules().meta_date.match(text.strip())
    return _date(int(m.group("year")), int(m.group("month")), int(m.group("day"))) if m else None


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
    printed_by: str | None = None
    printed_date: dt.date | None = None
    title_year: int | None = None  # from a date under the title: （2023年3月）
    diags: list[Diagnostic] = field(default_factory=list)  # the notice's own (an unreadable date)


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


def _notice_end(toks: list[Tok], content: list[int]) -> int:
    """Where a notice at the top ends (an index into content), or 0 when there is none.

    A covering notice ends with its date (and imprint), the plan following it.  When
    headings or attributed tasks come before the date, the notice's own body is the
    plan (an 意见 listing its tasks): the notice's head ends with its recipients, and
    the date closes the document (see :func:`read_tail`).
    """
    marks = _notice_marks(toks, content)
    if not marks:
        return 0
    first = marks[0]
    span = range(first, min(len(content), _NOTICE_SPAN))
    date_at = next((k for k in span if is_date_line(toks[content[k]].text)), None)
    if date_at is None:
        return 0
    body = [k for k in range(first, date_at) if k not in _attachment_list(toks, content, first, date_at)]
    if any(toks[content[k]].kind != "text" or find_attributions(toks[content[k]].text) for k in body):
        recipients = notice_rules().recipients_line
        return next((k + 1 for k in body if recipients.match(toks[content[k]].text)), marks[-1] + 1)
    return _past_tail_notes(toks, content, date_at + 1)


def _notice_marks(toks: list[Tok], content: list[int]) -> list[int]:
    """The indexes (into content) of the head's lines that mark a notice: its document number or
    covering title, else its recipients when a web copy starts with them."""
    rules = notice_rules()
    top = [toks[i].text for i in content[:_HEAD_SEARCH]]
    marks = [k for k, text in enumerate(top) if doc_number(text) or rules.covering_title.search(text)]
    if not marks and content and toks[content[0]].kind == "text" and rules.recipients_line.match(top[0]):
        marks = [0]  # a web copy that starts at the recipients
    return marks


def _past_tail_notes(toks: list[Tok], content: list[int], end: int) -> int:
    """The index past the notes under a notice's date: （此件公开发布）, the contact, the imprint."""
    notes = furniture_rules()
    while end < len(content) and (
        notes.tail_note.match(text := toks[content[end]].text) or notes.contact_note.match(text)
    ):
        end += 1  # （此件公开发布） or the contact under the date
    if end < len(content) and notice_rules().printed_line.match(toks[content[end]].text):
        end += 1
    return end


def _attachment_list(toks: list[Tok], content: list[int], start: int, stop: int) -> set[int]:
    """The indexes (into content) of a notice's attachment list (附件：1.… and the numbered lines
    after it, 2.…), which are not numbered items of a plan."""
    rules = notice_rules()
    found: set[int] = set()
    listing = False
    for k in range(start, stop):
        text = toks[content[k]].text
        listing = bool(rules.attachment_line.match(text)) or (
            listing and bool(rules.attachment_item.match(text))
        )
        if listing:
            found.add(k)
    return found


def _join_title(toks: list[Tok], content: list[int], k: int) -> tuple[str, int]:
    """The plan's title from content[k], wrapped onto at most title_lines lines; it and the next index."""
    rules = furniture_rules()
    text = ""
    for j in range(k, min(k + rules.title_lines, len(content))):
        tok = toks[content[j]]
        if j > k and not _is_title_line(tok):
            break
        text += tok.text
        if rules.title_end.search(text):
            return text, j + 1
    return toks[content[k]].text, k + 1


def read_head(toks: list[Tok]) -> Head:
    rules = notice_rules()
    content = _content(toks, 0, len(toks))
    head = Head(body_start=0)
    k = _notice_end(toks, content)
    if k:
        _read_covering_notice(head, toks, content, k)
    while k < len(content) and rules.attachment_caption.match(toks[content[k]].text):
        k += 1  # 附件 above the plan's title
    if k < len(content) and _is_title_line(toks[content[k]]):
        k = _read_title(head, toks, content, k)
    elif head.notice_title:
        head.title = head.notice_title
    head.lines = [toks[i].number for i in content[:k]]
    head.body_start = content[k] if k < len(content) else len(toks)
    return head


def _read_covering_notice(head: Head, toks: list[Tok], content: list[int], k: int) -> None:
    """The metadata of the notice that covers the plan (content[:k]) into ``head``."""
    from ybhj_parse.front.parts import split_notice  # a notice's, not loaded for a task table

    lines = tuple(toks[i].line for i in range(content[0], content[k - 1] + 1))
    meta = read_meta(split_notice(lines))
    head.notice_title, head.issuer, head.doc_number = meta.title, meta.issuer, meta.doc_number
    if not head.notice_title:  # a web copy prints the title above the document number
        titles = (toks[i].text for i in content[:k])
        head.notice_title = next((t for t in titles if notice_rules().covering_title.search(t)), "")
    head.recipients, head.signed_by, head.date = meta.recipients, meta.signed_by, meta.date
    head.printed_by, head.printed_date = meta.printed_by, meta.printed_date
    head.diags = meta.diags


def _read_title(head: Head, toks: list[Tok], content: list[int], k: int) -> int:
    """The plan's title from content[k], with the date and document number printed under it; the
    index past them."""
    head.title, k = _join_title(toks, content, k)
    if k < len(content) and (m := furniture_rules().title_date.match(toks[content[k]].text)):
        head.title_year = int(m.group("year"))
        if m.group("day") and head.date is None:
            head.date = _date(head.title_year, int(m.group("month")), int(m.group("day")))
        k += 1
    if k < len(content) and head.doc_number is None and (number := doc_number(toks[content[k]].text)):
        head.doc_number, k = number, k + 1  # the document number printed under the title
    return k


def _signature_above(toks: list[Tok], content: list[int], at: int) -> list[int]:
    """Indexes (into content) of the short non-sentence lines right above ``at``."""
    found: list[int] = []
    k = at - 1
    while k >= 0 and len(found) < _MAX_SIGNATURE_LINES:
        tok = toks[content[k]]
        if tok.kind != "text" or _SENTENCE.search(tok.text) or len(tok.text) > _MAX_SIGNATURE_CHARS:
            break
        found.insert(0, k)
        k -= 1
    return found


def read_tail(toks: list[Tok], start: int) -> Tail:
    """A signature and date closing the plan (after ``start``), when its last line is a date
    (or a note such as （此件公开发布） under the date)."""
    content = _content(toks, start, len(toks))
    tail = Tail(body_end=len(toks))
    last = len(content) - 1
    if last > 0 and furniture_rules().tail_note.match(toks[content[last]].text):
        last -= 1
    if last < 0 or (date := read_date(toks[content[last]].text)) is None:
        return tail
    signature = _signature_above(toks, content, last)
    tail.date = date
    tail.signed_by = "".join(toks[content[s]].text for s in signature) or None
    first = signature[0] if signature else last
    tail.lines = [toks[i].number for i in content[first:]]
    tail.body_end = content[first]
    return tail
