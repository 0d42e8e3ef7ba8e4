"""The task-list document: a title, a column header row and numbered task rows.

Pipeline: lines → header (layout.py) → cells and rows (table.py) → tasks
(assemble.py) → :class:`~ybhj_parse.model.records.Dataset`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ybhj_parse.blocks.detect import Plan
from ybhj_parse.blocks.header import Header
from ybhj_parse.blocks.table import TableParse, parse_table
from ybhj_parse.errors import InputError
from ybhj_parse.model.diagnostics import Diagnostic, Diagnostics, diag, excerpt
from ybhj_parse.model.records import Dataset, DocNumber, Task
from ybhj_parse.records.assemble import TaskAssembler, document_year, text_year
from ybhj_parse.records.document import FrontMatter, number_tasks, task_list_document
from ybhj_parse.records.trace import Trace
from ybhj_parse.rules.loader import column_rules, notice_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.textnorm import squeeze_cjk_spaces

if TYPE_CHECKING:
    from ybhj_parse.front.furniture import Furniture
    from ybhj_parse.front.head import Head


@dataclass(slots=True)
class Preamble:
    """What the lines above a table's header say: its title, and (with no covering notice) a date,
    a recipients line or a document number, which are metadata and never the title."""

    title: str = ""
    title_line: int | None = None
    date: dt.date | None = None
    recipients: list[str] | None = None
    doc_number: DocNumber | None = None
    used: set[int] = field(default_factory=set)  # the lines read as title, date or recipients
    diags: list[Diagnostic] = field(default_factory=list)


def _front_line(line: Line, found: Preamble) -> bool:
    """A date line, a recipients line or a document number line, read into ``found``; False for
    any other line."""
    from ybhj_parse.front.body import doc_number
    from ybhj_parse.front.meta import is_date_line, read_date, split_recipients

    text = squeeze_cjk_spaces(line.text)
    number = doc_number(text.replace(" ", "")) if found.doc_number is None else None
    if number is not None:
        found.doc_number = number
    elif is_date_line(text):
        found.date = found.date or read_date(text)
    elif notice_rules().recipients_line.match(text) and found.recipients is None:
        found.recipients = split_recipients(text)
    else:
        return False
    found.used.add(line.number)
    return True


def preamble(lines: tuple[Line, ...], stop: int, skip: frozenset[int] = frozenset()) -> Preamble:
    """The title (the first line above the header that is not a date or a recipients line) and a
    diagnostic for every other line (but those in ``skip``: a covering notice's, or web metadata).

    A line holding task numbers (a row, or a lone （5）, moved there by a damaged copy)
    is never the title: it is reported as a row outside the table, naming the numbers.
    """
    seq_cell = column_rules().seq_cell
    found = Preamble()
    for line in lines[:stop]:
        if line.blank or line.number in skip or _front_line(line, found):
            continue
        numbers = [
            int(m.group("no")) for cell in line.text.split("\t") if (m := seq_cell.match(cell.strip()))
        ]
        if numbers:
            shown = "、".join(map(str, numbers))
            found.diags.append(diag("row-outside-table", line.number, numbers=shown, text=excerpt(line.text)))
        elif found.title_line is None and "\t" not in line.text:
            found.title, found.title_line = squeeze_cjk_spaces(line.text), line.number
            found.used.add(line.number)
        else:
            found.diags.append(diag("stray-line", line.number, text=excerpt(line.text)))
    return found


def header_diags(header: Header, parse: TableParse) -> list[Diagnostic]:
    """Repeated and missing columns; a table whose rows carry their numbers at the start of the
    task (1.积极推进…) is numbered, though it has no 序号 column."""
    repeated = [diag("header-repeated-column", line, column=name) for line, name in header.repeated]
    if header.cut_from:
        repeated.append(diag("table-too-wide", header.line, count=header.cut_from, limit=len(header.columns)))
    return repeated + [
        diag("header-missing-column", header.line, column=column_rules().labels[role])
        for role in _ESSENTIAL_COLUMNS
        if role not in header.roles and not (role == "seq" and parse.numbered_in_text)
    ]


# Without these a task list cannot be read reliably; the header is checked for each.
_ESSENTIAL_COLUMNS = ("seq", "text", "lead")


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def covering_notice(lines: tuple[Line, ...]) -> Head | None:
    """The covering notice above a table (and the plan's title under it), or None."""
    from ybhj_parse.blocks.lexer import tokenize
    from ybhj_parse.front.head import read_head

    head = read_head(tokenize(lines))
    return head if head.notice_title is not None else None


def _rows(lines: tuple[Line, ...], header: Header | None, shown: str) -> tuple[Header, TableParse]:
    """The table under the header row; a task list without either is refused."""
    if header is None:
        raise InputError(
            "no column header row found: a task list needs one with cells such as 序号, 重点任务, 牵头单位, 完成时限",
            path=shown,
        )
    parse = parse_table(lines, header)
    if not parse.rows:
        raise InputError(
            f"the table has a header row ({_lines(header.line, header.end_line)}) but no task rows; "
            "is the file complete?",
            path=shown,
        )
    return header, parse


def _front_matter(notice: Head | None, found: Preamble, furniture: Furniture) -> FrontMatter:
    """The covering notice's metadata, which is the document's; else what the lines above the
    table and the web page's metadata say."""
    from ybhj_parse.front.body import doc_number
    from ybhj_parse.front.head import meta_date

    meta = furniture.meta
    date = meta_date(meta["date"]) if "date" in meta else None
    number = doc_number(meta["doc_number"]) if "doc_number" in meta else None
    if notice is None:
        return FrontMatter(
            issuer=meta.get("issuer"),
            doc_number=found.doc_number or number,
            recipients=found.recipients,
            date=found.date or date,
            web_meta=furniture.web_meta,
        )
    return FrontMatter(
        issuer=notice.issuer or meta.get("issuer"),
        doc_number=notice.doc_number or number,
        recipients=notice.recipients,
        signed_by=notice.signed_by,
        date=notice.date or date,
        printed_by=notice.printed_by,
        printed_date=notice.printed_date,
        web_meta=furniture.web_meta,
    )


def _year(title: str, front: FrontMatter) -> int | None:
    """The year a deadline without one takes: the title's, else the date's, else the document
    number's (〔2023〕)."""
    number = front.doc_number
    return document_year(
        title,
        f"{front.date.year}年" if front.date else None,
        f"{number.year}年" if number is not None and number.year else None,
    )


def _trace(
    trace: Trace,
    header: Header,
    parse: TableParse,
    tasks: list[Task],
    lines: tuple[Line, ...],
    unconsumed: list[int],
) -> None:
    """What --explain shows of a task table: its header's layout, the heading styles, the rows."""
    trace.layout = header.layout
    trace.fire("header", header.layout)
    for heading in parse.headings:
        trace.fire("heading-style", heading.style)
    trace.fire("task", "table-row", len(tasks))
    for task in tasks:
        trace.add_block(header.layout, task.source.line, task.source.end_line)
    trace.note_unconsumed(lines, unconsumed)


def _front(
    lines: tuple[Line, ...], above: int, plan: Plan, parse: TableParse, sink: Diagnostics
) -> tuple[str, FrontMatter]:
    """The title and the front matter above the table: the covering notice (when detection saw
    one), the web page's metadata, a date or recipients line; every other line is reported."""
    from ybhj_parse.blocks.lexer import tokenize
    from ybhj_parse.front.furniture import read_furniture

    furniture = read_furniture(tokenize(lines[:above]))
    for tok in furniture.set_aside:
        sink.report("banner-ignored", tok.number, text=excerpt(tok.text))
    notice = covering_notice(lines[:above]) if plan.covering_notice else None
    # The plan's title is under the notice; the notice's lines are metadata.
    skip = furniture.lines | (set(notice.lines) if notice else set())
    found = preamble(lines, above, frozenset(skip))
    # A line above the header the table read (a note saying the first unit listed leads) is used.
    diags = [d for d in found.diags if d.line not in parse.consumed]
    parse.consumed.update(furniture.lines)
    title = found.title
    parse.consumed.update(found.used)
    if notice is not None:
        title = notice.title
        parse.consumed.update(notice.lines)
        sink.extend(notice.diags)  # an unreadable date
    sink.extend(diags)
    return title or furniture.meta.get("title", ""), _front_matter(notice, found, furniture)


def parse_task_list(
    source: SourceText, sink: Diagnostics, plan: Plan, *, trace: Trace | None = None
) -> Dataset:
    """The task table the plan found (its header row found by detection), with the covering notice
    above it when detection saw one."""
    lines = source.lines
    header, parse = _rows(lines, plan.header, source.path or "<stdin>")
    above = header.end_index - (header.end_line - header.line + 1)
    title, front = _front(lines, above, plan, parse, sink)
    sink.extend(header_diags(header, parse))
    sink.extend(parse.diags)
    labels = {role: name for name, role in zip(header.columns, header.roles, strict=True) if role}
    assembler = TaskAssembler(_year(title, front) or text_year(lines, sink), sink, labels)
    tasks = number_tasks(parse, assembler)
    document = task_list_document(
        source,
        layout=header.layout,
        title=title,
        columns=list(header.columns),
        tasks=tasks,
        assembler=assembler,
        consumed=parse.consumed,
        front=front,
    )
    if trace is not None:
        _trace(trace, header, parse, tasks, lines, document.coverage.unconsumed if document.coverage else [])
    return Dataset(document=document, tasks=tasks)
