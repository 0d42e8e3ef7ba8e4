"""The one document model every reader produces and every family consumes.

A document is its lines, each with its number and the facts the rules ask about
(indent, stripped text), and, when the source is an original file (Word, a web page,
a workbook, a PDF), the tables of that file as rows of cells with their spans and
their place in the file.  A reader of an original file also renders each paragraph as
a line and each table row as one tab-separated line, so that every later stage reads
lines whatever the format was, and every value can still cite a line; the cells of
those lines know their table, row, column and page through :class:`Origin`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ybhj_parse.model.diagnostics import Diag


# Not frozen: a frozen class sets each field through object.__setattr__, which made building the
# lines of a document (one per line) three times as slow.  Nothing assigns to a Line; unsafe_hash
# keeps the hash and equality of the frozen class (by fields), should a Line be a key.
@dataclass(slots=True, unsafe_hash=True)
class Line:
    """One line of the source, with the facts every rule asks about (never changed once made)."""

    number: int  # 1-based, as an editor shows it
    raw: str  # folded, line end removed, otherwise as written (tabs kept)
    text: str  # raw without surrounding white space
    indent: int  # count of leading white-space characters

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def is_cell(self) -> bool:
        """Indented: a table cell in the cell-per-line layout (possibly an empty one)."""
        return self.indent > 0 or (self.raw != "" and not self.text)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a cell stands in a structured file: table, row and column (1-based), and the page
    for a PDF.  A text export has no origins: its lines are its positions."""

    table: int
    row: int
    column: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text, the lines it was read from, and how many rows and columns
    it covers where the source merges cells (a merged cell appears once, at its top left).
    A rendered row also holds, for each place a merged cell covers from a row above, an
    empty cell with row_span 0: one cell per tab-separated piece of the row's line."""

    text: str
    line: int
    end_line: int
    row_span: int = 1
    col_span: int = 1
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    line: int  # the line the row was rendered to, or read from


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    number: int  # 1-based, in document order
    page: int | None = None  # the page of its first row (PDF)

    @property
    def line(self) -> int:
        return self.rows[0].line if self.rows else 0


@dataclass(frozen=True, slots=True)
class SourceText:
    path: str | None
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    diags: tuple[Diag, ...] = ()  # damage found while decoding, each on its line
    # What the bytes were: "text" for a text export; "docx", "html", "xlsx", "pdf" for an
    # original file whose paragraphs and tables a reader rendered into these lines.
    format: str = "text"
    # The tables of an original file, with their merged cells; empty for a text export,
    # whose tables the table stage finds in the lines.
    tables: tuple[Table, ...] = ()
    # "traditional" when the lines were mapped from traditional characters (source/script.py).
    script: str = "simplified"

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def origin_of(self, line: int, column: int = 0) -> Origin | None:
        """The structured position of the ``column``-th cell (0-based) on ``line``, or None."""
        for table in self.tables:
            for row in table.rows:
                if row.line == line:
                    cells = [c for c in row.cells if c.origin is not None]
                    return cells[min(column, len(cells) - 1)].origin if cells else None
        return None
