"""Pieces of the Document and of its records that every family builds the same way:
the source, the coverage of its lines, the counts, the numbering of table rows, and the
problems a record lists."""

from __future__ import annotations

from collections.abc import Iterable

from ybhj_parse.blocks.table import TableParse
from ybhj_parse.model.diagnostics import Diag, diag
from ybhj_parse.model.records import Counts, Coverage, Source, Task
from ybhj_parse.records.assemble import TaskAssembler
from ybhj_parse.rules.loader import column_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.values.sequence import Numbered, check_sequence


def coverage(lines: tuple[Line, ...], consumed: set[int]) -> Coverage:
    nonblank = [line.number for line in lines if not line.blank]
    return Coverage(
        nonblank_lines=len(nonblank),
        consumed_lines=sum(1 for n in nonblank if n in consumed),
        unconsumed=[n for n in nonblank if n not in consumed],
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
    seq_cell = column_rules().seq_cell
    numbers: list[tuple[Numbered, str]] = []
    previous = 0
    for row in parse.rows:
        cell = row.cells.get("seq")
        match = seq_cell.match(cell.text) if cell else None
        if cell is not None and match is not None:
            # （ 1 ） with a stray space is （1）: the label is the number as printed, spaces aside.
            numbered, label = Numbered(int(match.group("no")), row.line), "".join(cell.text.split())
        else:
            numbered, label = Numbered(previous + 1, row.line, printed=False), ""
            assembler.diags.append(diag("seq-missing", row.line, field="seq", seq=numbered.seq))
        numbers.append((numbered, label))
        previous = numbered.seq
    return numbers


def number_tasks(parse: TableParse, assembler: TaskAssembler) -> list[Task]:
    """Read each row's number, build the tasks, and check the sequence of numbers."""
    numbers = read_numbers(parse, assembler)
    tasks = [assembler.task(row, n.seq, label) for row, (n, label) in zip(parse.rows, numbers, strict=True)]
    report = check_sequence([n for n, _ in numbers])
    assembler.diags.extend(report.diags)
    for index, code in report.flagged.items():
        mark(tasks[index], code)
    for index, (numbered, _) in enumerate(numbers):
        if not numbered.printed:
            mark(tasks[index], "seq-missing")
    return tasks


def mark(task: Task, code: str) -> None:
    """List ``code`` among the task's problems (kept sorted and unique)."""
    task.problems = sorted({*task.problems, code})


def mark_damage(tasks: list[Task], diags: Iterable[Diag]) -> None:
    """Tasks whose lines hold damage found by the reader list it among their problems."""
    for d in diags:
        for task in tasks:
            if d.line is not None and task.source.line <= d.line <= task.source.end_line:
                mark(task, d.code)


def counts(tasks: list[Task]) -> Counts:
    """Counts derived from the records (validate checks the same derivation)."""
    return Counts(
        sections=len({(t.section.no, t.section.title) for t in tasks if t.section}),
        measures=len({(t.measure.no, t.measure.title) for t in tasks if t.measure}),
        tasks=len(tasks),
    )
