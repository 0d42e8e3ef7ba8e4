"""The task-list document: a title, a column header row and numbered task rows.

Pipeline: lines → header (layout.py) → cells and rows (table.py) → tasks
(assemble.py) → :class:`~ybhj_parse.models.Dataset`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .assemble import TaskAssembler, document_year, to_diagnostics
from .detect import has_notice_head
from .diagnostics import Diag, diag
from .errors import InputError
from .layout import Header, find_header
from .models import Counts, Coverage, Dataset, Document, Source, Task
from .reader import Line, SourceText
from .ruleset import column_rules
from .table import TableParse, parse_table
from .textnorm import squeeze_cjk_spaces
from .trace import Trace

if TYPE_CHECKING:
    from .prosehead import Head


def coverage(lines: tuple[Line, ...], consumed: set[int]) -> Coverage:
    nonblank = [line.number for line in lines if not line.blank]
    return Coverage(
        nonblank_lines=len(nonblank),
        consumed_lines=sum(1 for n in nonblank if n in consumed),
        unconsumed=[n for n in nonblank if n not in consumed],
    )


def source_model(source: SourceText) -> Source:
    return Source(path=source.path, sha256=source.sha256, encoding=source.encoding, lines=source.line_count)


def number_tasks(parse: TableParse, assembler: TaskAssembler) -> list[Task]:
    """Read each row's number, check the sequence, and build the tasks."""
    seq_cell = column_rules().seq_cell
    tasks: list[Task] = []
    first_line: dict[int, int] = {}
    previous: int | None = None
    for row in parse.rows:
        cell = row.cells.get("seq")
        match = seq_cell.match(cell.text) if cell else None
        if match:
            seq, label = int(match.group("no")), cell.text  # type: ignore[union-attr]
        else:
            seq, label = (previous or 0) + 1, ""
            if "seq" not in row.missing:
                assembler.diags.append(diag("seq-missing", row.line, field="seq", seq=seq))
        expected = (previous or 0) + 1
        if seq in first_line:
            assembler.diags.append(
                diag("seq-duplicate", row.line, field="seq", seq=seq, first=first_line[seq])
            )
        elif previous is not None and seq < previous:
            assembler.diags.append(diag("seq-step-back", row.line, field="seq", seq=seq, previous=previous))
        elif seq > expected:
            missing = list(range(expected, seq))
            shown = "、".join(map(str, missing)) if len(missing) <= 10 else f"{missing[0]}–{missing[-1]}"
            assembler.diags.append(
                diag("seq-gap", row.line, field="seq", previous=previous or 0, seq=seq, missing=shown)
            )
        first_line.setdefault(seq, row.line)
        previous = max(seq, previous or 0)
        tasks.append(assembler.task(row, seq, label))
    return tasks


def counts(tasks: list[Task]) -> Counts:
    """Counts derived from the records (validate checks the same derivation)."""
    return Counts(
        sections=len({(t.section.no, t.section.title) for t in tasks if t.section}),
        measures=len({(t.measure.no, t.measure.title) for t in tasks if t.measure}),
        tasks=len(tasks),
    )


def preamble_title(lines: tuple[Line, ...], stop: int) -> tuple[str, int | None]:
    for line in lines[:stop]:
        if not line.blank:
            return squeeze_cjk_spaces(line.text), line.number
    return "", None


def covering_notice(lines: tuple[Line, ...]) -> Head | None:
    """The covering notice above a table (and the plan's title under it), or None."""
    if not has_notice_head(lines):
        return None
    from .prosehead import read_head
    from .proselex import tokenize

    head = read_head(tokenize(lines))
    return head if head.notice_title is not None else None


def parse_task_list(
    source: SourceText, header: Header | None = None, *, trace: Trace | None = None
) -> Dataset:
    lines = source.lines
    header = header or find_header(lines)
    if header is None:
        raise InputError(
            "no column header row found: a task list needs one with cells such as 序号, 重点任务, 牵头单位, 完成时限",
            path=source.path or "<stdin>",
        )
    above = header.end_index - (header.end_line - header.line + 1)
    notice = covering_notice(lines[:above])
    parse = parse_table(lines, header)
    if notice is not None:
        title = notice.title
        parse.consumed.update(notice.lines)
    else:
        title, title_line = preamble_title(lines, above)
        if title_line is not None:
            parse.consumed.add(title_line)
    extra: list[Diag] = []
    if not parse.rows:
        extra.append(diag("missing-cell", header.end_line, field="seq", seq="-", column="任务行 (task rows)"))
    date = notice.date if notice is not None else None
    assembler = TaskAssembler(document_year(title, f"{date.year}年" if date else None))
    tasks = number_tasks(parse, assembler)
    document = Document(
        kind="task_list",
        layout=header.layout,
        title=title,
        columns=list(header.columns),
        source=source_model(source),
        aliases=dict(sorted(assembler.aliases.items())),
        scope_definitions=assembler.scope_definitions,
        counts=counts(tasks),
        coverage=coverage(lines, parse.consumed),
    )
    if notice is not None:  # the covering notice fills the document's metadata
        document.issuer, document.doc_number = notice.issuer, notice.doc_number
        document.recipients, document.signed_by, document.date = notice.recipients, notice.signed_by, date
        document.printed_by, document.printed_date = notice.printed_by, notice.printed_date
    if trace is not None:
        trace.layout = header.layout
        trace.fire("header", header.layout)
        for heading in parse.headings:
            trace.fire("heading-style", heading.style)
        trace.fire("task", "table-row", len(tasks))
        for task in tasks:
            trace.add_block(header.layout, task.source.line, task.source.end_line)
        trace.note_unconsumed(lines, document.coverage.unconsumed if document.coverage else [])
    return Dataset(
        document=document, tasks=tasks, diagnostics=to_diagnostics(parse.diags + assembler.diags + extra)
    )
