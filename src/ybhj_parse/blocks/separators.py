"""The cells of a table's rows, whatever separates them (``rules/separators.yaml``).

A copy of a table keeps its cells apart with tabs (Word, a web page), with ``|``
(a page's text copy, Markdown, with or without ``|`` at both ends and ``|---|``
lines), with commas (a CSV as Excel saves it: quotes, a line break inside quotes),
with runs of spaces in columns (``pdftotext -layout``) or with single spaces, where
the header row says how many cells a row has.  Each style is a splitter: the
header row is found by trying the styles in the rule file's order on a line
(:func:`split_header`), and the rows under it are read in the style the header was
written in (:func:`read_cells`), so that the row machine sees cells, not separators.

A cell knows the header column it stands under when its row tells: a row with as
many pieces as the header has cells (an empty piece is an empty cell), a cell
under a header cell's column in a space-aligned copy.  A row with fewer pieces (a
merged cell left out) has its cells placed by what they hold (table.py).
Every function here is linear in the length of the line.

>>> [p.text for p in split_header("序号 | 重点任务 | 牵头单位", "pipe") or []]
['序号', '重点任务', '牵头单位']
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from ybhj_parse import resolve
from ybhj_parse.blocks import LAYOUTS
from ybhj_parse.rules.loader import column_rules, furniture_rules, separator_rules
from ybhj_parse.source.document import Line


@dataclass(slots=True)
class Cell:
    text: str  # the cell's lines joined as written
    line: int
    end_line: int
    line_start: bool = False  # the first cell of a row-per-line row: a new row starts here
    before_units: bool = False  # row-per-line: the last cell before the row's first unit cell
    column: int | None = None  # the header column (0-based) it stands under, when the row says
    place: int = 0  # a tab-separated row: the cell's place on its line (1-based); 0 otherwise
    parts: tuple[str, ...] = ()  # the lines of a cell written over several lines
    group: bool = False  # a row-per-line row's group cell before the columns the header names


@dataclass(frozen=True, slots=True)
class Piece:
    """A cell of one line: its text and where it stands (display columns, for aligned copies)."""

    text: str
    start: int = 0
    end: int = 0


def width(text: str) -> int:
    """Display width: a Chinese character takes two columns, as in the editor or PDF layout."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_rule_line(text: str) -> bool:
    """A line drawn with dashes (|---|---|, +----+): furniture between rows."""
    return bool(separator_rules().rule_line.match(text))


def split_tab(raw: str) -> list[Piece] | None:
    return [Piece(p.strip()) for p in raw.split("\t")] if "\t" in raw else None


def split_pipe(raw: str) -> list[Piece] | None:
    """The cells of a row written with |, or None when it has no |."""
    return _pipe(raw)


def _pipe(raw: str) -> list[Piece] | None:
    text = raw.strip()
    if "|" not in text:
        return None
    text = text.removeprefix("|").removesuffix("|")
    return [Piece(p.strip()) for p in text.split("|")]


def meta_row_pairs(text: str) -> list[tuple[str, str]] | None:
    """The (key, value) pairs of a web page's metadata copied as a table row (索引号 | 0003…/2022-1 |
    公开方式 | 主动公开 |): every other cell a metadata key (rules/furniture.yaml), or None."""
    rules = furniture_rules()
    if not rules.meta_row_start.match(text):  # most lines: one match, no split
        return None
    cells = [c.strip() for c in regex.split(r"[|\t]", text.strip().strip("|"))]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) % 2 or len(cells) < 2 * rules.meta_row_pairs:
        return None
    keys, values = cells[::2], cells[1::2]
    if not all(k in rules.meta_keys for k in keys) or any(v in rules.meta_keys for v in values):
        return None
    return list(zip(keys, values, strict=True))


def split_csv(raw: str) -> list[Piece] | None:
    if "," not in raw:
        return None
    return [Piece(p.strip()) for p in next(csv.reader([raw]))]


def split_spaces(raw: str) -> list[Piece] | None:
    gap = separator_rules().space_gap
    pieces: list[Piece] = []
    for m in regex.finditer(rf"\S+(?: {{1,{gap - 1}}}\S+)*" if gap > 1 else r"\S+", raw.rstrip()):
        start = width(raw[: m.start()])
        pieces.append(Piece(m.group(), start, start + width(m.group())))
    return pieces if len(pieces) > 1 else None


def split_words(raw: str) -> list[Piece] | None:
    words = raw.split()
    return [Piece(w) for w in words] if len(words) > 1 else None


def splitter(style: str) -> Callable[[str], list[Piece] | None]:
    """What splits a line in ``style`` (blocks/__init__.py)."""
    split: Callable[[str], list[Piece] | None] = resolve(LAYOUTS[style].split)
    return split


def split_header(raw: str, style: str) -> list[Piece] | None:
    """The pieces of ``raw`` in ``style``, when every piece is short enough to name a column."""
    if style != "tab" and "\t" in raw:
        return None
    pieces = splitter(style)(raw)
    longest = separator_rules().header_cell_max
    if pieces is None or any(len(p.text) > longest for p in pieces):
        return None
    return pieces


# --- reading the rows under a header -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """What the header row says about its rows: its style, its width, its column stops."""

    style: str
    width: int
    stops: tuple[int, ...] = ()  # spaces: where each header cell starts (display columns)
    ends: tuple[int, ...] = ()


def _row_cells(pieces: list[Piece], line: Line, layout: Layout) -> list[Cell]:
    placed = len(pieces) == layout.width
    return mark_before_units(
        [
            Cell(p.text, line.number, line.number, line_start=i == 0, column=i if placed else None)
            for i, p in enumerate(pieces)
        ]
    )


def mark_before_units(row: list[Cell]) -> list[Cell]:
    """Mark the last filled cell before the row's first unit cell (a task numbered like a heading,
    （1）全面准确…, stands there)."""
    from ybhj_parse.values.units import looks_like_units

    filled = [cell for cell in row if cell.text]
    units = next((i for i, cell in enumerate(filled) if names_units(cell.text, looks_like_units)), None)
    if units:
        filled[units - 1].before_units = True
    return row


def mark_before_unit_cells(cells: list[Cell]) -> list[Cell]:
    """One cell a line (its row unknown): mark each numbered cell right before a unit cell (a
    task numbered like a heading, 1.制定…, stands there: the row's task, not a heading over rows)."""
    from ybhj_parse.values.units import looks_like_units

    for cell, after in zip(cells, cells[1:], strict=False):
        if cell.text and cell.text[0].isdigit() and names_units(after.text, looks_like_units):
            cell.before_units = True
    return cells


def names_units(text: str, looks_like_units: Callable[[str], bool]) -> bool:
    """A unit cell: a list of units, or one saying their parts (办公室牵头，各科室配合)."""
    if looks_like_units(text):
        return True
    from ybhj_parse.values.attribution import read_cell_attribution

    return read_cell_attribution(text, "responsible") is not None


def _row_lines(lines: tuple[Line, ...], start: int, consumed: set[int]) -> Iterator[Line]:
    """The lines from ``start`` that can hold cells: blank lines skipped, rule lines (``|---|``)
    counted as used and skipped."""
    for line in lines[start:]:
        if line.blank:
            continue
        if is_rule_line(line.text):
            consumed.add(line.number)
            continue
        yield line


def split_rows(lines: tuple[Line, ...], start: int, layout: Layout, consumed: set[int]) -> Iterator[Cell]:
    """Rows one a line, split by the style's separator; a line not in the style is one cell."""
    split = splitter(layout.style)
    for line in _row_lines(lines, start, consumed):
        pieces = split(line.raw) or [Piece(line.text)]
        if layout.style == "words" and len(pieces) > layout.width:
            pieces = _fold_words(pieces, layout.width)
        yield from _row_cells(pieces, line, layout)


def _fold_words(pieces: list[Piece], width: int) -> list[Piece]:
    """More words than columns: the task's own spaces.  The first word is the number, the last
    ones the cells after the task (units, deadline); the words between are the task."""
    from ybhj_parse.values.deadlines import looks_like_deadline
    from ybhj_parse.values.units import looks_like_units

    tail = 0
    while tail < width - 2 and (
        looks_like_units(pieces[-1 - tail].text) or looks_like_deadline(pieces[-1 - tail].text)
    ):
        tail += 1
    head = width - 1 - tail
    middle = Piece(" ".join(p.text for p in pieces[head : len(pieces) - tail]))
    return [*pieces[:head], middle, *pieces[len(pieces) - tail :]]


def csv_rows(lines: tuple[Line, ...], start: int, layout: Layout, consumed: set[int]) -> Iterator[Cell]:
    """Excel's CSV: a quoted cell may hold commas, quotes ("") and line breaks."""
    rest = lines[start:]
    reader = csv.reader(line.raw + "\n" for line in rest)
    done = 0
    for record in reader:
        first, last = rest[done], rest[reader.line_num - 1]
        done = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        placed = len(record) == layout.width
        for i, text in enumerate(record):
            parts = tuple(p.strip() for p in text.split("\n") if p.strip())
            yield Cell(
                "".join(parts),
                first.number,
                last.number,
                line_start=i == 0,
                column=i if placed else None,
                parts=parts if len(parts) > 1 else (),
            )


def column_of(piece: Piece, layout: Layout) -> int:
    """The header column a piece of an aligned row stands under: the one whose span overlaps it
    most (a number centred under 序号, a task starting left of 重点任务)."""
    best, best_overlap = 0, -(10**9)
    for i, (start, end) in enumerate(zip(layout.stops, layout.ends, strict=True)):
        left = (layout.ends[i - 1] + start) // 2 if i else 0
        right = (end + layout.stops[i + 1]) // 2 if i + 1 < len(layout.stops) else 10**9
        overlap = min(piece.end, right) - max(piece.start, left)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def aligned_rows(lines: tuple[Line, ...], start: int, layout: Layout, consumed: set[int]) -> Iterator[Cell]:
    """pdftotext -layout: each piece goes under its header column; a line without a cell under
    the number column, following a row, continues that row's cells (a wrapped cell)."""
    seq_column = _seq_column(lines, start, layout)
    row: dict[int, Cell] = {}
    for line in _row_lines(lines, start, consumed):
        pieces = split_spaces(line.raw) or [Piece(line.text, line.indent, line.indent + width(line.text))]
        columns = _place(pieces, layout)
        if row and seq_column is not None and seq_column not in columns and _continues(columns):
            for column, piece in columns.items():
                _extend(row, column, piece.text, line.number)
            continue
        yield from _emit(row)
        row = {column: Cell(p.text, line.number, line.number, column=column) for column, p in columns.items()}
    yield from _emit(row)


def _place(pieces: list[Piece], layout: Layout) -> dict[int, Piece]:
    """The header column of each piece.  A row with a piece for every column needs no
    alignment (cells apart by runs of spaces, not padded to the header's stops); a heading
    alone at the start of its line stands in the first column, whatever its width; any
    other piece goes under the column it overlaps most."""
    if len(pieces) == layout.width:
        return dict(enumerate(pieces))
    if len(pieces) == 1 and _heading_alone(pieces[0], layout):
        return {0: pieces[0]}
    return {column_of(p, layout): p for p in pieces}


def _heading_alone(piece: Piece, layout: Layout) -> bool:
    from ybhj_parse.values.headings import match_heading

    starts_left = len(layout.stops) < 2 or piece.start < layout.stops[1]
    return starts_left and match_heading(piece.text, line=0) is not None


def _continues(columns: dict[int, Piece]) -> bool:
    """A line continues the row above when it holds no heading of its own (a heading stands in
    the first column, alone on its line, with a number the heading rules know)."""
    from ybhj_parse.values.headings import match_heading

    alone = len(columns) == 1 and 0 in columns
    return not (alone and match_heading(columns[0].text, line=0) is not None)


def _extend(row: dict[int, Cell], column: int, text: str, number: int) -> None:
    cell = row.get(column)
    if cell is None:
        row[column] = Cell(text, number, number, column=column)
        return
    cell.parts = (*(cell.parts or (cell.text,)), text)
    cell.text += text
    cell.end_line = number


def _emit(row: dict[int, Cell]) -> Iterator[Cell]:
    for i, column in enumerate(sorted(row)):
        cell = row[column]
        cell.line_start = i == 0
        yield cell


def _seq_column(lines: tuple[Line, ...], start: int, layout: Layout) -> int | None:
    """The column the row numbers stand in (序号, or where the numbers are)."""
    seq_cell = column_rules().seq_cell
    for line in lines[start:]:
        for piece in split_spaces(line.raw) or []:
            if seq_cell.match(piece.text):
                return column_of(piece, layout)
    return None


def read_cells(lines: tuple[Line, ...], start: int, layout: Layout, consumed: set[int]) -> list[Cell]:
    """The cells of the rows from ``lines[start]`` on, read in the header's style (not tab:
    table.py reads tab rows); rule lines (furniture) go into ``consumed``."""
    rows = LAYOUTS[layout.style].rows
    if rows is None:
        raise ValueError(f"the rows of a {layout.style} table are read by table.py")
    return list(resolve(rows)(lines, start, layout, consumed))
