"""The last stage of every parse, whatever the kind: every problem in the source is said.

- damage found while decoding (invalid bytes, a character cut off at the end) is
  reported on its line;
- a pilot item lists among its ``problems`` the code of every warning or error
  reported on its row (task lists mark their records as they build them);
- a parser consumes the lines its records, headings and metadata use and lists the
  rest in ``document.coverage.unconsumed``; each of those that no diagnostic already
  points at gets an info ``stray-line`` diagnostic quoting it, so that damage which
  moved a line somewhere unexpected always shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from ybhj_parse.model.diagnostics import Diag, diag, excerpt
from ybhj_parse.model.records import Dataset, Diagnostic
from ybhj_parse.source.document import SourceText


def _model(d: Diag) -> Diagnostic:
    return Diagnostic(
        severity=d.severity, code=d.code, message=d.message, line=d.line, end_line=d.end_line, field=d.field
    )


def _lines_explained(diagnostics: Iterable[Diagnostic]) -> set[int]:
    return {n for d in diagnostics if d.line is not None for n in range(d.line, (d.end_line or d.line) + 1)}


def account_for_source(dataset: Dataset, source: SourceText) -> Dataset:
    added = [_model(d) for d in source.diags]
    coverage = dataset.document.coverage
    if coverage is not None and coverage.unconsumed:
        # Decoding damage says nothing about how a line was used: it explains no line.
        explained = _lines_explained(dataset.diagnostics)
        added += [
            _model(diag("stray-line", n, text=excerpt(source.lines[n - 1].text)))
            for n in coverage.unconsumed
            if n not in explained
        ]
    if added:
        dataset.diagnostics = sorted(
            [*dataset.diagnostics, *added], key=lambda d: (d.line if d.line is not None else 0, d.code)
        )
    for item in dataset.pilot_items or []:
        codes = {
            d.code
            for d in dataset.diagnostics
            if d.severity != "info"
            and d.line is not None
            and d.line <= item.source.end_line
            and (d.end_line or d.line) >= item.source.line
        }
        item.problems = sorted(codes)
    return dataset
