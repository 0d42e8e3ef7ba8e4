"""The task-list document: a title, a column header row and numbered task rows.

Pipeline: lines → header (layout.py) → cells and rows (table.py) → tasks
(assemble.py) → :class:`~ybhj_parse.model.records.Dataset`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ybhj_parse.blocks.detect import Plan
from ybhj_parse.blocks.header import Header
from ybhj_parse.blocks.table import TableParse, parse_table
from ybhj_parse.errors import InputError
from ybhj_parse.model.diagnostics import Diagnostic, Diagnostics, diag, excerpt
from ybhj_parse.model.records import Dataset, Task
from ybhj_parse.records.assemble import TaskAssembler, document_year
from ybhj_parse.records.document import FrontMatter, number_tasks, task_list_document
from ybhj_parse.records.trace import Trace
from ybhj_parse.rules.loader import column_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.textnorm import squeeze_cjk_spaces

if TYPE_CHECKING:
    from ybhj_parse.front.head import Head


def preamble(
    lines: tuple[Line, ...], stop: int, skip: frozenset[int] = frozenset()
) -> tuple[str, int | None, list[Diagnostic]]:
    """The title (the first non-blank line above the header) and a diagnostic for every other line
    (but those in ``skip``: a covering notice's, which are metadata).

    A line holding task numbers (a row, or a lone （5）, moved there by a damaged copy)
    is never the title: it is reported as a row outside the table, naming the numbers.
    """
    seq_cell = column_rules().seq_cell
    title, title_line, diags = "", None, []
    for line in lines[:stop]:
        if line.blank or line.number in skip:
            continue
        numbers = [
            int(m.group("no")) for cell in line.text.split("\t") if (m := seq_cell.match(cell.strip()))
        ]
        if numbers:
            shown = "、".join(map(str, numbers))
            diags.append(diag("row-outside-table", line.number, numbers=shown, text=excerpt(line.text)))
        elif title_line is None and "\t" not in line.text:
            title, title_line = squeeze_cjk_spaces(line.text), line.number
        else:
            diags.append(diag("stray-line", line.number, text=excerpt(line.text)))
    return title, title_line, diags


def header_diags(header: Header) -> list[Diagnostic]:
    repeated = [diag("header-repeated-column", line, column=name) for line, name in header.repeated]
    return repeated + [
        diag("header-missing-column", header.line, column=column_rules().labels[role])
        for role in _ESSENTIAL_COLUMNS
        if role not in header.roles
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


def _front_matter(notice: Head | None) -> FrontMatter | None:
    """The covering notice's metadata, which is the document's."""
    if notice is None:
        return None
    return FrontMatter(
        issuer=notice.issuer,
        doc_number=notice.doc_number,
        recipients=notice.recipients,
        signed_by=notice.signed_by,
        date=notice.date,
        printed_by=notice.printed_by,
        printed_date=notice.printed_date,
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


def parse_task_list(
    source: SourceText, sink: Diagnostics, plan: Plan, *, trace: Trace | None = None
) -> Dataset:
    """The task table the plan found (its header row found by detection), with the covering notice
    above it when detection saw one."""
    lines = source.lines
    header, parse = _rows(lines, plan.header, source.path or "<stdin>")
    above = header.end_index - (header.end_line - header.line + 1)
    notice = covering_notice(lines[:above]) if plan.covering_notice else None
    # The plan's title is under the notice; the notice's lines are metadata.
    title, title_line, preamble_diags = preamble(
        lines, above, frozenset(notice.lines) if notice else frozenset()
    )
    # A line above the header the table read (a note saying the first unit listed leads) is used.
    preamble_diags = [d for d in preamble_diags if d.line not in parse.consumed]
    if notice is not None:
        title = notice.title
        parse.consumed.update(notice.lines)
        sink.extend(notice.diags)  # an unreadable date
    elif title_line is not None:
        parse.consumed.add(title_line)
    sink.extend(preamble_diags)
    sink.extend(header_diags(header))
    sink.extend(parse.diags)
    date = notice.date if notice is not None else None
    labels = {role: name for name, role in zip(header.columns, header.roles, strict=True) if role}
    assembler = TaskAssembler(document_year(title, f"{date.year}年" if date else None), sink, labels)
    tasks = number_tasks(parse, assembler)
    document = task_list_document(
        source,
        layout=header.layout,
        title=title,
        columns=list(header.columns),
        tasks=tasks,
        assembler=assembler,
        consumed=parse.consumed,
        front=_front_matter(notice),
    )
    if trace is not None:
        _trace(trace, header, parse, tasks, lines, document.coverage.unconsumed if document.coverage else [])
    return Dataset(document=document, tasks=tasks)
