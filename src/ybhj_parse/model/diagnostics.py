"""The one diagnostic type, its code registry, and the sink that collects a parse's diagnostics.

Every stage reports a problem as ``diag(code, line, field=..., end_line=..., **values)``:
the code names an entry of :data:`CODES`, which gives its severity and the message
template the values fill (as frictionless-py's error classes do).  The result is a
:class:`Diagnostic`, the record the output carries too: there is no other type.

One :class:`Diagnostics` sink per parse collects them; its :class:`ErrorLevel` decides
which severities fail the parse (``--strict`` is the level at which warnings do, as
sqlglot's ``ErrorLevel`` decides whether errors are collected or raised).  A record's
``problems`` are derived from the sink in one place (:class:`ProblemIndex`, used by
the last stage, ``records/accounting.py``), from the diagnostics that point at its lines.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from ybhj_parse.model.record import Record

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the registry: how grave the problem is and how its message reads."""

    severity: Severity
    template: str  # formatted with the keyword arguments of ``diag()``
    # A warning or an error on a record's lines lists its code in the record's ``problems``,
    # unless it is about the record's neighbours (a number missing before it) and not the record.
    marks_record: bool = True


# The one list of codes (docs/REFERENCE.md prints it); a code not in it is a bug.
CODES: dict[str, Code] = {
    # decoding
    "undecodable-bytes": Code(
        "warning",
        "{count} byte(s) not valid {encoding}, replaced by \ufffd (the file is damaged here)",
    ),
    "cut-in-character": Code(
        "warning",
        "the file ends inside a {encoding} character, which was dropped (was the copy cut off?)",
    ),
    "nul-bytes": Code("warning", "{count} NUL byte(s) removed (the file is damaged here)"),
    "invisible-characters": Code("info", "{count} invisible character(s) removed: {names}"),
    "column-role-from-content": Code(
        "info", "the header's {column} column names no known role; its cells say it: read as {role}"
    ),
    "rows-from-data": Code(
        "info", "{count} rows read from an array of data objects (a page's script data) as a table"
    ),
    "pinyin-removed": Code("warning", "{count} pinyin reading(s) after characters removed: {pieces}"),
    "mojibake-removed": Code("warning", "{count} garbled run(s) read back or removed: {pieces}"),
    "characters-folded": Code(
        "info",
        "{count} compatibility character(s) read as the plain one(s): {pairs}",
    ),
    "table-too-wide": Code(
        "warning",
        "the header row has {count} columns; only the first {limit} are read (the limit of a table)",
    ),
    "row-too-wide": Code(
        "warning",
        "the row has {count} cells; the cells after the first {limit} are not read (the limit of a table)",
    ),
    "cells-carried": Code(
        "info",
        "the row has no {columns} cell of its own: read from the row above (a merged cell the copy gives once)",
    ),
    "header-repeated": Code(
        "info",
        "the header row of line {first} stands here again (a page break in the export?); read as page furniture",
    ),
    # structure
    "header-missing-column": Code("warning", "the header row has no {column} column"),
    "header-repeated-column": Code(
        "warning",
        "the header row names the {column} column again; the repeat is ignored",
    ),
    "missing-cell": Code("warning", "task {seq}: the {column} cell is missing"),
    "unit-cell-missing": Code(
        "warning",
        "task {seq}: the {lead} or the {responsible} cell is missing; line {cell_line} was read as {read_as}",
    ),
    "extra-cell": Code("warning", "a cell outside any task row: {text!r}"),
    "truncated-row": Code(
        "error",
        "task {seq}: the file ends before the row's {columns} cell(s) (was the copy cut off?)",
    ),
    "row-outside-table": Code(
        "warning",
        "a line with task number(s) {numbers} stands above the table's header row and was not read: {text!r}",
    ),
    "row-without-header": Code(
        "warning",
        "a line with task number {numbers} reads as a table row, but no header row stands above it;"
        " it was not read: {text!r}",
    ),
    "stray-line": Code("info", "line not used by any record, heading or metadata: {text!r}"),
    "units-run-together": Code(
        "info",
        "{text!r} read as {names}: unit names run together (a line break inside the cell lost?)",
    ),
    "seq-gap": Code("warning", "no {noun} numbered {missing} ({where})", marks_record=False),
    "seq-duplicate": Code("warning", "{noun} number {seq} is used twice (also on line {other})"),
    "seq-step-back": Code("warning", "{noun} number {seq} comes after {previous}"),
    "seq-out-of-order": Code("warning", "{noun} number {seq} is out of sequence ({where})"),
    "seq-missing": Code("warning", "a task row has no number; numbered {seq} by position"),
    "heading-renumbered": Code(
        "warning",
        "heading {marker} comes after {previous}: numbering is not in sequence",
    ),
    "heading-without-tasks": Code("warning", "heading {marker}{title} has no task under it"),
    # prose layouts (labelled lines, inline and group attributions)
    "units-not-named": Code(
        "warning",
        "the document names no unit for any item: its {count} numbered items are read as tasks without units",
    ),
    "no-attribution": Code(
        "warning",
        "task {seq} ({label}): no unit is named for it, though the tasks beside it have one",
    ),
    "truncated-task": Code("warning", "task {seq} ({label}): the file ends inside it ({what})"),
    "attribution-orphan": Code("warning", "an attribution with no task above it: {text!r}"),
    "item-renumbered": Code(
        "warning",
        "numbered item {marker} comes after {previous}: numbering is not in sequence",
        marks_record=False,
    ),
    "no-tasks": Code(
        "error",
        "attributions were found but no task could be read from them (see extract --explain)",
    ),
    "lead-not-named": Code("warning", "task {seq}: the text names responsible units but no lead (牵头单位)"),
    "first-listed-leads": Code(
        "info",
        "the document says the first unit listed leads ({text}): the first unit of each task's "
        "{column} cell is its lead",
    ),
    "bordered-cells": Code(
        "info",
        "the table is copied with its borders, its cells on lines of their own each closed by a |: "
        "read one row a line ({count} rows)",
    ),
    "glued-cells": Code(
        "info",
        "the table's cells were copied with nothing between them: {count} rows read by the names of "
        "its columns and what its cells hold (row numbers in turn, a person, unit names)",
    ),
    "group-cell-before-columns": Code(
        "info",
        "the row has one cell more than the header names: its first, {text}, is read as a group "
        "heading over the rows below",
    ),
    "group-column-of-tasks": Code(
        "info",
        "the {column} column heads one row with each of its cells, none merged over several: its "
        "cells are the rows' tasks, not headings",
    ),
    "spaced-cells": Code(
        "info",
        "the line holds a table copied with its cells a run of spaces apart: read one cell a line "
        "({count} cells)",
    ),
    "sub-task": Code(
        "info",
        "a row with no number but a task of its own under task {seq}'s group: a task of that group, "
        "numbered {seq}, its merged cells {seq}'s",
    ),
    "sub-row": Code(
        "info",
        "a row with no number under task {seq} (the next row is {seq}'s next): read as part of task {seq}",
    ),
    "attribution-in-cell": Code(
        "info", "task {seq}: the {column} cell says who leads ({text}): read as lead and responsible units"
    ),
    # values
    "missing-lead-unit": Code("error", "task {seq}: no lead unit (the {column} cell is empty or missing)"),
    "missing-text": Code("error", "task {seq}: no task text (the {column} cell is empty or missing)"),
    "missing-deadline": Code("warning", "task {seq}: no deadline (the {column} cell is empty or missing)"),
    "deadline-unrecognised": Code("warning", "task {seq}: deadline phrase not understood: {phrase!r}"),
    "deadline-year-missing": Code(
        "info",
        "task {seq}: deadline {phrase!r} has no year and the document gives none "
        "(in its title, date or document number): due left empty, raw kept",
    ),
    "year-from-text": Code(
        "info",
        "the document gives no year in its title, date or document number: deadlines without one "
        "are read in {year}, the year its text names most ({count} times)",
    ),
    "unit-unknown": Code("info", "{noun} {seq}: {name!r} is not in the unit registry; its id is null"),
    # notices
    "group-inferred": Code("info", "item {seq}: group {group} inferred from {basis}"),
    "items-missing": Code(
        "warning",
        "the body declares {declared} items but the table lists {extracted}: missing {missing}",
    ),
    "group-count-mismatch": Code(
        "warning",
        "group {group}: the body declares {declared} items, the table lists {extracted}",
    ),
    "group-label-count": Code(
        "warning",
        "group {group}: the table's label says {label} items, the body declares {declared}",
    ),
    "group-conflict": Code(
        "warning",
        "item {seq}: printed under group {group}, but its creating unit {unit} belongs to {other}",
    ),
    "group-unknown": Code("warning", "item {seq}: no group printed or inferable"),
    "group-incomplete": Code(
        "info",
        "group {group}: {extracted} of {declared} declared items listed; missing {missing}",
    ),
    "declared-total-mismatch": Code(
        "warning",
        "the body states {total} items, but its counts by group add up to {sum}",
    ),
    "department-count-mismatch": Code(
        "warning",
        "{unit}: the note counts {declared} items, but {extracted} extracted items name it",
    ),
    "row-short": Code(
        "warning",
        "item {seq}: the row has {cells} cells where the table has {expected}, and its last cell is empty: "
        "a cell inside the row is missing, so the values after it may be under the wrong columns",
    ),
    "row-unreadable": Code(
        "warning",
        "a line in the table does not fit the {profile} columns ({cells} cells, {expected} expected): {text!r}",
    ),
    "no-table": Code("warning", "no attachment table rows were found"),
    "date-unreadable": Code("warning", "not a real date: {text!r}"),
    # metadata
    "banner-ignored": Code("info", "page furniture ignored: {text!r}"),
}


@dataclass(frozen=True, kw_only=True)
class Diagnostic(Record):
    """One problem or remark, always tied to a source line when there is one."""

    severity: Severity
    code: str
    """Stable slug, e.g. deadline-unrecognised; see docs/REFERENCE.md for the list."""
    message: str
    line: int | None = None
    """1-based line of the source file."""
    end_line: int | None = None
    """Last line, when the problem spans several (a cell continued on the lines below)."""
    field: str | None = None
    """The record field concerned, when there is one."""

    OMITTED_WHEN_NONE = ("end_line",)  # most problems sit on one line: say nothing

    @property
    def last_line(self) -> int | None:
        """The last line the problem covers (its line, when it sits on one)."""
        return self.end_line if self.end_line is not None else self.line

    def covers(self, first: int, last: int) -> bool:
        """True when the problem lies on any of the lines ``first``…``last``."""
        return self.line is not None and self.line <= last and (self.last_line or self.line) >= first


# The short name some stages still use for it (the same type, not another one).
Diag = Diagnostic


def diag(
    code: str, line: int | None, *, field: str | None = None, end_line: int | None = None, **values: object
) -> Diagnostic:
    """The diagnostic ``code`` on ``line``, its message filled from ``values``."""
    entry = CODES[code]
    spans = end_line if end_line is not None and line is not None and end_line > line else None
    return Diagnostic(
        severity=entry.severity,
        code=code,
        message=entry.template.format(**values),
        line=line,
        end_line=spans,
        field=field,
    )


class ErrorLevel(enum.Enum):
    """Which diagnostics make a parse fail (exit 1); all are collected whatever the level."""

    IGNORE = "ignore"  # nothing fails: the data is wanted whatever it says
    ERROR = "error"  # errors fail (the default)
    STRICT = "strict"  # warnings fail too (--strict)

    def fails(self, severity: Severity) -> bool:
        if self is ErrorLevel.IGNORE:
            return False
        return severity == "error" or (self is ErrorLevel.STRICT and severity == "warning")


def _position(d: Diagnostic) -> tuple[int, str]:
    return (d.line if d.line is not None else 0, d.code)


class Diagnostics:
    """The sink of one parse: every stage adds its diagnostics here, and nothing is taken back."""

    __slots__ = ("_items", "level")

    def __init__(self, level: ErrorLevel = ErrorLevel.ERROR) -> None:
        self.level = level
        self._items: list[Diagnostic] = []

    def add(self, d: Diagnostic) -> None:
        self._items.append(d)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._items.extend(diagnostics)

    def report(
        self,
        code: str,
        line: int | None,
        *,
        field: str | None = None,
        end_line: int | None = None,
        **values: object,
    ) -> Diagnostic:
        """Add ``diag(code, line, …)`` and return it."""
        d = diag(code, line, field=field, end_line=end_line, **values)
        self._items.append(d)
        return d

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def lines_explained(self) -> set[int]:
        """Every line some diagnostic lies on."""
        return {
            n for d in self._items if d.line is not None for n in range(d.line, (d.last_line or d.line) + 1)
        }

    def in_order(self) -> list[Diagnostic]:
        """The diagnostics by line, then code; those on no line first (stable: equal ones as added)."""
        return sorted(self._items, key=_position)

    @property
    def failed(self) -> bool:
        return any(self.level.fails(d.severity) for d in self._items)


class ProblemIndex:
    """The codes a record lists among its ``problems``: those of the warnings and errors on its
    lines whose code marks the record they sit on.  Indexed by line once, so that deriving
    every record's problems grows with records + diagnostics, not their product."""

    __slots__ = ("_by_line",)

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._by_line: dict[int, set[str]] = {}
        for d in diagnostics:
            if d.line is None or d.severity == "info" or not CODES[d.code].marks_record:
                continue
            for n in range(d.line, (d.last_line or d.line) + 1):
                self._by_line.setdefault(n, set()).add(d.code)

    def on(self, first: int, last: int) -> list[str]:
        """The sorted codes for a record on lines ``first``…``last``."""
        found: set[str] = set()
        for n in range(first, last + 1):
            found |= self._by_line.get(n, set())
        return sorted(found)


def problems_on(first: int, last: int, diagnostics: Iterable[Diagnostic]) -> list[str]:
    """The problems of one record on lines ``first``…``last`` (see :class:`ProblemIndex`)."""
    return ProblemIndex(diagnostics).on(first, last)


def excerpt(text: str, limit: int = 40) -> str:
    """The start of a long line, for a message that quotes it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
