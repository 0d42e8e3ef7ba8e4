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


def _has_space_runs(text: str) -> bool:
    """A quick look for a run of spaces, before the pattern counts them."""
    return "   " in text or "\u3000\u3000" in text or "\xa0\xa0" in text


def expand_spaced_rows(source: SourceText) -> SourceText:
    """``source`` with each line that holds a spaced-out table read one piece a line."""
    # Only a long line holding many runs of spaces is looked at: most documents have none.
    found = {
        i: pieces
        for i, line in enumerate(source.lines)
        if len(line.text) >= _LONG_LINE
        and _has_space_runs(line.text)
        and (pieces := _table_pieces(line)) is not None
    }
    if not found:
        return source
    lines: list[Line] = []
    for i, line in enumerate(source.lines):
        lines.extend(found.get(i, (line,)))
    diags = [diag("spaced-cells", source.lines[i].number, count=len(pieces)) for i, pieces in found.items()]
    return replace(source, lines=tuple(lines), diags=(*source.diags, *diags))


def _table_pieces(line: Line) -> list[Line] | None:
    from ybhj_parse.blocks.header import find_header

    text = line.text
    if len(_APART.findall(text)) < _MIN_PIECES:
        return None
    pieces = [piece.strip() for piece in _APART.split(text)]
    as_lines = tuple(Line(line.number, piece, piece, 0) for piece in pieces if piece)
    header = find_header(as_lines)
    if header is None or header.layout != "cell-per-line":
        return None
    return list(as_lines)
