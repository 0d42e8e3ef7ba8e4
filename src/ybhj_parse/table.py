"""Stage 2 (tables): lines → cells → rows, with headings carried forward.

Cells come from either layout: one indented line each (cell-per-line, with
unindented lines continuing the cell above: ``市市场监管局`` + ``（市知识产权局）``),
or tab-separated on one line (row-per-line).  The row machine then walks the
cells with a pointer over the header's columns:

- a heading cell belongs to the policy column (merged cells: it carries forward);
- a task-number cell belongs to the seq column; a second one starts a new row;
- any other cell takes the next data column, skipping a unit column when the
  cell is plainly a deadline (a missing cell is then reported, not shifted).

A row is closed when the next one starts or the input ends; every cell and
line is accounted for in ``consumed`` or a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .deadlines import read_deadline
from .diagnostics import Diag, diag
from .headings import HeadingMatch, HeadingStack, StackEvent, match_heading
from .layout import Header
from .models import DeadlineSource
from .reader import Line
from .ruleset import column_rules

UNIT_ROLES = ("lead", "responsible")
ROLE_LABELS = {
    "seq": "序号",
    "text": "重点任务",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "deadline": "完成时限",
    "policy": "政策措施",
}


@dataclass(slots=True)
class Cell:
    text: str
    line: int
    end_line: int
    line_start: bool = False  # the first cell of a row-per-line line: a new row starts here


@dataclass(slots=True)
class RawRow:
    cells: dict[str, Cell]
    path: tuple[HeadingMatch, ...]
    missing: list[str]
    truncated: bool = False
    # Prose documents (proseresolve.py) set these; a table row keeps the defaults.
    optional: frozenset[str] = frozenset()  # roles whose absence is not reported
    deadline_source: DeadlineSource = "column"
    first_listed_leads: bool = False  # the document says the first unit listed leads
    unit_separators: str = ""  # split unit cells at these too
    bounds: tuple[int, int] | None = None  # (line, end_line) when not those of the cells

    @property
    def line(self) -> int:
        return self.bounds[0] if self.bounds else min(c.line for c in self.cells.values())

    @property
    def end_line(self) -> int:
        return self.bounds[1] if self.bounds else max(c.end_line for c in self.cells.values())


@dataclass(slots=True)
class TableParse:
    rows: list[RawRow] = field(default_factory=list)
    diags: list[Diag] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    headings: list[HeadingMatch] = field(default_factory=list)


def cells_per_line(lines: tuple[Line, ...], start: int, parse: TableParse) -> list[Cell]:
    """Indented lines are cells; an unindented line right under a cell continues it."""
    cells: list[Cell] = []
    open_cell: Cell | None = None
    for line in lines[start:]:
        if line.is_cell:
            open_cell = Cell(line.text, line.number, line.number)
            cells.append(open_cell)
            parse.consumed.add(line.number)
        elif line.blank:
            open_cell = None
        elif open_cell is not None and open_cell.text:
            open_cell.text += line.text
            open_cell.end_line = line.number
            parse.consumed.add(line.number)
        else:
            parse.diags.append(diag("stray-line", line.number, text=line.text))
    return cells


def cells_per_row(lines: tuple[Line, ...], start: int, parse: TableParse) -> list[Cell]:
    """Tab-separated rows: each tab-separated piece is a cell (empty ones are merged cells)."""
    cells: list[Cell] = []
    for line in lines[start:]:
        if line.blank:
            continue
        for i, piece in enumerate(line.raw.split("\t")):
            cells.append(Cell(piece.strip(), line.number, line.number, line_start=i == 0))
        parse.consumed.add(line.number)
    return cells


class RowMachine:
    def __init__(self, header: Header, parse: TableParse) -> None:
        self.slots: list[str] = [
            role or f"column:{name}" for name, role in zip(header.columns, header.roles, strict=True)
        ]
        self.policy = self.slots.index("policy") if "policy" in self.slots else -1
        self.seq = self.slots.index("seq") if "seq" in self.slots else -1
        self.parse = parse
        self.stack = HeadingStack()
        self.seq_cell = column_rules().seq_cell
        self._new_row()

    def _new_row(self) -> None:
        self.cells: dict[str, Cell] = {}
        self.pos = 0
        self.path: tuple[HeadingMatch, ...] | None = None

    def _data_started(self) -> bool:
        return any(self.slots.index(role) > self.policy for role in self.cells)

    def _flush(self, *, at_end: bool = False) -> None:
        if not self.cells:
            self._new_row()
            return
        path = self.path if self.path is not None else tuple(self.stack.path)
        missing = [
            s for s in self.slots if s != "policy" and s not in self.cells and not s.startswith("column:")
        ]
        row = RawRow(dict(self.cells), path, missing, truncated=at_end and bool(missing))
        for heading in path:
            heading.tasks += 1
        self.parse.rows.append(row)
        self._new_row()

    def _fill(self, index: int, cell: Cell) -> None:
        if self.path is None and index > self.policy:
            self.path = tuple(self.stack.path)  # headings above the row's data are its headings
        self.cells[self.slots[index]] = cell
        self.pos = index + 1

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
        if not cell.text:
            return  # an empty (merged) cell
        expecting = self.slots[self.pos] if self.pos < len(self.slots) else None
        if self.seq >= 0 and self.seq_cell.match(cell.text) and (expecting == "seq" or cell.text[0] in "（("):
            if self.pos > self.seq:
                self._flush()
            self._fill(self.seq, cell)
            return
        if (self.policy >= 0 and expecting != "text") or not self.cells:
            heading = match_heading(cell.text, line=cell.line)
            if heading is not None:
                if self.pos > self.policy and self._data_started():
                    self._flush()
                self._heading_events(self.stack.push(heading))
                self.pos = max(self.pos, self.policy)
                return
        index = self._next_data_slot(cell)
        if index is None:
            self._flush()
            index = self._next_data_slot(cell)
        if index is None:
            self.parse.diags.append(diag("extra-cell", cell.line, text=cell.text))
            return
        self._fill(index, cell)

    def _next_data_slot(self, cell: Cell) -> int | None:
        candidates = [i for i in range(self.pos, len(self.slots)) if i not in (self.policy, self.seq)]
        if not candidates:
            return None
        first = candidates[0]
        if self.slots[first] in UNIT_ROLES and "deadline" in self.slots[first:]:
            value = read_deadline(cell.text)
            if not value.unrecognised and (value.due or value.immediate or value.ongoing or value.needs_year):
                return self.slots.index("deadline")
        return first

    def finish(self) -> None:
        self._flush(at_end=True)
        self._heading_events(self.stack.finish())


def parse_table(lines: tuple[Line, ...], header: Header) -> TableParse:
    parse = TableParse()
    parse.consumed.update(range(header.line, header.end_line + 1))
    splitter = cells_per_line if header.layout == "cell-per-line" else cells_per_row
    machine = RowMachine(header, parse)
    for cell in splitter(lines, header.end_index, parse):
        machine.feed(cell)
    machine.finish()
    return parse
