"""Where the tables of a document are, when a prose plan also holds a task table.

A table stretch starts at a column header row (``layout.find_header``) and
runs over the rows and cells under it.  It ends before the first line that is
neither a row nor a cell — a line with no tab that is not indented — and is
numbered like a prose heading (``三、强化要素保障``), when prose attributions
(``（牵头单位：…）``, ``牵头单位：…``) follow on such lines.  Without them the
table runs to the end, as it always has: an unindented line under a cell
continues that cell.

A document whose lines outside its table stretches carry attributions is
*mixed*: its prose tasks and its table rows are both records, in document
order.  A document whose only attributions are in its tables is a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ybhj_parse.blocks.header import Header, find_header
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.headings import match_heading


@dataclass(frozen=True, slots=True)
class TableStretch:
    header: Header  # its end_index counts in the document's lines
    start_index: int  # index of the header's first line
    end_index: int  # index just past the table's last line

    @property
    def line(self) -> int:
        return self.header.line

    def holds(self, number: int, lines: Sequence[Line]) -> bool:
        """The line numbered ``number`` is part of this stretch."""
        return lines[self.start_index].number <= number <= lines[self.end_index - 1].number


def is_prose_line(line: Line) -> bool:
    """Not a row (no tab) and not a cell (not indented)."""
    # Line.is_cell read for a line with text: indented (asked of every line, so read directly).
    return bool(line.text) and not line.indent and "\t" not in line.raw


def attributed(line: Line) -> bool:
    """The line carries an attribution: a label naming units, or a bracket that names units."""
    from ybhj_parse.rules.loader import attribution_rules
    from ybhj_parse.values.attribution import UNIT_ROLES, find_attributions, read_labelled

    text = squeeze_cjk_spaces(line.text)
    if not text:
        return False
    if any(f.role in UNIT_ROLES and f.value for f in read_labelled(text)):
        return True
    closers = tuple(attribution_rules().closers)
    return any(c in text for c in (*closers, "：", ":", "负责")) and bool(find_attributions(text))


# Tables written one cell a line with nothing to tell a cell from a prose line (no indentation):
# a numbered heading among their rows, with its units in brackets, is the table's own.
_BARE_CELLS = frozenset({"flat", "piped", "pipe-led"})


def _table_end(lines: Sequence[Line], header: Header, prose_after: list[bool]) -> int:
    if header.style in _BARE_CELLS:
        return len(lines)
    for i in range(header.end_index, len(lines)):
        line = lines[i]
        if not prose_after[i]:
            break  # no prose attribution below: the table runs to the end
        if is_prose_line(line) and match_heading(squeeze_cjk_spaces(line.text), line=line.number):
            return i
    return len(lines)


def table_stretches(lines: Sequence[Line], first_header: Header | None = None) -> list[TableStretch]:
    """The table stretches of the document, in order (none when it has no header row);
    ``first_header`` is its first header row, when the caller has found it already."""
    document = tuple(lines)  # a tuple is not copied again; the header search takes one
    first_header = first_header or find_header(document)
    if first_header is None:
        return []
    # prose_after[i]: a prose line at or after index i carries an attribution.  Only the lines up
    # to the last such line are True: found from the end, the first one found tells them all.
    backwards = range(len(lines) - 1, -1, -1)
    last = next((i for i in backwards if is_prose_line(lines[i]) and attributed(lines[i])), -1)
    prose_after = [True] * (last + 1) + [False] * (len(lines) - last)
    stretches: list[TableStretch] = []
    start = 0
    while start < len(lines):
        # Searched from ``start`` in the document's lines: its end_index counts in them already.
        header = first_header if start == 0 else find_header(document, start)
        if header is None:
            break
        first = header.end_index - (header.end_line - header.line + 1)
        end = _table_end(lines, header, prose_after)
        stretches.append(TableStretch(header, first, end))
        start = end
    return stretches


def has_prose_tasks(lines: Sequence[Line], stretches: list[TableStretch]) -> bool:
    """Lines outside the table stretches carry an attribution (prose tasks beside the tables)."""
    if not stretches:
        return False
    return any(attributed(lines[i]) for start, end in _gaps(stretches, len(lines)) for i in range(start, end))


def _gaps(stretches: list[TableStretch], count: int) -> list[tuple[int, int]]:
    """The index ranges of the lines outside the stretches, in order (no set of every index
    inside them)."""
    gaps: list[tuple[int, int]] = []
    covered = 0
    for start, end in sorted((s.start_index, s.end_index) for s in stretches):
        if start > covered:
            gaps.append((covered, start))
        covered = max(covered, end)
    return [*gaps, (covered, count)] if covered < count else gaps
