"""Tell document kinds apart by their content.

A notice (通知) opens with a document number (``鄂州优化发〔2023〕6号``) and a
title ending in 通知 or a recipients line ending in ：; a task list has a
column header row.  Anything else is refused with a message saying what was
looked for.
"""

from __future__ import annotations

from .errors import InputError
from .layout import find_header
from .reader import SourceText
from .ruleset import notice_rules
from .textnorm import squeeze_cjk_spaces

KINDS = ("task_list", "notice")
KIND_NAMES = {"task_list": "a task list", "notice": "an official notice"}
_HEAD_LINES = 30


def looks_like_notice(source: SourceText) -> bool:
    """A document number in the head, with a title ending in a document type or a recipients line."""
    rules = notice_rules()
    head = [squeeze_cjk_spaces(line.text) for line in source.lines[:_HEAD_LINES] if not line.blank]
    has_number = any(rules.doc_number.match(text.replace(" ", "")) for text in head)
    has_title = any(rules.title_end.search(text) for text in head)
    has_recipients = any(rules.recipients_line.match(text) for text in head)
    return has_number and (has_title or has_recipients)


def guess_kind(source: SourceText) -> str | None:
    """The kind the content shows, or None."""
    if looks_like_notice(source):
        return "notice"
    if find_header(source.lines) is not None:
        return "task_list"
    return None


def detect_kind(source: SourceText) -> str:
    kind = guess_kind(source)
    if kind is not None:
        return kind
    raise InputError(
        "not a document ybhj-parse knows: expected a task list (a column header row with cells such as "
        "序号, 重点任务, 牵头单位, 完成时限) or an official notice (a document number such as "
        "鄂州优化发〔2023〕6号 above a title and recipients); use --kind to force one",
        path=source.path or "<stdin>",
    )
