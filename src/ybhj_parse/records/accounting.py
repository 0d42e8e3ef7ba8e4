"""The last stage of every parse, whatever the kind: every problem in the source is said,
and every record lists the problems on its lines.

- damage found while decoding (invalid bytes, a character cut off at the end) is
  reported on its line;
- a parser consumes the lines its records, headings and metadata use and lists the
  rest in ``document.coverage.unconsumed``; each of those that no diagnostic already
  points at gets an info ``stray-line`` diagnostic quoting it, so that damage which
  moved a line somewhere unexpected always shows;
- the dataset's diagnostics are the parse's sink in order of line, and each task and
  pilot item lists among its ``problems`` the codes of the warnings and errors on its
  lines (:class:`~ybhj_parse.model.diagnostics.ProblemIndex`): the one place they are set.
"""

from __future__ import annotations

from ybhj_parse.model.diagnostics import Diagnostics, ProblemIndex, excerpt
from ybhj_parse.model.records import Dataset, PilotItem, Task
from ybhj_parse.source.document import SourceText


def account_for_source(dataset: Dataset, source: SourceText, sink: Diagnostics) -> Dataset:
    coverage = dataset.document.coverage
    # Decoding damage says nothing about how a line was used: it explains no line.
    explained = sink.lines_explained() if coverage is not None and coverage.unconsumed else set()
    sink.extend(source.diags)
    if coverage is not None:
        for n in coverage.unconsumed:
            if n not in explained:
                sink.report("stray-line", n, text=excerpt(source.lines[n - 1].text))
    dataset.diagnostics = sink.in_order()
    index = ProblemIndex(dataset.diagnostics)
    records: list[Task | PilotItem] = [*dataset.tasks, *(dataset.pilot_items or [])]
    for record in records:
        record.problems = index.on(record.source.line, record.source.end_line)
    return dataset
