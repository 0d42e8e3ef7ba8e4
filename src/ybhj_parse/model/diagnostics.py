"""Typed diagnostics: a code, a severity, a message template and a source line.

Parser stages collect :class:`Diag` values; the assembler turns them into
:class:`ybhj_parse.model.records.Diagnostic` records.  The table below is the one
list of codes (the README prints it); a code not in it is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

# code: (severity, template).  Templates are formatted with the keyword arguments of `diag()`.
CODES: dict[str, tuple[Severity, str]] = {
    # decoding
    "undecodable-bytes": (
        "warning",
        "{count} byte(s) not valid {encoding}, replaced by \ufffd (the file is damaged here)",
    ),
    "cut-in-character": (
        "warning",
        "the file ends inside a {encoding} character, which was dropped (was the copy cut off?)",
    ),
    # structure
    "header-missing-column": ("warning", "the header row has no {column} column"),
    "header-repeated-column": (
        "warning",
        "the header row names the {column} column again; the repeat is ignored",
    ),
    "missing-cell": ("warning", "task {seq}: the {column} cell is missing"),
    "unit-cell-missing": (
        "warning",
        "task {seq}: the {lead} or the {responsible} cell is missing; line {cell_line} was read as {read_as}",
    ),
    "extra-cell": ("warning", "a cell outside any task row: {text!r}"),
    "truncated-row": (
        "error",
        "task {seq}: the file ends before the row's {columns} cell(s) (was the copy cut off?)",
    ),
    "row-outside-table": (
        "warning",
        "a line with task number(s) {numbers} stands above the table's header row and was not read: {text!r}",
    ),
    "row-without-header": (
        "warning",
        "a line with task number {numbers} reads as a table row, but no header row stands above it;"
        " it was not read: {text!r}",
    ),
    "stray-line": ("info", "line not used by any record, heading or metadata: {text!r}"),
    "units-run-together": (
        "info",
        "{text!r} read as {names}: unit names run together (a line break inside the cell lost?)",
    ),
    "seq-gap": ("warning", "no {noun} numbered {missing} ({where})"),
    "seq-duplicate": ("warning", "{noun} number {seq} is used twice (also on line {other})"),
    "seq-step-back": ("warning", "{noun} number {seq} comes after {previous}"),
    "seq-out-of-order": ("warning", "{noun} number {seq} is out of sequence ({where})"),
    "seq-missing": ("warning", "a task row has no number; numbered {seq} by position"),
    "heading-renumbered": (
        "warning",
        "heading {marker} comes after {previous}: numbering is not in sequence",
    ),
    "heading-without-tasks": ("warning", "heading {marker}{title} has no task under it"),
    # prose layouts (labelled lines, inline and group attributions)
    "no-attribution": (
        "warning",
        "task {seq} ({label}): no unit is named for it, though the tasks beside it have one",
    ),
    "truncated-task": ("warning", "task {seq} ({label}): the file ends inside it ({what})"),
    "attribution-orphan": ("warning", "an attribution with no task above it: {text!r}"),
    "item-renumbered": (
        "warning",
        "numbered item {marker} comes after {previous}: numbering is not in sequence",
    ),
    "no-tasks": (
        "error",
        "attributions were found but no task could be read from them (see extract --explain)",
    ),
    "lead-not-named": ("warning", "task {seq}: the text names responsible units but no lead (牵头单位)"),
    # values
    "missing-lead-unit": ("error", "task {seq}: no lead unit (the {column} cell is empty or missing)"),
    "missing-text": ("error", "task {seq}: no task text (the {column} cell is empty or missing)"),
    "missing-deadline": ("warning", "task {seq}: no deadline (the {column} cell is empty or missing)"),
    "deadline-unrecognised": ("warning", "task {seq}: deadline phrase not understood: {phrase!r}"),
    "deadline-year-missing": (
        "warning",
        "task {seq}: deadline {phrase!r} has no year and the document gives none",
    ),
    "unit-unknown": ("info", "{noun} {seq}: {name!r} is not in the unit registry; its id is null"),
    # notices
    "group-inferred": ("info", "item {seq}: group {group} inferred from {basis}"),
    "items-missing": (
        "warning",
        "the body declares {declared} items but the table lists {extracted}: missing {missing}",
    ),
    "group-count-mismatch": (
        "warning",
        "group {group}: the body declares {declared} items, the table lists {extracted}",
    ),
    "group-label-count": (
        "warning",
        "group {group}: the table's label says {label} items, the body declares {declared}",
    ),
    "group-conflict": (
        "warning",
        "item {seq}: printed under group {group}, but its creating unit {unit} belongs to {other}",
    ),
    "group-unknown": ("warning", "item {seq}: no group printed or inferable"),
    "group-incomplete": (
        "info",
        "group {group}: {extracted} of {declared} declared items listed; missing {missing}",
    ),
    "declared-total-mismatch": (
        "warning",
        "the body states {total} items, but its counts by group add up to {sum}",
    ),
    "department-count-mismatch": (
        "warning",
        "{unit}: the note counts {declared} items, but {extracted} extracted items name it",
    ),
    "row-short": (
        "warning",
        "item {seq}: the row has {cells} cells where the table has {expected}, and its last cell is empty: "
        "a cell inside the row is missing, so the values after it may be under the wrong columns",
    ),
    "row-unreadable": (
        "warning",
        "a line in the table does not fit the {profile} columns ({cells} cells, {expected} expected): {text!r}",
    ),
    "no-table": ("warning", "no attachment table rows were found"),
    "date-unreadable": ("warning", "not a real date: {text!r}"),
    # metadata
    "banner-ignored": ("info", "page furniture ignored: {text!r}"),
}


@dataclass(frozen=True, slots=True)
class Diag:
    severity: Severity
    code: str
    message: str
    line: int | None
    field: str | None = None
    end_line: int | None = None  # set when the problem spans lines (a cell continued below)


def diag(
    code: str, line: int | None, *, field: str | None = None, end_line: int | None = None, **values: object
) -> Diag:
    severity, template = CODES[code]
    spans = end_line if end_line is not None and line is not None and end_line > line else None
    return Diag(severity, code, template.format(**values), line, field, spans)


def excerpt(text: str, limit: int = 40) -> str:
    """The start of a long line, for a message that quotes it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
