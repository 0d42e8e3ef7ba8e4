"""What every reader of an original file (Word, a web page, a workbook, a PDF) shares.

Each reader yields :class:`Block` objects (paragraphs and tables of placed cells) and
:func:`render` turns them into the one document model: each paragraph one line, each table
row one tab-separated line, a merged cell's text at its top row and left empty on the rows
it covers below (as Word's own text export leaves it), so that everything after the reader
is shared with text exports.  A reader's library is an optional extra: :func:`need` names a
missing one with its ``pip install`` command.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

import regex

from ybhj_parse.errors import InputError
from ybhj_parse.source import READERS, extra_of
from ybhj_parse.source.document import Cell, Origin, Row, SourceText, Table
from ybhj_parse.source.text import split_lines


@cache
def _cell_breaks() -> regex.Pattern[str]:
    """A cell holding several paragraphs is one cell: its pieces join as a text export joins a
    cell's lines (without a space, as Chinese is written)."""
    return regex.compile(r"[\t\r\n\v\f\u2028\u2029]+")


# A NamedTuple: as immutable as a frozen dataclass, and made in a fifth of its time at import.
class Placed(NamedTuple):
    """One cell of a table, at its top left (0-based grid row and column), with its spans."""

    text: str
    row: int
    column: int
    row_span: int = 1
    col_span: int = 1


@dataclass(slots=True)
class Block:
    """A paragraph (``text``) or a table (``cells``) of an original file, in document order."""

    text: str = ""
    cells: list[Placed] = field(default_factory=list)
    page: int | None = None

    @property
    def is_table(self) -> bool:
        return bool(self.cells)


def need(fmt: str, shown: str) -> Any:
    """The reader library of ``fmt``, or a one-line error naming the extra that installs it."""
    reader = READERS.get(fmt)
    try:
        return importlib.import_module(reader.library if reader and reader.library else fmt)
    except ImportError:
        raise InputError(
            f"reading a {fmt} file needs an optional library: pip install 'ybhj-parse[{extra_of(fmt)}]'",
            path=shown,
        ) from None


def cell_text(pieces: Iterable[str]) -> str:
    """The pieces (paragraphs, lines) of one cell as the one-line text of that cell."""
    return str(_cell_breaks().sub("", "".join(p.strip() for p in pieces))).strip()


def paragraph_text(text: str) -> str:
    """A paragraph as one line: a tab inside it is a space, not a cell boundary."""
    return str(_cell_breaks().sub(" ", text)).rstrip()


def _grid_rows(cells: Sequence[Placed]) -> list[list[tuple[Placed, bool]]]:
    """Each grid row's pieces as a text export writes them: a cell where it starts, the cell
    marked covered where one from a row above covers the column (an empty piece), nothing
    where a cell to the left covers it.  Linear in the cells, whatever their spans: only the
    columns where a cell starts or continues are visited, never every column of the grid."""
    height = max(c.row + c.row_span for c in cells)
    at: list[dict[int, tuple[Placed, bool]]] = [{} for _ in range(height)]
    for c in cells:  # a cell covering a place from above, then (before it) one starting there
        for r in range(c.row + 1, c.row + c.row_span):
            at[r][c.column] = (c, True)
    starts = {(c.row, c.column): c for c in cells}
    for (r, column), c in starts.items():
        at[r][column] = (c, False)
    rows: list[list[tuple[Placed, bool]]] = []
    for places in at:
        pieces: list[tuple[Placed, bool]] = []
        reach = 0  # the first column no piece of this row covers
        for column in sorted(places):
            if column >= reach:
                piece = places[column]
                pieces.append(piece)
                reach = column + piece[0].col_span
        rows.append(pieces)
    return rows


def _render_table(block: Block, number: int, first_line: int) -> tuple[list[str], Table]:
    """The table's rows as tab-separated lines; each piece of a line is a :class:`Cell` of its
    row, a place covered by a merged cell above an empty one (row_span 0) at that place."""
    lines: list[str] = []
    rows: list[Row] = []
    for r, pieces in enumerate(_grid_rows(block.cells)):
        line = first_line + len(lines)
        lines.append("\t".join("" if covered else p.text for p, covered in pieces))
        cells = tuple(
            Cell(
                "" if covered else p.text,
                line,
                line,
                0 if covered else p.row_span,
                p.col_span,
                Origin(number, r + 1, p.column + 1, block.page),
            )
            for p, covered in pieces
        )
        rows.append(Row(cells, line))
    return lines, Table(tuple(rows), number, block.page)


def render(blocks: Sequence[Block], *, path: str | None, data: bytes, fmt: str, encoding: str) -> SourceText:
    """The blocks as the lines and tables of the document model."""
    texts: list[str] = []
    tables: list[Table] = []
    for block in blocks:
        if not block.is_table:
            texts.append(paragraph_text(block.text))
            continue
        lines, table = _render_table(block, len(tables) + 1, len(texts) + 1)
        texts.extend(lines)
        tables.append(table)
    if not any(t.strip() for t in texts):
        raise InputError(f"the {fmt} file holds no text", path=path or "<stdin>")
    return SourceText(
        path,
        hashlib.sha256(data).hexdigest(),
        encoding,
        split_lines("\n".join(texts)),
        format=fmt,
        tables=tuple(tables),
    )
