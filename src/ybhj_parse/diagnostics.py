"""Typed diagnostics: a code, a severity, a message template and a source line.

Parser stages collect :class:`Diag` values; the assembler turns them into
:class:`ybhj_parse.models.Diagnostic` records.  The table below is the one
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
    "no-header": (
        "error",
        "no column header row was found (expected cells such as 序号, 重点任务, 牵头单位)",
    ),
    "missing-cell": ("warning", "task {seq}: the {column} cell is missing"),
    "extra-cell": ("warning", "a cell outside any task row: {text!r}"),
    "truncated-row": ("warning", "task {seq}: the row ends before its {column} cell (file cut off?)"),
    "stray-line": ("info", "line not part of the table: {text!r}"),
    "seq-gap": ("warning", "task numbers jump from {previous} to {seq}: {missing} missing"),
    "seq-duplicate": ("warning", "task number {seq} appears again (first at line {first})"),
    "seq-step-back": ("warning", "task number {seq} comes after {previous}"),
    "seq-missing": ("warning", "a task row has no number; numbered {seq} by position"),
    "heading-renumbered": (
        "warning",
        "heading {marker} comes after {previous}: numbering is not in sequence",
    ),
    "heading-without-tasks": ("warning", "heading {marker}{title} has no task under it"),
    # values
    "missing-lead-unit": ("error", "task {seq}: no lead unit (牵头单位)"),
    "missing-text": ("error", "task {seq}: the task text is empty"),
    "missing-deadline": ("warning", "task {seq}: no deadline"),
    "deadline-unrecognised": ("warning", "task {seq}: deadline phrase not understood: {phrase!r}"),
    "deadline-year-missing": (
        "warning",
        "task {seq}: deadline {phrase!r} has no year and the document gives none",
    ),
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


def diag(code: str, line: int | None, *, field: str | None = None, **values: object) -> Diag:
    severity, template = CODES[code]
    return Diag(severity, code, template.format(**values), line, field)
