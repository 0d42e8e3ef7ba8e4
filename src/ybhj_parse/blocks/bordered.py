"""A web table copied with its borders and its HTML indentation: read one row a line.

A page whose table cells are written on lines of their own, indented as the page's markup was,
each closed by a ``|`` (alone on the next line, or after the cell's last words), every row
opened by a ``|`` alone at the start of a line, gives::

    |
                 1
                 |
                 成立由市政府领导同志负责……协调推进机制。
                 |
                 市直相关部门
                各乡镇(街道)  |

Such a copy is read as rows of ``|``-separated cells, one row a line, each citing the line its
row opens on; a cell's lines are joined as one cell's (a unit a line is a list), a row of one
cell (the table's title) keeps its lines, and a row of borders alone (``||||``) is none.  A
copy without such rows is itself.
"""

from __future__ import annotations

from dataclasses import replace

from ybhj_parse.model.diagnostics import diag
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.values.units import join_cell_lines

# Rows opened by a | alone at a line's start, and cells closed by a | on indented lines: at
# least this many of each before a copy is read so.
_MIN_ROWS = 3
_MIN_CLOSED_CELLS = 6


def _opens_row(line: Line) -> bool:
    return line.indent == 0 and line.text == "|"


def _closes_cell(line: Line) -> bool:
    return line.indent > 0 and line.text.endswith("|") and not line.text.startswith("||")


def expand_bordered_rows(source: SourceText) -> SourceText:
    """``source`` with a bordered table's rows one a line (see the module docstring)."""
    lines = source.lines
    # Counted without a call per line: every document passes here, few are bordered.
    if sum(1 for line in lines if line.text == "|" and not line.indent) < _MIN_ROWS:
        return source
    if sum(map(_closes_cell, lines)) < _MIN_CLOSED_CELLS:
        return source
    out: list[Line] = []
    row: list[list[Line]] | None = None  # the cells of the open row, each its lines
    rows = 0
    for line in lines:
        if _opens_row(line):
            rows += _emit(row, out)
            row = [[]]
            continue
        if row is None:  # the lines above the table's first row: themselves
            out.append(line)
            continue
        if line.text.startswith("||") and not line.text.strip("|"):
            continue  # a row of borders alone: no cell
        words = line.text.removesuffix("|").strip()
        if words:
            row[-1].append(replace(line, raw=words, text=words, indent=0))
        if line.text.endswith("|"):
            row.append([])
    rows += _emit(row, out)
    said = diag("bordered-cells", lines[0].number if lines else 1, count=rows)
    return replace(source, lines=tuple(out), diags=(*source.diags, said))


def _emit(row: list[list[Line]] | None, out: list[Line]) -> int:
    """The row's line (its cells between |), or a one-cell row's own lines; the rows emitted."""
    if row is None:
        return 0
    cells = row[:-1] if row and not row[-1] else row  # the | closing the last cell opens none
    if not any(cells):
        return 0
    if len(cells) == 1:
        out.extend(cells[0])
        return 0
    first = next(lines for lines in cells if lines)[0]
    texts = [join_cell_lines(tuple(ln.text for ln in lines)) if lines else "" for lines in cells]
    text = "| " + " | ".join(texts) + " |"
    out.append(Line(first.number, text, text, 0))
    return 1
