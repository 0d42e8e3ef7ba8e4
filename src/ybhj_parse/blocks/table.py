"""Stage 2 (tables): lines → cells → rows, with headings carried forward.

Cells come from either layout: one indented line each (cell-per-line, with
unindented lines continuing the cell above: ``市市场监管局`` + ``（市知识产权局）``),
or tab-separated on one line (row-per-line).  The row machine then walks the
cells with a pointer over the header's columns:

- a heading cell belongs to the policy column (merged cells: it carries forward);
- a task-number cell belongs to the seq column (known by its form, even when the
  header lost its 序号 cell); a second one starts a new row;
- any other cell takes the next data column, skipping a unit column when the
  cell is plainly a deadline (a missing cell is then reported, not shifted).

A row is closed when the next one starts or the input ends.  A row with fewer
cells than columns has its cells put under the columns they fit (``realign``); a
lone unnumbered cell between rows is an extra cell, not a task.  A line counts as
consumed when a record or a heading uses it; every other non-blank line gets a
diagnostic (stray-line, extra-cell), so nothing is dropped silently.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter

import regex

from ybhj_parse.blocks.header import MORE_RESPONSIBLE, Header, flat_text
from ybhj_parse.blocks.separators import (
    Cell,
    is_rule_line,
    mark_before_unit_cells,
    mark_before_units,
    read_cells,
    split_pipe,
)
from ybhj_parse.model.diagnostics import Diag, diag, excerpt
from ybhj_parse.model.records import DeadlineSource
from ybhj_parse.rules.loader import column_rules, deadline_rules, furniture_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.limits import MAX_TABLE_COLUMNS
from ybhj_parse.values.attribution import read_attribution, read_cell_attribution
from ybhj_parse.values.deadlines import looks_like_deadline
from ybhj_parse.values.headings import HeadingMatch, HeadingStack, StackEvent, match_heading
from ybhj_parse.values.numerals import parse_numeral
from ybhj_parse.values.units import join_cell_lines, line_joiner, looks_like_people, looks_like_units

UNIT_ROLES = ("lead", "responsible")


@dataclass(slots=True)
class RawRow:
    cells: dict[str, Cell]
    path: tuple[HeadingMatch, ...]
    missing: list[str]
    truncated: bool = False
    # Prose documents (prosedoc.py) set these; a table row keeps the defaults.
    lead_optional: bool = False  # the document may name no lead: lead-not-named, not missing-lead-unit
    deadline_source: DeadlineSource = "column"
    first_listed_leads: bool = False  # the document says the first unit listed leads
    unit_separators: str = ""  # split unit cells at these too
    bounds: tuple[int, int] | None = None  # (line, end_line) when not those of the cells
    shares_number: bool = False  # a task of the numbered row above's group, with no number of its own

    @property
    def line(self) -> int:
        return self.bounds[0] if self.bounds else min(map(_LINE, self.cells.values()))

    @property
    def end_line(self) -> int:
        return self.bounds[1] if self.bounds else max(map(_END_LINE, self.cells.values()))


# The lines of a cell, read without a Python frame per cell (a row's lines are asked often).
_LINE = attrgetter("line")
_END_LINE = attrgetter("end_line")


@dataclass(slots=True)
class TableParse:
    rows: list[RawRow] = field(default_factory=list)
    diags: list[Diag] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    headings: list[HeadingMatch] = field(default_factory=list)
    numbers_in_text: int = 0  # rows whose number stands at the start of the task (1.积极推进…)
    # The number each cell text holds as a row's number (None: no number), filled as the row
    # machine reads the cells, so that the rows' numbers are not read again (seq_number).
    seq_numbers: dict[str, int | None] = field(default_factory=dict)
    # The kind of cell each header column takes (see slot_kind; "seq" numbers), for row-per-line
    # rows whose cells stand left of their places.
    column_kinds: tuple[str | None, ...] = ()
    last_row_closed: bool = False  # the reader saw the table's last row closed (a | alone after it)
    # The rows were padded with empty cells at their ends (_rows_of_pipes): the cells they leave
    # out are merged with the rows above.
    padded_rows: bool = False

    def seq_number(self, text: str) -> int | None:
        """The number a number cell's ``text`` holds, or None: read once per text."""
        no = self.seq_numbers.get(text, -1)  # -1: not read yet (a number is never negative)
        if no == -1:
            m = column_rules().seq_cell.match(text)
            no = self.seq_numbers[text] = int(m.group("no")) if m else None
        return no

    @property
    def numbered_in_text(self) -> bool:
        """Every numbered row has its number at the start of its task cell: the table is numbered,
        with no column for the numbers."""
        numbered = sum("seq" in row.cells for row in self.rows)
        return numbered > 0 and numbered == self.numbers_in_text


def cells_per_line(lines: tuple[Line, ...], start: int, parse: TableParse, width: int) -> list[Cell]:
    """Indented lines are cells; an unindented line right under a cell continues it.

    ``width`` (the header's) is not needed here: one line is one cell.
    """
    cells: list[Cell] = []
    open_cell: Cell | None = None
    # The lines continuing the open cell, joined to it once it closes: a cell continued over
    # thousands of lines costs one join, not a copy of all its lines per line.
    continued: list[str] = []
    for line in lines[start:]:
        text = line.text
        if continued and (line.indent or not text) and open_cell is not None:  # the open cell ends here
            _close_cell(open_cell, continued)
            continued = []
        if line.indent or (not text and line.raw):  # Line.is_cell, read directly on every line
            open_cell = Cell(text, line.number, line.number)
            if text:  # an empty cell is kept open (nothing continues it) but fed to no row: it fills none
                cells.append(open_cell)
        elif not text:
            open_cell = None
        elif open_cell is not None and open_cell.text:
            continued.append(text)
            open_cell.end_line = line.number
        else:
            parse.diags.append(diag("stray-line", line.number, text=excerpt(line.text)))
    if open_cell is not None and continued:
        _close_cell(open_cell, continued)
    return cells


def _close_cell(cell: Cell, continued: list[str]) -> None:
    """The lines continuing ``cell`` become its parts (the cell's own line first), their text its text."""
    cell.parts = (*(cell.parts or (cell.text,)), *continued)
    cell.text = "".join(cell.parts)


def _join_more_responsible(cells: dict[str, Cell]) -> None:
    """The cell of a second unit column (配合单位) joins the responsible cell: one list of units."""
    more = cells.pop(MORE_RESPONSIBLE, None)
    if more is None or not more.text:
        return
    cell = cells.get("responsible")
    if cell is None or not cell.text:
        cells["responsible"] = more
        return
    cell.parts = (*(cell.parts or (cell.text,)), *(more.parts or (more.text,)))
    cell.text = f"{cell.text}，{more.text}"
    cell.end_line = max(cell.end_line, more.end_line)


# How far a bare row number may jump past the last one and still start a row (3, then 68).
_MAX_SKIP = 100


def row_pieces(line: Line, width: int) -> list[str]:
    """The tab-separated cells of a row, as written (not stripped).

    A copy whose tabs became spaces at the start of the line (an editor's "convert
    indentation") has lost the tab after an empty first cell; the leading spaces
    stand for it when the row is then one cell short of the header.
    """
    pieces = line.raw.split("\t")
    if line.indent and len(pieces) < width and "\t" not in line.raw[: line.indent]:
        pieces.insert(0, "")
    return pieces


def cells_per_row(lines: tuple[Line, ...], start: int, parse: TableParse, width: int) -> list[Cell]:
    """Tab-separated rows: each tab-separated piece is a cell (empty ones are merged cells, or
    empty cells where the row has as many pieces as the header has columns)."""
    cells: list[Cell] = []
    for line in lines[start:]:
        if line.blank:
            continue
        if is_rule_line(line.text):  # |---|---| copied as tabs
            parse.consumed.add(line.number)
            continue
        pieces = row_pieces(line, width)
        if len(pieces) == 1 and "|" in line.text:  # a | row that lost its closing | (a cut copy)
            pieces = [p.text for p in split_pipe(line.raw) or []]
        if len(pieces) > MAX_TABLE_COLUMNS:  # the columns beyond the bound of a table are not read
            parse.diags.append(diag("row-too-wide", line.number, count=len(pieces), limit=MAX_TABLE_COLUMNS))
            pieces = pieces[:MAX_TABLE_COLUMNS]
        group = _outer_group_cell(pieces, width, line.number)
        if group is not None:
            parse.diags.append(diag("group-cell-before-columns", line.number, text=group.text))
            cells.append(group)
            pieces = pieces[1:]
        shift = 0
        placed = len(pieces) == width and not _padded_after(pieces)
        if placed:
            shift = _shift_of(pieces, parse.column_kinds)
        row = [
            Cell(
                piece.strip(),
                line.number,
                line.number,
                line_start=i == 0 and group is None,
                column=i + shift if placed else None,
                place=i + 1,
            )
            for i, piece in enumerate(pieces[: len(pieces) - shift])
        ]
        cells.extend(mark_before_units(row))
    return cells


def _outer_group_cell(pieces: list[str], width: int, number: int) -> Cell | None:
    """The first cell of a row one cell wider than the header, when it is a short label and no
    number: a group cell merged down the rows below, before the columns the header names (its
    first name covered both); None for any other row."""
    if len(pieces) != width + 1:
        return None
    first = pieces[0].strip()
    if not is_label(first) or column_rules().seq_cell.match(first) or match_heading(first, line=0):
        return None
    return Cell(first, number, number, line_start=True, group=True)


def _padded_after(pieces: list[str]) -> bool:
    """A row that lost its merged first cells and was padded at its end instead (3.及时反馈… |
    各科室 | |): it opens with a numbered item but ends empty, so its cells stand left of their
    columns and are placed by what they hold, not by their places."""
    first = pieces[0].strip()
    if pieces[-1].strip() or not first:
        return False
    return match_heading(first, line=0) is not None


def _shift_of(pieces: list[str], kinds: tuple[str | None, ...]) -> int:
    """How far right the cells of a full row stand from their places: a row that lost its
    merged first cells (a number, a group) and was padded with empty cells at its end
    (对七星路…提档升级; | 2021.12 | 城投集团 | |) fits the columns' kinds better moved right by
    some of those empty cells; any other row, 0.  The best fit wins, the nearest on a tie."""
    trailing = 0
    while trailing < len(pieces) - 1 and not pieces[-1 - trailing].strip():
        trailing += 1
    if not trailing or not pieces[0].strip() or len(kinds) != len(pieces):
        return 0
    content = [piece.strip() for piece in pieces[: len(pieces) - trailing]]
    return _best_offset(content, kinds, trailing, last_on_tie=False)


def _best_offset(texts: list[str], kinds: tuple[str | None, ...], room: int, *, last_on_tie: bool) -> int:
    """How far right (0 to ``room``) cells written in a row stand best under columns of
    ``kinds``: the offset where most of them are of their column's kind and fewest are not."""

    def fit(offset: int) -> int:
        return sum(
            _fits(text, kinds[k + offset]) for k, text in enumerate(texts) if text and k + offset < len(kinds)
        )

    return max(range(room + 1), key=lambda offset: (fit(offset), offset if last_on_tie else -offset))


def _fits(text: str, column: str | None) -> int:
    """+1 where a cell is of its column's kind, -1 where the column takes another kind (a number
    column takes numbers only, a group column short labels), 0 where it takes any."""
    if column is None:
        return 0
    if column == "seq":
        return 1 if column_rules().seq_cell.match(text) else -1
    if column == "label":
        return 1 if is_label(text) else -1
    return 1 if cell_kind(text) == column else -1


def flat_cells(lines: tuple[Line, ...], start: int, parse: TableParse, width: int) -> list[Cell]:
    """Cells one a line with no indentation to tell a cell from its continuation: every
    non-blank line is a cell, but a bracket that is no number (（市知识产权局）) continues
    the cell above."""
    cells: list[Cell] = []
    seq_cell = column_rules().seq_cell
    continued: list[str] = []  # the brackets continuing the last cell, joined to it once
    for line in lines[start:]:
        if line.blank:
            continue
        text = flat_text(line)
        if not text:  # a lone | between cells: furniture
            parse.consumed.add(line.number)
            continue
        if cells and _continues_cell(cells[-1].text, continued, text, seq_cell):
            continued.append(text)
            cells[-1].end_line = line.number
            continue
        if continued:
            _close_cell(cells[-1], continued)
            continued = []
        cells.append(Cell(text, line.number, line.number))
    if continued:
        _close_cell(cells[-1], continued)
    return mark_before_unit_cells(cells)


def _continues_cell(above: str, continued: list[str], text: str, seq_cell: regex.Pattern[str]) -> bool:
    """The line goes on with the cell above: a bracket that is no number (（市知识产权局）), or
    any line after a cell broken at a comma (…完成工程量的50%, / 通惠路一标段…)."""
    if seq_cell.match(text) or match_heading(text, line=0) is not None:
        return False
    return text[0] in "（(" or (continued[-1] if continued else above).endswith(("，", ","))


def _pipes_a_row(lines: tuple[Line, ...], start: int, columns: int) -> tuple[int, int] | None:
    """How many |s every row of a piped table closes, when its rows are padded with empty cells
    to one width (a web table copied cell by cell, each empty cell a |: 2.乐业路 | 区城管局 | 已完工
    | ||||| is one row of 8), and the count at the first row's end: the lines of |s alone end
    rows, and the width is the greatest common divisor of the counts between them; None when
    fewer than three such lines tell it, or the width is not the header's number of ``columns``."""
    count, ends = 0, []
    for line in lines[start:]:
        pipes = line.text.count("|")
        count += pipes
        if pipes >= 2 and not line.text.strip("| "):
            ends.append(count)
    if len(ends) < _ROW_ENDS_MIN:
        return None
    width = math.gcd(*(b - a for a, b in zip(ends, ends[1:], strict=False)))
    return (width, ends[0] % width) if width == columns else None


# A piped table's row width is read from at least this many lines of |s alone.
_ROW_ENDS_MIN = 3


def _closed_cells(
    lines: tuple[Line, ...], start: int, parse: TableParse
) -> Iterator[tuple[Cell | None, int]]:
    """Each cell of a piped table, closed by a | (at the end of its last line, or alone on the
    next line), its lines joined as a cell's lines are, with the count of |s its line closes;
    None for a | with no words before it (an empty cell)."""
    parts: list[str] = []
    first = 0
    for line in lines[start:]:
        text = flat_text(line)
        if text:
            if not parts:
                first = line.number
            parts.append(text)
        pipes = line.text.count("|")
        if not pipes:
            continue
        if not text:
            parse.consumed.add(line.number)  # the | alone: furniture
        if parts:
            yield _cell_of_lines(parts, first, line.number), pipes
            parts = []
        else:
            yield None, pipes
    if parts:
        yield _cell_of_lines(parts, first, lines[-1].number), 0


def _rows_of_pipes(
    lines: tuple[Line, ...], start: int, parse: TableParse, rows: tuple[int, int]
) -> list[Cell]:
    """The cells of a piped table whose rows close a fixed number of |s, row by row.  Where the
    empty cells stand only at the rows' ends (padding for the cells merged over the rows above),
    each row's cells are placed under the columns they fit; where an empty cell stands between
    two of a row's cells, it holds its column's place and the cells are read in order."""
    width, end = rows
    table: list[list[Cell]] = []
    row: list[Cell] = []
    count = 0
    padded_only = True  # no empty cell before a row's last cell
    for cell, pipes in _closed_cells(lines, start, parse):
        if cell is not None:
            padded_only = padded_only and not (row and row[-1].text == "")
            row.append(cell)
        elif row:  # an empty cell (or the row's padding)
            row.append(Cell("", row[-1].end_line, row[-1].end_line))
        count += pipes
        if count % width == end and row:
            table.append(row)
            row = []
    table.append(row)
    parse.padded_rows = padded_only
    return _table_cells(table, parse, placed=padded_only)


def _group_number(row: list[Cell], k: int) -> bool:
    return k == 0 and len(row) > 1 and column_rules().group_number.match(row[0].text) is not None


def _group_number_heading(cell: Cell) -> HeadingMatch | None:
    """The heading a bare group number (一) is, or None for any other cell."""
    m = column_rules().group_number.match(cell.text)
    if m is None:
        return None
    style, rank = column_rules().group_number_heading
    return HeadingMatch(style, rank, cell.text, parse_numeral(m.group("no")), "", cell.line)


def _heads_next(row: list[Cell], k: int) -> bool:
    """The row's ``k``-th cell is numbered like a heading over the next, numbered deeper ((一)“打通
    断头路”专项行动 | 1.文化中心北路 | …): a heading over the rows, not one of the row's cells."""
    if k + 1 >= len(row):
        return False
    outer = match_heading(row[k].text, line=row[k].line)
    inner = match_heading(row[k + 1].text, line=row[k + 1].line) if outer is not None else None
    return inner is not None and inner.rank > outer.rank  # type: ignore[union-attr]


def _table_cells(table: list[list[Cell]], parse: TableParse, *, placed: bool) -> list[Cell]:
    cells: list[Cell] = []
    for row in table:
        row = [cell for cell in row if cell.text]
        if not row:
            continue
        if placed:
            heads = [cell for k, cell in enumerate(row) if _heads_next(row, k) or _group_number(row, k)]
            for cell in heads:
                cell.group = True
            cells.extend(heads)
            rest = [cell for cell in row if not cell.group]
            cells.extend(_placed_row(rest, parse.column_kinds, last_on_tie=False))
        else:
            row[0].line_start = True
            cells.extend(row)
    return cells if placed else mark_before_unit_cells(cells)


def piped_cells(lines: tuple[Line, ...], start: int, parse: TableParse, width: int) -> list[Cell]:
    """Cells closed by a | (at the end of their last line, or alone on the next line): a cell
    runs over every line up to its |, its lines joined as a cell's lines are."""
    rows = _pipes_a_row(lines, start, width)
    if rows is not None:
        return _rows_of_pipes(lines, start, parse, rows)
    return mark_before_unit_cells(
        [cell for cell, _ in _closed_cells(lines, start, parse) if cell is not None]
    )


def pipe_led_cells(lines: tuple[Line, ...], start: int, parse: TableParse, width: int) -> list[Cell]:
    """Cells opened by a | (every cell of a row but its first), a row closed by a | alone: a cell
    runs over its lines up to the next | (a name broken into short lines, 市 / 监 / 察 / 局, is
    one), and a row with fewer cells than columns lost its first ones, merged over the rows
    above: its cells stand under the last columns."""
    cells: list[Cell] = []
    row: list[Cell] = []
    parts: list[str] = []
    first = 0

    def close() -> None:
        nonlocal parts
        if parts:
            row.append(_cell_of_lines(parts, first, first + len(parts) - 1))
            parts = []

    for line in lines[start:]:
        text = line.text
        if not text:
            continue
        opens = text.startswith("|")
        if opens:
            close()
        body = flat_text(line)
        if body:
            if not parts:
                first = line.number
            parts.append(body)
        if opens and not body:  # the | alone closing the row
            parse.consumed.add(line.number)
            cells.extend(_placed_row(row, parse.column_kinds))
            row = []
    close()
    parse.last_row_closed = not row
    cells.extend(_placed_row(row, parse.column_kinds))
    return cells


def _placed_row(row: list[Cell], kinds: tuple[str | None, ...], *, last_on_tie: bool = True) -> list[Cell]:
    """The cells of a row, each under its column: a short row's (it lost the cells merged over
    the rows above) where they fit the columns' kinds best, the last columns on a tie (unless
    the row was padded at its end, where its last columns may be empty too)."""
    width = len(kinds)
    room = max(0, width - len(row))
    shift = _best_offset([cell.text for cell in row], kinds, room, last_on_tie=last_on_tie)
    for k, cell in enumerate(row):
        cell.column = k + shift if k + shift < width else None
        cell.line_start = k == 0
    return row


def _cell_of_lines(parts: list[str], line: int, end_line: int) -> Cell:
    return Cell("".join(parts), line, end_line, parts=tuple(parts) if len(parts) > 1 else ())


# Before a field's label in a cell: a level at most (省牵头单位, 市配合单位).
_LABEL_QUALIFIER_MAX = 2


@lru_cache(maxsize=4096)
def labelled_cell(text: str) -> tuple[tuple[str, str], ...]:
    """The (role, value) of each field a cell that opens with a field's label names (牵头单位：…;
    配合单位：…; 省牵头单位：…, a level before the label), lead, responsible and deadline only;
    () for any other cell."""
    if ":" not in text and "：" not in text:
        return ()
    for skip in range(_LABEL_QUALIFIER_MAX + 1):
        found = read_attribution(text[skip:])
        if found is not None and found.form == "labelled" and found.fields:
            first = found.fields[0]
            head = text[skip : skip + first.offset].rstrip().rstrip(":：").rstrip()
            if head != first.rule:
                return ()
            return tuple(
                (f.role, f.value) for f in found.fields if f.role in (*UNIT_ROLES, "deadline") and f.value
            )
    return ()


# A group label (公共文化服务, 三建设一整治, 广电): short, no sentence inside.
_LABEL = regex.compile(r"^[^，。；,;：:]{2,16}$")


def is_label(text: str) -> bool:
    """Short and neither units nor a deadline (a label of two to four characters reads like a
    person's name, and is taken: it stands where the group cell does)."""
    return _LABEL.match(text) is not None and cell_kind(text) in ("text", "people")


_ROLE_WORD = regex.compile(r"牵头|负责|配合|主办|协办|参与")


# What a cell holds, by its text: the kind of column it fits.  Used to put the cells of a
# row that has fewer cells than the header has columns under the columns they fit.
def cell_kind(text: str) -> str:
    if text[:1] in _ITEM_STARTS and (m := _NUMBER_IN_TEXT.match(text)) is not None and m.end() < len(text):
        return "text"  # an item numbered in its cell (1.市政公用城学校): a task, whatever its words
    if looks_like_deadline(text) or deadline_rules().milestone_cell.match(text):
        return "deadline"
    if looks_like_units(text) or (_ROLE_WORD.search(text) and read_cell_attribution(text, "responsible")):
        return "units"  # a unit list, or one that says the units' parts (市人社局牵头落实)
    if looks_like_people(text):
        return "people"
    return "text"


_ITEM_STARTS = frozenset("0123456789（(")

# The kind of cell each column takes; a column not listed takes any cell.
SLOT_KINDS = {
    "text": "text",
    "lead": "units",
    "responsible": "units",
    MORE_RESPONSIBLE: "units",
    "deadline": "deadline",
    "leaders": "people",
}
_NOT_DATA = ("policy", "seq")


def slot_kind(slot: str) -> str | None:
    """The kind of cell a slot takes: its role's, or for a column no role reads (评分部门, 备注)
    the kind its name's form says (a name ending in 部门 or 单位 holds units), else any."""
    kind = SLOT_KINDS.get(slot)
    if kind is None and slot.startswith("column:"):
        name = slot.removeprefix("column:")
        role = next((r for ending, r in column_rules().name_endings if name.endswith(ending)), None)
        kind = SLOT_KINDS.get(role) if role in UNIT_ROLES else None
    return kind


def realign(cells: dict[str, Cell], slots: list[str], data_slots: list[str] | None = None) -> dict[str, Cell]:
    """Put the data cells of a row with fewer cells than columns under the columns they fit.

    The cells keep their order.  Each goes to the first column from where the one before it
    stands that takes its kind (a unit list under a unit column, a deadline under the
    deadline column), as long as the cells after it still have columns left; a cell no
    column takes stays in the next column.  One pass over the cells with a table of the
    next column of each kind: linear in the row's width.
    """
    if data_slots is None:  # the slots that take data (the row machine knows them already)
        data_slots = [s for s in slots if s not in _NOT_DATA]
    count = len(cells) - sum(map(cells.__contains__, _NOT_DATA))  # the data cells, counted first
    if not count or count >= len(data_slots):
        return cells  # a full row (most rows): nothing to place
    data = [cell for role, cell in cells.items() if role not in _NOT_DATA]
    placed = _place_by_kind(data, data_slots)
    if [role for role in cells if role not in _NOT_DATA] == list(placed):
        return cells
    return {
        **{role: cell for role, cell in cells.items() if role in _NOT_DATA},
        **{role: placed[role] for role in slots if role in placed},
    }


def _place_by_kind(data: list[Cell], data_slots: list[str]) -> dict[str, Cell]:
    """The data cells of a short row, each under the first column from where the one before it
    stands that takes its kind (see :func:`realign`)."""
    next_of = _next_of_kind(tuple(data_slots))
    placed: dict[str, Cell] = {}
    pos = 0
    units_at: str | None = None  # the unit column the last cell went to, as a unit list
    for k, cell in enumerate(data):
        kind = cell_kind(cell.text)
        target = next_of[kind][pos]
        if kind == "units" and units_at is not None and target == len(data_slots):
            # One unit a line with no unit column left (文物股, then 郙阁公司): more of the list.
            placed[units_at] = _more_units(placed[units_at], cell)
            continue
        if len(data_slots) - target < len(data) - k:  # no room left for the cells after it
            target = pos
        placed[data_slots[target]] = cell
        units_at = (
            data_slots[target] if kind == "units" and slot_kind(data_slots[target]) == "units" else None
        )
        pos = target + 1
    return placed


def _more_units(cell: Cell, more: Cell) -> Cell:
    parts = (*(cell.parts or (cell.text,)), *(more.parts or (more.text,)))
    return Cell(join_cell_lines(parts), cell.line, more.end_line, parts=parts)


@lru_cache(maxsize=64)
def _next_of_kind(data_slots: tuple[str, ...]) -> dict[str, list[int]]:
    """next_of[kind][i]: the first column at or after i taking that kind (len when none); the
    same for every row of a table, so made once per set of columns (and only read)."""
    kinds = set(SLOT_KINDS.values())
    slot_kinds = [slot_kind(slot) for slot in data_slots]
    next_of = {kind: [len(data_slots)] * (len(data_slots) + 1) for kind in kinds}
    for i in range(len(data_slots) - 1, -1, -1):
        for kind in kinds:
            next_of[kind][i] = i if slot_kinds[i] == kind else next_of[kind][i + 1]
    return next_of


class RowMachine:
    def __init__(self, header: Header, parse: TableParse) -> None:
        self.slots: list[str] = [
            f"column:{name}" if role in (None, "extra") else role
            for name, role in zip(header.columns, header.roles, strict=True)
        ]
        self.column_slot = list(self.slots)  # the slot of each header column
        self.labels = {role: name for name, role in zip(header.columns, header.roles, strict=True) if role}
        self.policy = self.slots.index("policy") if "policy" in self.slots else -1
        self.numbered_header = "seq" in self.slots
        self.numbered_rows = 0
        if "seq" not in self.slots:
            # A header that lost its 序号 cell: numbers are still known by their form, and
            # stand where tables put them, right after the policy column.
            self.slots.insert(self.policy + 1, "seq")
        self.seq = self.slots.index("seq")
        if "text" not in self.slots:
            # A header that lost its 重点任务 cell: the task stands right after its number.
            self.slots.insert(self.seq + 1, "text")
        self.parse = parse
        self.stack = HeadingStack()
        self.seq_cell = column_rules().seq_cell
        self.last_no = 0  # the number of the last numbered row
        self.last_item: tuple[str, int | None] | None = None  # the last item number a row took
        self.text_numbers: str | None = None  # the style of the plan's numbers tasks start with
        self.seq_numbers = parse.seq_numbers  # read here, as TableParse.seq_number reads them
        # A unit cell taking more lines of units (_continues_units): its new lines and what they
        # add to its text, joined to it once, when its row is flushed.
        self.extended: Cell | None = None
        self.more_lines: list[str] = []
        self.more_text: list[str] = []
        self._index_slots()
        self._new_row()

    def _index_slots(self) -> None:
        """What the cells ask of the slots, worked out once for each place in the row: the index
        of each slot (its first, as list.index gives), the next data slot at or after each place,
        and where a unit list may go on a unit cell (after one, before a slot taking no units)."""
        slots = self.slots
        self.index_of: dict[str, int] = {}
        for i, slot in enumerate(slots):
            self.index_of.setdefault(slot, i)
        self.deadline = self.index_of.get("deadline", -1)
        self.expect: list[str | None] = [*slots, None]  # the slot each place expects (None: past the last)
        self.data_roles = frozenset(slot for slot, i in self.index_of.items() if i > self.policy)
        self.first_data: list[int | None] = [None] * (len(slots) + 1)
        for i in range(len(slots) - 1, -1, -1):
            self.first_data[i] = self.first_data[i + 1] if i in (self.policy, self.seq) else i
        self.unit_tail = [
            pos > 0
            and slots[pos - 1] in UNIT_ROLES
            and (pos == len(slots) or slot_kind(slots[pos]) != "units")
            for pos in range(len(slots) + 1)
        ]
        # The slots a row reports as missing when it lacks their cell.
        self.reported = [
            s for s in slots if s not in ("policy", MORE_RESPONSIBLE) and not s.startswith("column:")
        ]
        self.data_slots = [s for s in slots if s not in _NOT_DATA]
        self.unnamed = [slot.startswith("column:") for slot in slots]  # columns no role reads
        # A group column between the numbers and the tasks (序号 | 项目 | 重点工作目标任务), and the
        # place of a unit column right after such a group (序号 | 项目 | 责任单位): a group cell
        # may be written once there, with the first row of its group.
        text_at = self.index_of.get("text", -1)
        self.group_before_task = self.seq < self.policy < text_at
        after_group = self.policy + 1
        self.units_after_group = (
            after_group
            if self.seq < self.policy and after_group < len(slots) and slots[after_group] in UNIT_ROLES
            else -1
        )

    def _new_row(self) -> None:
        self.cells: dict[str, Cell] = {}
        self.placed = False  # the row said where its cells stand (as many cells as columns)
        self.grouped = False  # the row's group cell was read (one a row)
        self.blank: set[str] = set()  # columns the row leaves explicitly empty
        self.pos = 0
        self.path: tuple[HeadingMatch, ...] | None = None

    def _data_started(self) -> bool:
        return not self.data_roles.isdisjoint(self.cells)

    def _close_units(self) -> None:
        """The unit cell being extended takes its new lines (one copy, however many there are)."""
        cell = self.extended
        if cell is not None and self.more_lines:
            cell.parts = (*(cell.parts or (cell.text,)), *self.more_lines)
            cell.text = "".join([cell.text, *self.more_text])
        self.extended, self.more_lines, self.more_text = None, [], []

    def _flush(self, *, at_end: bool = False) -> None:
        self._close_units()  # before any cell's text is read
        if not self.cells:
            self._new_row()
            return
        if "seq" not in self.cells and len(self.cells) == 1 and (self.numbered_header or self.numbered_rows):
            # One unnumbered cell between numbered rows is a cell too many, not a task.
            (cell,) = self.cells.values()
            self.parse.diags.append(
                diag("extra-cell", cell.line, end_line=cell.end_line, text=excerpt(cell.text))
            )
            self._new_row()
            return
        if not at_end and not self.placed:  # a row cut off by the end of the file is a prefix
            self.cells = realign(self.cells, self.slots, self.data_slots)
        self._number_in_text()
        self._attribution_in_cells()
        self.numbered_rows += "seq" in self.cells
        path = self.path if self.path is not None else tuple(self.stack.path)
        # An explicitly empty cell is an empty value (reported by the record), not a lost cell;
        # an empty deadline cell is still reported as a missing deadline.
        missing = [
            s for s in self.reported if s not in self.cells and (s not in self.blank or s == "deadline")
        ]
        _join_more_responsible(self.cells)
        # The row takes the cells themselves: _new_row() starts the next row with a dict of its own.
        row = RawRow(self.cells, path, missing, truncated=at_end and bool(missing))
        for heading in path:
            heading.tasks += 1
        consumed = self.parse.consumed
        for cell in self.cells.values():
            if cell.end_line == cell.line:  # most cells: one line, no range to build
                consumed.add(cell.line)
            else:
                consumed.update(range(cell.line, cell.end_line + 1))
        self.parse.rows.append(row)
        self._new_row()

    def _number_in_text(self) -> None:
        """A row with no number cell whose task starts with its number (1.积极推进…, （2）…):
        the number is the row's, the rest the task; a row whose task starts with its number
        again loses the repeat."""
        text = self.cells.get("text")
        if text is None:
            return
        m = _NUMBER_IN_TEXT.match(text.text)
        if m is None or m.end() >= len(text.text):
            return
        seq = self.cells.get("seq")
        if seq is not None:  # the row's number written again before its task (1 | 1.地区生产总值…)
            if self._seq_no(seq.text) == self._seq_no(m.group("label")):
                text.text = text.text[m.end() :].strip()
            elif (heading := match_heading(text.text, line=text.line)) is not None:
                # 12 | 56.做好农村自来水…: the item's number in the plan the table reports on, not
                # the row's; the next item numbered so starts a row, its number cell merged away.
                self.text_numbers = heading.style
                text.text = text.text[m.end() :].strip()
            return
        self.cells["seq"] = Cell(m.group("label"), text.line, text.line)
        if (numbered := match_heading(text.text, line=text.line)) is not None:
            self.last_item = (numbered.style, numbered.no)  # 14.改扩建…: 15.… starts the next row
        text.text = text.text[m.end() :].strip()
        self.parse.numbers_in_text += 1

    def _attribution_in_cells(self) -> None:
        """A unit cell that says who leads and who helps (A牵头，B配合; A、B分别牵头): its
        parts go under the lead and responsible columns."""
        for role in UNIT_ROLES:
            cell = self.cells.get(role)
            found = read_cell_attribution(cell.text, role) if cell is not None else None
            if cell is None or found is None:
                continue
            if set(found) == {role}:  # 由A负责 in the A column: the units, without the words
                self.cells[role] = Cell(found[role], cell.line, cell.end_line)
                continue
            other = "responsible" if role == "lead" else "lead"
            kept = self.cells.get(other)
            for part, units in found.items():
                if part == other and kept is not None and kept.text:
                    units = f"{kept.text}，{units}" if part == "responsible" else f"{units}，{kept.text}"
                self.cells[part] = Cell(units, cell.line, cell.end_line)
            if role not in found:  # A、B分别牵头 in the 责任单位 column: no one else named
                del self.cells[role]
                self.blank.add(role)
            seq = self.cells.get("seq")
            m = self.seq_cell.match(seq.text) if seq is not None else None
            number = int(m.group("no")) if m else self.last_no + 1
            column = self.labels.get(role, role)
            self.parse.diags.append(
                diag("attribution-in-cell", cell.line, seq=number, column=column, text=excerpt(cell.text))
            )

    def _fill(self, index: int, cell: Cell) -> None:
        if self.path is None and index > self.policy:
            self.path = tuple(self.stack.path)  # headings above the row's data are its headings
        role = self.slots[index]
        if cell.parts and role in UNIT_ROLES:
            cell.text = join_cell_lines(cell.parts)  # one unit a line
        if role == "seq" and (no := self._seq_no(cell.text)) is not None:
            self.last_no = no
        self.cells[role] = cell
        self.pos = index + 1

    def _is_number(self, cell: Cell, expecting: str | None) -> bool:
        """A row's number: where the number stands, in brackets, or the next number (a bare 12
        after the cells of row 11)."""
        no = self.seq_numbers.get(cell.text, -1)  # asked of every cell: the known texts read here
        if no == -1:
            no = self._seq_no(cell.text)
        if no is None:
            return False
        if expecting == "seq" or cell.text[0] in "（(" or no == self.last_no + 1:
            return True
        # A number past the last one starts a row too: a list may skip numbers (an excerpt of a
        # longer list, a row left out); the gap is reported with the rows.  Not where the open
        # row's task expects a value in a column no role reads (a target of 42 under 年度目标).
        if expecting is not None and expecting.startswith("column:") and "text" in self.cells:
            return False
        return self.last_no < no <= self.last_no + _MAX_SKIP

    def row_number(self, row: RawRow) -> int | None:
        """The number of a row of this table, by its number cell (None without one)."""
        cell = row.cells.get("seq")
        return self._seq_no(cell.text) if cell is not None else None

    def _seq_no(self, text: str) -> int | None:
        """The number a number cell holds, None for any other cell: read once per text (unit
        cells and deadlines come again and again)."""
        no = self.seq_numbers.get(text, -1)  # -1: not read yet (a number is never negative)
        if no == -1:
            m = self.seq_cell.match(text)
            no = self.seq_numbers[text] = int(m.group("no")) if m else None
        return no

    def _feed_placed(self, cell: Cell) -> bool:
        """A cell whose column the row tells (a full row) goes there; numbers and headings are
        known by their form wherever they stand."""
        assert cell.column is not None
        role = self.column_slot[cell.column]
        if role in _NOT_DATA:
            return False
        index = self.index_of[role]
        if role in self.cells:
            self._flush()
        self._fill(index, cell)
        self.placed = True
        return True

    def _heading_events(self, events: list[StackEvent]) -> None:
        for event in events:
            h = event.heading
            if event.kind == "empty":
                self.parse.diags.append(diag("heading-without-tasks", h.line, marker=h.marker, title=h.title))
            elif event.kind == "renumber" and event.previous is not None:
                self.parse.diags.append(
                    diag("heading-renumbered", h.line, marker=h.marker, previous=event.previous.marker)
                )
            if event.kind in ("new", "renumber"):
                self.parse.headings.append(h)

    def feed(self, cell: Cell) -> None:
        if cell.line_start and self._data_started():
            self._flush()  # row-per-line: each line is a row
        if cell.group:
            heading = match_heading(cell.text, line=cell.line) or _group_number_heading(cell)
            if heading is None:
                style, rank = column_rules().outer_group_heading
                heading = HeadingMatch(style, rank, "", None, cell.text, cell.line)
            self._push_heading(heading, cell)
            return
        if not cell.text:
            if cell.column is not None:
                self.blank.add(self.column_slot[cell.column])
            return  # an empty (merged) cell
        if cell.column is not None and (
            self._feed_placed(cell) or (self.column_slot[cell.column] == "policy" and self._group_cell(cell))
        ):
            return
        expecting = self.expect[self.pos]
        if self._is_number(cell, expecting):
            self._number(cell)
            return
        # A numbered cell right before a unit cell, after a row with its text, starts the next row
        # wherever the row stands (its people or unit cell left empty).
        starts_row = (
            cell.before_units or self._next_item(cell) if "text" in self.cells else self._next_item(cell)
        )
        if (starts_row or self._heading_may_stand(expecting)) and self._numbered_cell(
            cell, starts_row=starts_row
        ):
            return
        if self._labelled_cell(cell) or self._continues_units(cell):
            return
        self._fill_next(cell)

    def _next_item(self, cell: Cell) -> bool:
        """The cell is numbered next after the row that took the last item number (2. after 1.):
        the next row's task, whatever cells the row above left empty."""
        if not cell.text[:1].isdigit():
            return False
        # The plan's numbering is asked of a full row only, and the cell read only when a
        # numbering is known: a row's own number cell (1, 2, …) is not read as a heading here.
        plan_style = self._text_numbers() if self._row_complete() else None
        if plan_style is None and self.last_item is None:
            return False
        heading = match_heading(cell.text, line=cell.line)
        if heading is None:
            return False
        if heading.style == plan_style:
            return True
        if self.last_item is None:
            return False
        last_style, last_no = self.last_item
        return heading.style == last_style and heading.no == (last_no or 0) + 1

    def _text_numbers(self) -> str | None:
        """The style of the plan's numbers the tasks start with (12 | 56.做好…), this row's or
        the rows' above."""
        text, seq = self.cells.get("text"), self.cells.get("seq")
        if self.text_numbers is None and text is not None and seq is not None and text.text[:1].isdigit():
            heading = match_heading(text.text, line=text.line)
            if heading is not None and heading.no != self._seq_no(seq.text):
                return heading.style
        return self.text_numbers

    def _heading_may_stand(self, expecting: str | None) -> bool:
        """A heading may stand here: in the group column's place, at a row's start, after a full row."""
        return (self.policy >= 0 and expecting != "text") or not self.cells or self._row_complete()

    def _numbered_cell(self, cell: Cell, *, starts_row: bool = False) -> bool:
        """A cell numbered like a heading: the row's task right before its unit cells ((1)全面准确…:
        the number is the row's, the rest its text, a new row's after a full one), else a heading."""
        heading = match_heading(cell.text, line=cell.line)
        if heading is None:
            return False
        label = self._label_where_task_is(needs_number=True)
        if label is not None:
            # 1 | 主要预期目标 | 1.地区生产总值增长5%以上。: the label was the group cell; this the task
            self.last_item = (heading.style, heading.no)
            text = Cell(cell.text[len(heading.marker) :].strip(), cell.line, cell.end_line)
            self._task_under_label(label, text)
            return True
        if not (starts_row or (cell.before_units and ("text" not in self.cells or self._row_complete()))):
            self._push_heading(heading, cell)
            return True
        if "text" in self.cells:
            self._flush()
        self.last_item = (heading.style, heading.no)
        if "seq" not in self.cells:
            self._fill(self.seq, Cell(heading.marker, cell.line, cell.end_line))
        text = Cell(cell.text[len(heading.marker) :].strip(), cell.line, cell.end_line)
        self._fill(self.index_of["text"], text)
        return True

    def _fill_next(self, cell: Cell) -> None:
        """The cell into the next data column that takes it, in this row or a new one."""
        index = self._next_data_slot(cell)
        if index is not None and (
            self._group_then_task(cell, index) or self._group_before_units(cell, index)
        ):
            return
        if index is None and self._units_shift_on(cell):
            return
        if index is None:
            self._flush()
            index = self._next_data_slot(cell)
        if index is None:
            self.parse.diags.append(
                diag("extra-cell", cell.line, end_line=cell.end_line, text=excerpt(cell.text))
            )
            return
        self._fill(index, cell)

    def _units_shift_on(self, cell: Cell) -> bool:
        """One unit list too many for a full row, one cell a line, whose last column takes units
        (责任部门 县海洋与渔业局 | 县农业农村局 | 评分部门 市农业农村局): the row named more units for
        its own column, so the last column's cell is more of that list and this cell is the last
        column's."""
        last = self.slots[-1]
        if cell.column is not None or cell.line_start or slot_kind(last) != "units" or last in UNIT_ROLES:
            return False
        before = next((s for s in reversed(self.slots[:-1]) if s in UNIT_ROLES), None)
        if before is None or before not in self.cells or last not in self.cells:
            return False
        if cell_kind(cell.text) != "units" or cell_kind(self.cells[last].text) != "units":
            return False
        self._close_units()
        self.cells[before] = _more_units(self.cells[before], self.cells[last])
        self.cells[last] = cell
        return True

    def _group_before_units(self, cell: Cell, index: int) -> bool:
        """One cell a line, the group column right after the numbers and before the unit column
        (序号 | 项目 | 责任单位 | 建设内容): a label right after a row's number, where the units are
        due, is the row's group cell (merged over its rows, written once with the first)."""
        if index != self.units_after_group or cell.column is not None:
            return False
        if set(self.cells) != {"seq"} or self.blank or self.grouped:
            return False
        if not is_label(cell.text) or cell_kind(cell.text) == "units":
            return False
        self.path = None  # the row's headings are read again, under its group
        self._group_cell(cell)
        self.pos, self.grouped = index, True
        return True

    def _label_where_task_is(self, *, needs_number: bool) -> Cell | None:
        """The label the row holds where its task is due, after its number (which
        ``needs_number`` asks it to have) and nothing else, in a table whose group column stands
        between the numbers and the tasks (序号 | 项目 | 重点工作目标任务): maybe the row's group
        cell, else None."""
        if not self.group_before_task:
            return None
        label = self.cells.get("text")
        if label is None or self.blank:
            return None
        others = self.cells.keys() - {"text"}
        if others - {"seq"} or (needs_number and not others):
            return None
        return label if is_label(label.text) else None

    def _task_under_label(self, label: Cell, task: Cell) -> None:
        """The row's label was its group cell (merged over its rows, written once with the first):
        it heads the rows from here, and ``task`` is the row's task."""
        del self.cells["text"]
        self.path = None  # the row's headings are read again, under its group
        self._group_cell(label)
        self._fill(self.index_of["text"], task)

    def _group_then_task(self, cell: Cell, index: int) -> bool:
        """One cell a line, in a table with a group column after the numbers (序号 | 指标 | 工作任务):
        a short label right after a row's number, then a sentence where the row expects units or
        a deadline, was the row's group cell (merged over its rows, written once with the first):
        it heads the rows from here, and the sentence is the task."""
        if cell.column is not None:
            return False
        label = self._label_where_task_is(needs_number=False)
        if label is None:
            return False
        if self.slots[index] == "text" or cell_kind(cell.text) != "text" or is_label(cell.text):
            return False  # a second label (考核指标 | 考核内容 cells, both short): no group here
        if len(cell.text) <= len(label.text):
            return False
        self._task_under_label(label, cell)
        return True

    def _row_complete(self) -> bool:
        """Every data column of the row has its cell: what comes next starts something new (a
        heading over the next rows, written between them one cell a line)."""
        return all(slot in self.cells for slot in self.data_slots if not slot.startswith("column:"))

    def _push_heading(self, heading: HeadingMatch, cell: Cell) -> None:
        if self.pos > self.policy and self._data_started():
            self._flush()
        self._heading_events(self.stack.push(heading))
        self.parse.consumed.update(range(cell.line, cell.end_line + 1))
        self.pos = max(self.pos, self.policy)

    def _group_cell(self, cell: Cell) -> bool:
        """A cell of the group column in a full row (a merged 政策措施 cell) with no number of its
        own (优化政务服务, not 一、…): a heading of the group style, carried to the rows it covers."""
        if self.seq_cell.match(cell.text) or match_heading(cell.text, line=cell.line) is not None:
            return False  # a number or a numbered heading: read by their form, below
        style, rank = column_rules().group_heading
        self._push_heading(HeadingMatch(style, rank, "", None, cell.text, cell.line), cell)
        return True

    def _number(self, cell: Cell) -> None:
        """A row's number: it starts a new row once the row has passed its number column."""
        if self._group_before_number():
            group = self.cells["text"]
            self._new_row()
            self._group_cell(group)
        elif self.pos > self.seq:
            self._flush()
        self._fill(self.seq, cell)

    def _group_before_number(self) -> bool:
        """The one cell before a row's number, in a table whose group column stands before the
        number (工作任务 | 序号 | 具体要求 …, one cell a line): the group cell of the row the number
        starts, not a task of its own."""
        return (
            0 <= self.policy < self.seq and len(self.cells) == 1 and "text" in self.cells and not self.blank
        )

    def _continues_units(self, cell: Cell) -> bool:
        """One unit a cell (县水务局, 县住建局, … each on its own line): a unit list right after a
        unit cell, where the next column takes no units, is more of that cell."""
        if not self.unit_tail[self.pos] or cell.line_start:
            return False
        last = self.slots[self.pos - 1]
        if last not in self.cells:
            return False
        if looks_like_deadline(cell.text) or not looks_like_units(cell.text):
            return False
        above = self.cells[last]
        if self.extended is not above:
            self._close_units()
            self.extended = above
        # The cell's text is join_cell_lines() of its lines (_fill made it so): each new line is
        # joined to the line before it alone, and all of them to the cell once, at the flush
        # (not all the lines again per line: a list of thousands, one unit a line).
        previous = self.more_lines[-1] if self.more_lines else above.parts[-1] if above.parts else above.text
        self.more_lines.append(cell.text)
        self.more_text.append(line_joiner(previous, cell.text) + cell.text)
        above.end_line = cell.end_line
        return True

    def _labelled_cell(self, cell: Cell) -> bool:
        """A cell that names its field (省牵头单位:省农业农村厅, 配合单位：市财政局), after the row's
        text, one cell a line: that field of the row (a unit list joins the row's list)."""
        if cell.column is not None or "text" not in self.cells:
            return False
        fields = labelled_cell(cell.text)
        if not fields:
            return False
        for role, units in fields:
            kept = self.cells.get(role)
            text = f"{kept.text}，{units}" if kept is not None and kept.text else units
            self.cells[role] = Cell(text, kept.line if kept else cell.line, cell.end_line)
        self.pos = max(self.pos, self.index_of.get(fields[-1][0], self.pos - 1) + 1)
        return True

    def _sentence_skips_to_text(self, first: int, cell: Cell) -> bool:
        """A task's sentence at a column no role reads, before the task column: the task."""
        text_at = self.index_of.get("text", -1)
        if text_at <= first or "text" in self.cells:
            return False
        return cell_kind(cell.text) == "text" and not is_label(cell.text)

    def _next_data_slot(self, cell: Cell) -> int | None:
        first = self.first_data[self.pos]
        if first is None:
            return None
        if self.slots[first] in UNIT_ROLES and self.deadline > first and looks_like_deadline(cell.text):
            return self.deadline
        if self.unnamed[first] and self._sentence_skips_to_text(first, cell):
            return self.index_of["text"]  # a task's sentence where a column of labels (目标) is due
        if (
            (self.slots[first] == "leaders" or self.unnamed[first])
            and looks_like_units(cell.text)
            and not looks_like_people(cell.text)
        ):
            # A unit cell where the people cell is due (left empty), or a column of a name no list
            # knows (区本级 / 任务数, a figure left empty): the unit column after it.
            later = next((j for j in range(first + 1, len(self.slots)) if self.slots[j] in UNIT_ROLES), None)
            return later if later is not None else first
        return first

    def finish(self, *, at_end: bool = True) -> None:
        self._flush(at_end=at_end)
        self._heading_events(self.stack.finish())


def _cells(lines: tuple[Line, ...], header: Header, parse: TableParse) -> list[Cell]:
    readers = {
        "cells": cells_per_line,
        "flat": flat_cells,
        "piped": piped_cells,
        "pipe-led": pipe_led_cells,
        "tab": cells_per_row,
    }
    reader = readers.get(header.style)
    if reader is not None:
        return reader(lines, header.end_index, parse, len(header.columns))
    return read_cells(lines, header.end_index, header.row_layout, parse.consumed)


# The number a task's text starts with when the row has no number cell: 1.  1、  （1）
_NUMBER_IN_TEXT = regex.compile(
    r"^(?P<label>[（(](?:\d{1,4}|[一二三四五六七八九十]{1,3})[）)]|\d{1,4}(?:[.．、](?!\d)))\s*"
)


def parse_table(lines: tuple[Line, ...], header: Header, *, ends_file: bool = True) -> TableParse:
    """The rows of the table under ``header``, to the end of ``lines``.

    ``ends_file``: ``lines`` end where the file does, so a last row lacking cells was cut
    off by the end of the copy (truncated-row).  A table inside a prose plan that goes on
    after it passes False: its last row lost cells like any other row.
    """
    repeats, following = _headers_below(lines, header)
    if following is not None:  # another table below, with columns of its own: read each by its own
        cut, next_header = following
        parse = _parse_one(lines[:cut], header, repeats, ends_file=False)
        _join_tables(parse, parse_table(lines, next_header, ends_file=ends_file))
        return parse
    return _parse_one(lines, header, repeats, ends_file=ends_file)


# A column whose header names no role takes one from what its cells hold, when at least this share
# of them hold that kind and the header lacks a column of it.
_CONTENT_SHARE = 0.6
_ROLE_OF_KIND = {"units": "responsible", "deadline": "deadline", "people": "leaders", "text": "text"}


def _roles_from_content(header: Header, cells: list[Cell], parse: TableParse) -> Header:
    """Unknown columns of a row-per-line table read by their cells (a column of unit names under a
    name no list holds is a unit column), each said in an info citing the header."""
    unknown = {i for i, role in enumerate(header.roles) if role is None}
    kinds_of: dict[int, Counter[str]] = {i: Counter() for i in unknown}
    for cell in cells:  # one pass over the cells, only those of the unknown columns read
        if cell.column in unknown and cell.text:
            kinds_of[cell.column][cell_kind(cell.text)] += 1
    roles = list(header.roles)
    for index, kinds in sorted(kinds_of.items()):
        if not kinds:
            continue
        kind, count = kinds.most_common(1)[0]
        new = _ROLE_OF_KIND[kind]
        if count >= 2 and count >= _CONTENT_SHARE * sum(kinds.values()) and new not in roles:
            roles[index] = new
            parse.diags.append(
                diag("column-role-from-content", header.line, column=header.columns[index], role=new)
            )
    return replace(header, roles=tuple(roles)) if roles != list(header.roles) else header


# The longest line read as a web page's chrome in a table (a cell is often longer).
_CHROME_MAX = 40


def _page_chrome(lines: tuple[Line, ...]) -> set[int]:
    """The lines of a web page's chrome under a table (扫一扫在手机上查看当前页面, 索引号: … 成文日期:
    …, the page's metadata printed after the last row): no cells.  Read from the end up to the
    first line that is neither chrome nor blank, so a table's own lines are not asked."""
    rules = furniture_rules()
    chrome, meta = rules.page_chrome, rules.meta_line
    found: set[int] = set()
    for line in reversed(lines):
        if not line.text:
            continue
        if meta.match(line.text) is None and not (
            len(line.text) <= _CHROME_MAX and chrome.match(line.text) is not None
        ):
            break
        found.add(line.number)
    return found


def _column_kinds(header: Header) -> tuple[str | None, ...]:
    """The kind of cell each header column takes (see slot_kind; "seq" numbers, "label" groups)."""
    return tuple(
        "seq"
        if role == "seq"
        else "label"
        if role == "policy"
        else slot_kind(role if role not in (None, "extra") else f"column:{name}")
        for name, role in zip(header.columns, header.roles, strict=True)
    )


def _parse_one(
    lines: tuple[Line, ...], header: Header, repeats: list[Header], *, ends_file: bool
) -> TableParse:
    parse = TableParse()
    parse.consumed.update(range(header.line, header.end_line + 1))
    for again in repeats:  # a header row repeated at a page break is furniture: read past it
        parse.consumed.update(range(again.line, again.end_line + 1))
        parse.diags.append(diag("header-repeated", again.line, end_line=again.end_line, first=header.line))
    skipped = {n for again in repeats for n in range(again.line, again.end_line + 1)}
    skipped.update(_page_chrome(lines[header.end_index :]))
    parse.consumed.update(skipped)
    if skipped:
        lines = lines[: header.end_index] + tuple(
            line for line in lines[header.end_index :] if line.number not in skipped
        )
    parse.column_kinds = _column_kinds(header)
    cells = _cells(lines, header, parse)
    if None in header.roles and header.layout == "row-per-line":
        header = _roles_from_content(header, cells, parse)
    machine = RowMachine(header, parse)
    for cell in cells:
        machine.feed(cell)
    machine.finish(at_end=ends_file and not parse.last_row_closed)
    if header.layout == "row-per-line" and "policy" in header.roles:
        _groups_of_one_row(parse, header)
    _merge_sub_rows(parse, machine.row_number, grouped="policy" in header.roles)
    if header.style in ("cells", "flat", "pipe-led") or parse.padded_rows:
        _carry_merged_cells(parse, header)
    _first_listed_leads(lines, header, parse)
    if "lead" not in header.roles:  # one unit column (责任单位): its units are responsible units
        for row in parse.rows:
            row.lead_optional = True
    return parse


# Lines just above a table's header that title it (附件2, its name): at most this many.
_TABLE_TITLE_LINES = 3
_TABLE_TITLE = regex.compile(r"^(?:附件\s*\d{0,2}\s*[:：]?|.{2,60}(?:表|清单|台账|目录|一览))$")


def _headers_below(lines: tuple[Line, ...], header: Header) -> tuple[list[Header], tuple[int, Header] | None]:
    """The header row written again below ``header`` (page furniture), up to the next header row
    that names other columns (a second table: 附件2 after 附件1), with the index where the first
    table ends: before the lines titling the second.  One search from where the last ended, so
    linear however many times a header is repeated."""
    from ybhj_parse.blocks.header import find_header

    repeats: list[Header] = []
    start = header.end_index
    while (found := find_header(lines, start)) is not None:
        if found.columns == header.columns and found.layout == header.layout:
            repeats.append(found)
        else:
            first = found.end_index - (found.end_line - found.line + 1)
            return repeats, (_table_end(lines, header, first), found)
        start = found.end_index
    return repeats, None


def _table_end(lines: tuple[Line, ...], header: Header, next_first: int) -> int:
    """Where the table of ``header`` ends, above the lines (附件2, a title) over the next table."""
    cut, titles = next_first, 0
    while cut > header.end_index and titles < _TABLE_TITLE_LINES:
        above = lines[cut - 1].text
        if above and not _TABLE_TITLE.match(above):
            break
        cut -= 1
        titles += bool(above)
    return cut


def _join_tables(parse: TableParse, more: TableParse) -> None:
    parse.rows.extend(more.rows)
    parse.diags.extend(more.diags)
    parse.consumed.update(more.consumed)
    parse.headings.extend(more.headings)
    parse.numbers_in_text += more.numbers_in_text


# The columns a cell merged over several rows fills for each of them, and how many rows must
# lack a column's cell before its missing cells are read as merged ones.
_CARRIED = ("lead", "responsible", "deadline", "leaders")
_MERGED_ROWS = 2
_CARRIED_SET = frozenset(_CARRIED)


def _carry_merged_cells(parse: TableParse, header: Header) -> None:
    """One cell a line: a cell merged over several rows is written once, with the first of them,
    so a row lacking the unit, deadline or people cells the row above has takes that row's (the
    rows of a merged cell share its value).  An info says so, per row."""
    # A cell left out of one row among complete ones is damage, and reported; a table that leaves
    # a column's cell out of several rows writes its merged cells once.
    lacks = {r: sum(1 for row in parse.rows if r in header.roles and r not in row.cells) for r in _CARRIED}
    habit = {r for r, count in lacks.items() if count >= _MERGED_ROWS}
    # The unit cells before the task column (序号 | 牵头单位 | 工作任务): a row lacking all of them
    # opens at its task, the cells before it merged with the row above's.
    text_at = header.roles.index("text") if "text" in header.roles else -1
    leading = {r for r in _CARRIED if r in header.roles[:text_at]}
    for above, row in zip(parse.rows, parse.rows[1:], strict=False):
        merged = _merged_columns(row, habit, leading)
        if merged is None:
            continue
        carried = [r for r in merged if r not in row.cells and r in above.cells]
        if carried:
            _carry(row, above, carried)
            row.truncated = row.truncated and bool(row.missing)
            names = "、".join(header.columns[header.roles.index(r)] for r in carried if r in header.roles)
            parse.diags.append(diag("cells-carried", row.line, columns=names or "、".join(carried)))


# A group column's cells are taken for the rows' tasks when at least this many head a row each.
_OWN_GROUPS_MIN = 3


def _groups_of_one_row(parse: TableParse, header: Header) -> None:
    """A row per line, two task columns (工作任务 | 目标和要求): the first was read as the group
    column, but when each of its cells heads one row only (every row its own, none merged over
    several), its cells are the rows' tasks and the second column's what each asks: so read,
    with an info citing the header."""
    style, _ = column_rules().group_heading
    groups = [h for h in parse.headings if h.style == style and h.marker == ""]
    if len(groups) < _OWN_GROUPS_MIN or any(h.tasks != 1 for h in groups):
        return
    own = {id(h) for h in groups}
    second = f"column:{header.columns[header.roles.index('text')]}"
    for row in parse.rows:
        group = row.path[-1] if row.path and id(row.path[-1]) in own else None
        if group is None or "text" not in row.cells:
            continue
        row.cells[second] = row.cells["text"]
        row.cells["text"] = Cell(group.title, group.line, group.line)
        row.path = row.path[:-1]
    parse.headings = [h for h in parse.headings if id(h) not in own]
    name = header.columns[header.roles.index("policy")]
    parse.diags.append(diag("group-column-of-tasks", header.line, column=name))


def _merged_columns(row: RawRow, habit: set[str], leading: set[str]) -> set[str] | None:
    """The columns whose cells ``row`` shares with the row above (None: a row that takes none):
    those the table leaves out by habit, and when the row opens at its task, those before it."""
    opens_late = bool(leading) and not any(r in row.cells for r in leading)
    # A last row lacking only its cells before the task was not cut off: the end keeps them.
    if "text" not in row.cells or (row.truncated and not (opens_late and leading >= set(row.missing))):
        return None
    return habit | leading if opens_late else habit


def _carry(row: RawRow, above: RawRow, roles: list[str]) -> None:
    for role in roles:
        row.cells[role] = above.cells[role]
    row.missing = [r for r in row.missing if r not in roles]


def _merge_sub_rows(parse: TableParse, number_of: Callable[[RawRow], int | None], *, grouped: bool) -> None:
    """A row with no number between rows n and n+1 is a second sub-row of task n (its merged
    cells are task n's): its cells join task n's, and an info says so; so does a row with no
    number and no task text anywhere (2021.8 | 城投集团: a second deadline and unit of the task
    above).  Under a group column (``grouped``) a row with a task of its own is a task of the
    group instead (sub-task).  A row with no number where the numbers skip one (n, then n+2) is
    kept: it is numbered n+1 (seq-missing).  ``number_of`` reads a row's number (the row
    machine's, which has read the cells once)."""
    rows: list[RawRow] = []
    # The number of each row as read, and the first number after each row, found in one pass
    # from the end: a merge changes only the row above, never a row still to come.
    numbers = [number_of(row) for row in parse.rows]
    after_of: list[int | None] = [None] * len(numbers)
    for i in range(len(numbers) - 2, -1, -1):
        after_of[i] = numbers[i + 1] if numbers[i + 1] is not None else after_of[i + 1]
    n: int | None = None  # the number of the row above (rows[-1])
    for i, row in enumerate(parse.rows):
        above = rows[-1] if rows else None
        kind = (
            "row"
            if above is None or numbers[i] is not None
            else _sub_row_kind(row, above, n, after_of[i], grouped)
        )
        if kind == "row" or above is None:
            rows.append(row)
            n = numbers[i]
        elif kind == "task":
            row.bounds = (row.line, row.end_line)  # its own lines, not those of the cells it takes
            parse.diags.append(diag("sub-task", row.line, end_line=row.end_line, seq=n))
            _carry(row, above, [r for r in _CARRIED if r not in row.cells and r in above.cells])
            row.shares_number = True
            rows.append(row)
        else:
            parse.diags.append(diag("sub-row", row.line, end_line=row.end_line, seq=n or len(rows)))
            _join_sub_row(above, row)
            n = number_of(above)  # a number cell of the sub-row (no number) joined the row's
    parse.rows = rows


def _sub_row_kind(row: RawRow, above: RawRow, n: int | None, after: int | None, grouped: bool) -> str:
    """What a row with no number is: "join" (a sub-row of the task above), "task" (a task of the
    group above, under a group column) or "row" (a row of its own, numbered by position)."""
    if len(row.cells) > 1 and _CARRIED_SET.issuperset(row.cells) and row.line == row.end_line:
        return "join"  # a row of units and a deadline alone: no task of its own, wherever it stands
    own_task = grouped and "text" in row.cells and "text" in above.cells
    # A sub-row stands before the next number (or, a task of its own, at the table's end).
    if n is None or not (after == n + 1 or (own_task and after is None)):
        return "row"
    return "task" if own_task else "join"


def _join_sub_row(above: RawRow, row: RawRow) -> None:
    """The cells of the sub-row ``row`` joined to those of the row ``above`` it."""
    for role, cell in row.cells.items():
        mine = above.cells.get(role)
        if mine is None:
            above.cells[role] = cell
            continue
        joiner = "；" if role == "deadline" else "、" if role in UNIT_ROLES else ""
        above.cells[role] = Cell(mine.text + joiner + cell.text, mine.line, cell.end_line)
    above.missing = [m for m in above.missing if m not in row.cells]


def _first_listed_leads(lines: tuple[Line, ...], header: Header, parse: TableParse) -> None:
    """A document that says the first unit listed leads (排在第一位的为牵头单位, in a note or in
    the header's cell): a row with no lead cell takes the first unit of its unit cell as lead."""
    from ybhj_parse.rules.loader import label_rules

    if "lead" in header.roles:
        return
    rule = label_rules().first_listed_leads
    said = next((line for line in lines if rule.search(line.text)), None)
    if said is None:
        return
    column = next(
        (n for n, r in zip(header.columns, header.roles, strict=True) if r == "responsible"), "责任单位"
    )
    parse.diags.append(diag("first-listed-leads", said.number, text=excerpt(said.text), column=column))
    parse.consumed.add(said.number)
    for row in parse.rows:
        row.first_listed_leads = True
