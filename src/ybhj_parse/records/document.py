"""The Document, built here for every family, and the pieces of its records every family
builds the same way: the source, the coverage of its lines, the counts and the numbering of
table rows.

A task list's document is built by :func:`task_list_document`, a notice's by
:func:`notice_document`; only the latter takes the fields a notice alone has (its references,
attachments and table profile), so they cannot reach a task list's document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ybhj_parse.blocks.table import TableParse
from ybhj_parse.model.records import (
    Counts,
    Coverage,
    DocNumber,
    Document,
    Layout,
    Reference,
    Section,
    Source,
    Task,
)
from ybhj_parse.records.assemble import TaskAssembler
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.values.sequence import Numbered, check_sequence


def coverage(lines: tuple[Line, ...], consumed: set[int]) -> Coverage:
    # line.text, not the blank property: a call per line of the document cost twice the rest.
    nonblank = [line.number for line in lines if line.text]
    unconsumed = [n for n in nonblank if n not in consumed]
    return Coverage(
        nonblank_lines=len(nonblank),
        consumed_lines=len(nonblank) - len(unconsumed),
        unconsumed=unconsumed,
    )


def source_model(source: SourceText) -> Source:
    return Source(
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        lines=source.line_count,
        format=None if source.format == "text" else source.format,
    )


def read_numbers(parse: TableParse, assembler: TaskAssembler) -> list[tuple[Numbered, str]]:
    """Each row's number and its label as printed; a row without one is numbered by position."""
    numbers: list[tuple[Numbered, str]] = []
    previous = 0
    for row in parse.rows:
        cell = row.cells.get("seq")
        no = parse.seq_number(cell.text) if cell is not None else None  # as the row machine read it
        if row.shares_number:  # a task of the group numbered above: its number, printed once
            numbers.append((Numbered(previous, row.line, printed=False), numbers[-1][1] if numbers else ""))
            continue
        if cell is not None and no is not None:
            # （ 1 ） with a stray space is （1）: the label is the number as printed, spaces aside.
            numbered, label = Numbered(no, row.line), "".join(cell.text.split())
        else:  # a label no number reads ((一) among 1. 2. …) is kept as printed
            label = "".join(cell.text.split()) if cell is not None else ""
            numbered = Numbered(previous + 1, row.line, printed=False)
            assembler.sink.report("seq-missing", row.line, field="seq", seq=numbered.seq)
        numbers.append((numbered, label))
        previous = numbered.seq
    return numbers


def number_tasks(parse: TableParse, assembler: TaskAssembler) -> list[Task]:
    """Read each row's number, build the tasks, and check the sequence of numbers."""
    numbers = read_numbers(parse, assembler)
    tasks = [assembler.task(row, n.seq, label) for row, (n, label) in zip(parse.rows, numbers, strict=True)]
    assembler.sink.extend(check_sequence([n for n, _ in numbers]).diags)
    return tasks


def counts(tasks: list[Task]) -> Counts:
    """Counts derived from the records (validate checks the same derivation)."""
    return Counts(
        sections=len({(t.section.no, t.section.title) for t in tasks if t.section}),
        measures=len({(t.measure.no, t.measure.title) for t in tasks if t.measure}),
        tasks=len(tasks),
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the head (and the end) of a document say of it: a notice's own, a covering notice's
    above a task table, or a plan's head and signature."""

    issuer: str | None = None
    doc_number: DocNumber | None = None
    recipients: list[str] | None = None
    signed_by: str | None = None
    date: dt.date | None = None
    printed_by: str | None = None
    printed_date: dt.date | None = None
    web_meta: dict[str, str] | None = None  # the web page's metadata lines, key as written → value


@dataclass(frozen=True, slots=True)
class Body:
    """The text of the document outside its records: the paragraphs before the first section,
    and the sections that hold no record."""

    preamble: str | None = None
    sections: list[Section] | None = None


@dataclass(frozen=True, slots=True)
class _Shape:
    """What differs between the documents of the families."""

    kind: Literal["task_list", "notice"]
    layout: Layout
    title: str
    columns: list[str]
    counts: Counts


def _document(
    source: SourceText,
    shape: _Shape,
    consumed: set[int],
    front: FrontMatter,
    body: Body,
    aliases: dict[str, str] | None = None,
    scope_definitions: dict[str, list[str]] | None = None,
) -> Document:
    return Document(
        kind=shape.kind,
        layout=shape.layout,
        title=shape.title,
        columns=shape.columns,
        source=source_model(source),
        aliases=aliases or {},
        scope_definitions=scope_definitions or {},
        counts=shape.counts,
        coverage=coverage(source.lines, consumed),
        issuer=front.issuer,
        doc_number=front.doc_number,
        recipients=front.recipients,
        signed_by=front.signed_by,
        date=front.date,
        printed_by=front.printed_by,
        printed_date=front.printed_date,
        web_meta=front.web_meta,
        preamble=body.preamble,
        sections=body.sections,
    )


def task_list_document(
    source: SourceText,
    *,
    layout: Layout,
    title: str,
    columns: list[str],
    tasks: list[Task],
    assembler: TaskAssembler,
    consumed: set[int],
    front: FrontMatter | None = None,
    body: Body | None = None,
) -> Document:
    """The document of a task list: its counts derived from the tasks, its aliases and scope
    definitions those the assembler collected."""
    shape = _Shape("task_list", layout, title, columns, counts(tasks))
    aliases = dict(sorted(assembler.aliases.items()))
    return _document(
        source, shape, consumed, front or FrontMatter(), body or Body(), aliases, assembler.scope_definitions
    )


def notice_document(
    source: SourceText,
    *,
    layout: Literal["row-per-line", "text"],
    title: str,
    columns: list[str],
    consumed: set[int],
    front: FrontMatter,
    body: Body,
    references: list[Reference] | None,
    attachments: list[str] | None,
    table_profile: str | None,
) -> Document:
    """The document of an official notice: its body sections are what it counts."""
    shape = _Shape(
        "notice", layout, title, columns, Counts(sections=len(body.sections or []), measures=0, tasks=0)
    )
    document = _document(source, shape, consumed, front, body)
    document.references, document.attachments = references, attachments
    document.table_profile = table_profile
    return document
