"""Tell document kinds apart by their content.

A notice (通知) opens with a document number (``鄂州优化发〔2023〕6号``) and a
title ending in 通知 or a recipients line ending in ：; a task list has a
column header row.  Anything else is refused with a message saying what was
looked for.
"""

from __future__ import annotations

import regex

from .errors import InputError
from .layout import find_header
from .reader import SourceText

KINDS = ("task_list", "notice")

DOC_NUMBER = regex.compile(
    r"^(?P<prefix>[\p{Han}]+?)\s*[〔\[［(（](?P<year>\d{4})[〕\]］)）]\s*(?P<serial>\d+)\s*号$"
)
_NOTICE_TITLE = regex.compile(r"(通知|意见|决定|函|批复|通报)$")
_HEAD_LINES = 30


def looks_like_notice(source: SourceText) -> bool:
    head = [line for line in source.lines[:_HEAD_LINES] if not line.blank]
    has_number = any(DOC_NUMBER.match(line.text.replace(" ", "")) for line in head)
    has_title = any(_NOTICE_TITLE.search(line.text) for line in head)
    has_recipients = any(line.text.endswith(("：", ":")) for line in head)
    return has_number and (has_title or has_recipients)


def detect_kind(source: SourceText) -> str:
    if looks_like_notice(source):
        return "notice"
    if find_header(source.lines) is not None:
        return "task_list"
    raise InputError(
        "not a document ybhj-parse knows: expected a task list (a column header row with cells such as "
        "序号, 重点任务, 牵头单位, 完成时限) or an official notice (a document number such as "
        "鄂州优化发〔2023〕6号 above a title and recipients); use --kind to force one",
        path=source.path or "<stdin>",
    )
