"""Tell document kinds and layouts apart by their content.

A notice (通知) opens with a document number (``鄂州优化发〔2023〕6号``) and a
title ending in 通知 or a recipients line ending in ：; a task list has a
column header row (a table), or states its tasks in prose with attributions:
label lines (``牵头单位：…``) or brackets naming units (``（X牵头，Y负责）``).
A notice followed by a task table, or whose body holds such attributed tasks,
is a plan under a covering notice, and is read as a task list.  A text with no
table and no attribution that still numbers items (three or more, no rows of
cells) is a task list naming no units, read with a warning.  Anything else is
refused with a message saying what was looked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, NoReturn

from ybhj_parse.blocks.header import Header, find_header, run_together_header
from ybhj_parse.errors import InputError
from ybhj_parse.rules.loader import notice_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.textnorm import squeeze_cjk_spaces

if TYPE_CHECKING:
    from ybhj_parse.blocks.stretches import TableStretch

KINDS: tuple[Kind, ...] = ("task_list", "notice")
KIND_NAMES = {"task_list": "a task list", "notice": "an official notice"}
_HEAD_LINES = 30


def has_notice_head(lines: Sequence[Line]) -> bool:
    """A document number in the head (the first lines), with a title ending in a document type
    or a recipients line."""
    rules = notice_rules()
    head = [squeeze_cjk_spaces(line.text) for line in lines[:_HEAD_LINES] if not line.blank]
    has_title = any(rules.title_end.search(text) for text in head)
    if not (has_title or any(rules.recipients_line.match(text) for text in head)):
        return False  # asked first: a task list has neither, and then no line need be classified
    return any(rules.doc_number.match(text.replace(" ", "")) for text in head) or any(
        rules.doc_number.match(number.replace(" ", "")) for number in _web_meta_numbers(lines[:_HEAD_LINES])
    )


def _web_meta_numbers(lines: Sequence[Line]) -> list[str]:
    """The document numbers the web page's metadata lines give (文号：泾政〔2023〕1号)."""
    from ybhj_parse.blocks.lexer import classify

    toks = (classify(line) for line in lines if not line.blank)
    return [tok.meta["doc_number"] for tok in toks if tok.kind == "web-meta" and tok.meta.get("doc_number")]


def has_covering_head(lines: Sequence[Line]) -> bool:
    """The head of a covering notice above a table: a notice head, a web copy that starts at the
    recipients, or one that lost its document number (a title ending in 通知 over recipients)."""
    if has_notice_head(lines) or opens_with_recipients(lines):
        return True
    rules = notice_rules()
    head = [squeeze_cjk_spaces(line.text) for line in lines[:_HEAD_LINES] if not line.blank]
    titled = next((k for k, text in enumerate(head) if rules.covering_title.search(text)), None)
    return titled is not None and any(rules.recipients_line.match(text) for text in head[titled + 1 :])


def opens_with_recipients(lines: Sequence[Line]) -> bool:
    """The first line is a recipients line (各区人民政府，市直各部门：): a web copy of a notice
    that starts below its title."""
    first = next((line for line in lines if not line.blank), None)
    return first is not None and bool(notice_rules().recipients_line.match(squeeze_cjk_spaces(first.text)))


def prose_attributions(source: SourceText, *, enough: int) -> int:
    """How many lines carry an attribution (a label line naming units, or a bracket that names
    units), counting up to ``enough``."""
    from ybhj_parse.blocks.stretches import attributed

    found = 0
    for line in source.lines:
        if attributed(line):
            found += 1
            if found >= enough:
                break
    return found


# A notice needs this many attributed lines in its body to be read as a plan under a covering notice
# (a notice of pilot items has none: its items are in its attachment table).
_PLAN_UNDER_NOTICE = 1

# A document with no table and no units named is still a task list when it numbers this many items.
_NUMBERED_LIST = 3

Kind = Literal["task_list", "notice"]
# Which family reads the document: a task table, a prose plan (holding task tables when mixed),
# or an official notice.
Family = Literal["table", "prose", "mixed", "notice"]


# A NamedTuple: as immutable as a frozen dataclass, and made in a fifth of its time at import.
class Plan(NamedTuple):
    """What detection decided, passed on to the family that reads the document: nothing
    downstream looks for the kind, the header row or the table stretches again."""

    kind: Kind
    family: Family
    stretches: tuple[TableStretch, ...] = ()  # the task tables, in order (their headers found once)
    covering_notice: bool = False  # a task table under the head of a notice (read as metadata)

    @property
    def header(self) -> Header | None:
        """The document's first column header row, or None."""
        return self.stretches[0].header if self.stretches else None


class Detection:
    """The facts detection needs about one source, each computed once, when first asked."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self._header: Header | None | bool = False  # False: not looked for yet
        self._attributions: tuple[int, int] | None = None  # (found, enough) of the last count
        self._notice_head: bool | None = None
        self._numbered: int | None = None

    @property
    def header(self) -> Header | None:
        if self._header is False:
            self._header = find_header(self.source.lines)
        return self._header if isinstance(self._header, Header) else None

    @property
    def notice_head(self) -> bool:
        if self._notice_head is None:
            self._notice_head = has_notice_head(self.source.lines)
        return self._notice_head

    def attributions(self, enough: int) -> int:
        """Lines carrying an attribution, counted up to ``enough`` (a count to more answers less)."""
        known = self._attributions
        if known is None or (known[0] >= known[1] and enough > known[1]):  # it stopped short of enough
            known = (prose_attributions(self.source, enough=enough), enough)
            self._attributions = known
        return min(known[0], enough)

    def kind(self) -> Kind | None:
        """The kind the content shows, or None."""
        if self.notice_head:
            if self.header is not None or self.attributions(_PLAN_UNDER_NOTICE) >= _PLAN_UNDER_NOTICE:
                return "task_list"  # a plan under its covering notice
            return "notice"
        if self.header is not None or self.attributions(1) or self.numbered_items() >= _NUMBERED_LIST:
            return "task_list"  # a numbered list naming no units is still read, with warnings
        return None

    def numbered_items(self) -> int:
        """Lines that open with an item's number (1.  （一）  一、), counted up to a few; 0 for a
        text holding rows of cells (a table whose header was not found is not a plain list)."""
        if self._numbered is None:
            from ybhj_parse.values.headings import match_heading

            found = 0
            lines = self.source.lines
            if sum("\t" in line.raw.strip() for line in lines) >= _NUMBERED_LIST:
                lines = ()
            for line in lines:
                if line.text and match_heading(squeeze_cjk_spaces(line.text), line=line.number) is not None:
                    found += 1
                    if found >= _NUMBERED_LIST:
                        break
            self._numbered = found
        return self._numbered

    def plan(self, kind: Kind | None = None) -> Plan:
        """The plan for ``kind`` (detected when None; content of no known kind is refused)."""
        detected = kind is None
        if kind is None:
            kind = self.kind() or refuse(self.source)
        if kind == "notice":
            return Plan("notice", "notice")
        header = self.header
        if header is None:
            prose = self.attributions(1) or (detected and self.numbered_items() >= _NUMBERED_LIST)
            return Plan("task_list", "prose" if prose else "table")
        from ybhj_parse.blocks.stretches import has_prose_tasks, table_stretches

        lines = self.source.lines
        stretches = tuple(table_stretches(lines, first_header=header))
        if has_prose_tasks(lines, list(stretches)):
            return Plan("task_list", "mixed", stretches)
        above = lines[: header.end_index - (header.end_line - header.line + 1)]
        covering = has_covering_head(above)
        return Plan("task_list", "table", stretches, covering_notice=covering)


def guess_kind(source: SourceText) -> Kind | None:
    """The kind the content shows, or None."""
    return Detection(source).kind()


def detect(source: SourceText, kind: Kind | None = None) -> Plan:
    """Decide the kind (unless given), the family, the header row and the table stretches, once."""
    return Detection(source).plan(kind)


def refuse(source: SourceText) -> NoReturn:
    """Refuse content of no known kind, saying what was looked for (and what went wrong when a
    header row lost the separators between its cells)."""
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
