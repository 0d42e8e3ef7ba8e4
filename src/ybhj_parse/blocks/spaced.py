"""A table copied onto one line with its cells a run of spaces apart: read one cell a line.

A web page whose text lost its line breaks may give a whole task table on one long line, each
cell three spaces (or more) from the next (``序号   2025年度工作任务   责任单位   一、…   1   加快
建设…   市市场监管局   2   …``).  Such a line, when its pieces include a header row's names one
after another, is read as the lines of a table written one cell a line: each piece a line of
its own, citing the line it stands on.  Any other line is itself.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ybhj_parse.model.diagnostics import diag
from ybhj_parse.source.document import Line, SourceText

# Cells apart by a run of three spaces or more (ideographic ones too).
_APART = regex.compile(r"[ \u3000\u00a0]{3,}")
# Only a long line with many such runs can hold a table.
_LONG_LINE = 120
_MIN_PIECES = 8


def expand_spaced_rows(source: SourceText) -> SourceText:
    """``source`` with each line that holds a spaced-out table read one piece a line."""
    if not any(len(line.text) >= _LONG_LINE for line in source.lines):
        return source  # most documents: nothing to look at
    lines: list[Line] = []
    diags = []
    for line in source.lines:
        pieces = _table_pieces(line)
        if pieces is None:
            lines.append(line)
            continue
        lines.extend(pieces)
        diags.append(diag("spaced-cells", line.number, count=len(pieces)))
    if not diags:
        return source
    return replace(source, lines=tuple(lines), diags=(*source.diags, *diags))


def _table_pieces(line: Line) -> list[Line] | None:
    from ybhj_parse.blocks.header import find_header

    text = line.text
    if len(text) < _LONG_LINE or len(_APART.findall(text)) < _MIN_PIECES:
        return None
    pieces = [piece.strip() for piece in _APART.split(text)]
    as_lines = tuple(Line(line.number, piece, piece, 0) for piece in pieces if piece)
    header = find_header(as_lines)
    if header is None or header.layout != "cell-per-line":
        return None
    return list(as_lines)
