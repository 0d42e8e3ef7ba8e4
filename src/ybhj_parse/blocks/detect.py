"""Tell document kinds and layouts apart by their content.

A notice (通知) opens with a document number (``鄂州优化发〔2023〕6号``) and a
title ending in 通知 or a recipients line ending in ：; a task list has a
column header row (a table), or states its tasks in prose with attributions:
label lines (``牵头单位：…``) or brackets naming units (``（X牵头，Y负责）``).
A notice followed by a task table, or whose body holds such attributed tasks,
is a plan under a covering notice, and is read as a task list.  Anything else
is refused with a message saying what was looked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from ybhj_parse.blocks.header import find_header, run_together_header
from ybhj_parse.errors import InputError
from ybhj_parse.rules.loader import notice_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.textnorm import squeeze_cjk_spaces

KINDS = ("task_list", "notice")
KIND_NAMES = {"task_list": "a task list", "notice": "an official notice"}
_HEAD_LINES = 30


def looks_like_notice(source: SourceText) -> bool:
    """A document number in the head, with a title ending in a document type or a recipients line."""
    return has_notice_head(source.lines)


def has_notice_head(lines: Sequence[Line]) -> bool:
    """:func:`looks_like_notice` on lines: the head of a notice is among the first ones."""
    rules = notice_rules()
    head = [squeeze_cjk_spaces(line.text) for line in lines[:_HEAD_LINES] if not line.blank]
    has_number = any(rules.doc_number.match(text.replace(" ", "")) for text in head)
    has_title = any(rules.title_end.search(text) for text in head)
    has_recipients = any(rules.recipients_line.match(text) for text in head)
    return has_number and (has_title or has_recipients)


def opens_with_recipients(lines: Sequence[Line]) -> bool:
    """The first line is a recipients line (各区人民政府，市直各部门：): a web copy of a notice
    that starts below its title."""
    first = next((line for line in lines if not line.blank), None)
    return first is not None and bool(notice_rules().recipients_line.match(squeeze_cjk_spaces(first.text)))


def prose_attributions(source: SourceText, *, enough: int) -> int:
    """How many lines carry an attribution (a label line naming units, or a bracket that names
    units), counting up to ``enough``."""
    from ybhj_parse.rules.loader import attribution_rules
    from ybhj_parse.values.attribution import UNIT_ROLES, find_attributions, read_labelled

    closers = tuple(attribution_rules().closers)
    found = 0
    for line in source.lines:
        text = squeeze_cjk_spaces(line.text)
        if not text:
            continue
        if any(f.role in UNIT_ROLES and f.value for f in read_labelled(text)) or (
            any(c in text for c in closers + ("：", ":")) and find_attributions(text)
        ):
            found += 1
            if found >= enough:
                break
    return found


# A notice needs this many attributed lines in its body to be read as a plan under a covering notice.
_PLAN_UNDER_NOTICE = 2


def guess_kind(source: SourceText) -> str | None:
    """The kind the content shows, or None."""
    if looks_like_notice(source):
        plan = find_header(source.lines) is not None
        if plan or prose_attributions(source, enough=_PLAN_UNDER_NOTICE) >= _PLAN_UNDER_NOTICE:
            return "task_list"  # a plan under its covering notice
        return "notice"
    if find_header(source.lines) is not None or prose_attributions(source, enough=1):
        return "task_list"
    return None


def detect_kind(source: SourceText) -> str:
    kind = guess_kind(source)
    if kind is not None:
        return kind
    glued = run_together_header(source.lines)
    if glued is not None:
        raise InputError(
            f"line {glued.number} names the columns of a table with nothing between them "
            f"({squeeze_cjk_spaces(glued.text)[:40]}): the copy lost the separators between the cells; "
            "copy the table again with a tab (or |) between cells, or one cell per line",
            path=source.path or "<stdin>",
        )
    raise InputError(
        "not a document ybhj-parse knows: expected a task list (a column header row with cells such as "
        "序号, 重点任务, 牵头单位, 完成时限, or numbered tasks with their units on labelled lines such as "
        "牵头单位：… or in brackets such as （牵头单位：…）) or an official notice (a document number such as "
        "鄂州优化发〔2023〕6号 above a title and recipients); use --kind to force one",
        path=source.path or "<stdin>",
    )


def detect_layout(source: SourceText) -> str:
    """For a task list: "prose" when it has no column header row but has attributions; "mixed" when
    it has a table and attributions outside it (stretches.py); else "table" (the table parser says
    what is missing when there is no header either)."""
    from ybhj_parse.blocks.stretches import has_prose_tasks, table_stretches

    stretches = table_stretches(source.lines)
    if not stretches:
        return "prose" if prose_attributions(source, enough=1) else "table"
    return "mixed" if has_prose_tasks(source.lines, stretches) else "table"
