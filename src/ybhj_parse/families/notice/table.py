"""Notice stage 2 (table): attachment-table lines → cells → raw rows with their group labels.

Rows are one per line, cells tab-separated.  The columns come from a header
row when the table has one (mapped by the names in ``rules/notice.yaml``, in
whatever order they stand), else from the table family's known profile.  A
group label (``鄂城区 (8项)``) stands in the row's leading cell, or alone on a
line of its own above the rows it heads; this stage only records where it was
printed: carrying it forward is the group stage's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ybhj_parse.blocks.separators import Cell
from ybhj_parse.model.diagnostics import Diagnostic, diag
from ybhj_parse.rules.loader import TableProfile, column_rules, notice_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import squeeze_cjk_spaces


@dataclass(frozen=True, slots=True)
class GroupLabel:
    text: str  # as written, stray spaces removed: 临空经济区(2项)
    group: str  # the name in it: 临空经济区
    count: int | None  # the count in it, when printed: 2
    line: int


@dataclass(slots=True)
class PilotRow:
    seq: int
    cells: dict[str, Cell]  # field → cell (the group cell is not among them: see label)
    line: int
    label: GroupLabel | None = None


@dataclass(slots=True)
class PilotTable:
    profile: TableProfile
    columns: list[str]  # the header as written, or the profile's names when there is no header
    header_line: int | None
    rows: list[PilotRow] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)


def _cells(line: Line) -> list[str]:
    return [cell.strip() for cell in line.raw.split("\t")]


def _name(cell: str) -> str:
    return squeeze_cjk_spaces(cell).replace(" ", "")


def header_fields(cells: list[str], profile: TableProfile) -> list[str | None] | None:
    """The field of each column when ``cells`` is a header row of this table family, else None."""
    fields = [profile.names.get(_name(cell)) for cell in cells]
    if sum(f is not None for f in fields) < profile.min_header_cells:
        return None
    if profile.unnamed_leading_column and cells and not cells[0]:
        fields[0] = profile.unnamed_leading_column
    return fields


def read_label(text: str, line: int, profile: TableProfile) -> GroupLabel | None:
    text = squeeze_cjk_spaces(text)
    m = profile.group_label.match(text)
    if m is None:
        return None
    count = m.group("count")
    return GroupLabel(text=text, group=m.group("group"), count=int(count) if count else None, line=line)


def _align(cells: list[str], fields: list[str | None], profile: TableProfile) -> list[str | None] | None:
    """The field of each cell of a row, allowing for the optional cells at either end; None if it does not fit."""
    seq = column_rules().seq_cell
    fields = list(fields)
    leading = profile.unnamed_leading_column
    if (
        len(cells) > len(fields)
        and leading
        and leading not in fields
        and cells[0]
        and not seq.match(cells[0])
    ):
        fields.insert(0, leading)  # a group column the header does not name
    elif len(cells) < len(fields) and fields[0] in profile.optional and cells and seq.match(cells[0]):
        fields = fields[1:]  # the export dropped the empty leading cell
    if len(cells) < len(fields) and all(f in profile.optional for f in fields[len(cells) :]):
        fields = fields[: len(cells)]  # trailing optional cells (备注) left out
    if len(cells) > len(fields) and not any(cells[len(fields) :]):
        fields += [None] * (len(cells) - len(fields))  # trailing empty cells
    return fields if len(cells) == len(fields) else None


def _lost_inner_cell(cells: list[str], aligned: list[str | None], fields: list[str | None]) -> bool:
    """The row was read as one whose optional last cell (备注) was left out, yet it ends
    with an empty cell: that cell is there, so a cell inside the row is what was lost."""
    return bool(fields) and fields[-1] not in aligned and len(cells) > 1 and cells[-1] == ""


def _fits(cells: list[str], profile: TableProfile) -> bool:
    fields = _align(cells, list(profile.profile), profile)
    if fields is None or "seq" not in fields:
        return False
    return bool(column_rules().seq_cell.match(cells[fields.index("seq")]))


def choose_profile(lines: list[Line]) -> tuple[TableProfile, int | None, list[str | None]] | None:
    """The table family whose header (or, lacking one, whose column order) fits the rows."""
    profiles = notice_rules().tables
    for profile in profiles:
        for index, line in enumerate(lines):
            fields = header_fields(_cells(line), profile)
            if fields is not None:
                return profile, index, fields
    best = max(profiles, key=lambda p: sum(_fits(_cells(line), p) for line in lines), default=None)
    if best is None or not any(_fits(_cells(line), best) for line in lines):
        return None
    return best, None, list(best.profile)


def _columns(
    lines: list[Line], profile: TableProfile, header_index: int | None, fields: list[str | None]
) -> list[str]:
    """The header's cells as written, or, without a header, the profile's names of its columns."""
    if header_index is not None:
        return [squeeze_cjk_spaces(c) for c in _cells(lines[header_index]) if c]
    return [next(n for n, f in profile.names.items() if f == role) for role in fields if role != "group"]


def _group_cell(text: str, line: int, profile: TableProfile) -> GroupLabel:
    """The group in a row's leading cell: a label (鄂城区(8项)) or a bare name."""
    name = squeeze_cjk_spaces(text)
    return read_label(text, line, profile) or GroupLabel(text=name, group=name, count=None, line=line)


class _TableReader:
    """Reads the table's lines in order; a group label alone on its line waits for the next row."""

    def __init__(self, table: PilotTable, fields: list[str | None], header_text: list[str] | None) -> None:
        self.table, self.fields, self.header_text = table, fields, header_text
        self.pending: GroupLabel | None = None
        self.seq_cell = column_rules().seq_cell

    def read(self, line: Line) -> None:
        cells = _cells(line)
        if self.header_text is not None and [_name(c) for c in cells] == self.header_text:
            self.table.consumed.add(line.number)  # the header, or its repeat at a page break
            return
        filled = [c for c in cells if c]
        if len(filled) == 1 and not self.seq_cell.match(filled[0]):
            label = read_label(filled[0], line.number, self.table.profile)
            if label is not None:
                self.pending = label
                self.table.consumed.add(line.number)
                return
        self._row(line, cells, len(filled))

    def _row(self, line: Line, cells: list[str], filled: int) -> None:
        table, fields, profile = self.table, self.fields, self.table.profile
        aligned = _align(cells, fields, profile)
        seq_match = (
            self.seq_cell.match(cells[aligned.index("seq")])
            if aligned is not None and "seq" in aligned
            else None
        )
        if aligned is None or seq_match is None:
            table.diags.append(
                diag(
                    "row-unreadable",
                    line.number,
                    profile=profile.name,
                    cells=filled,
                    expected=len(fields),
                    text=line.text[:40],
                )
            )
            return
        row = PilotRow(seq=int(seq_match.group("no")), cells={}, line=line.number, label=self.pending)
        if _lost_inner_cell(cells, aligned, fields):
            table.diags.append(
                diag("row-short", line.number, seq=row.seq, cells=len(cells), expected=len(fields))
            )
        self.pending = None
        for role, text in zip(aligned, cells, strict=True):
            if role == "group" and text:
                row.label = _group_cell(text, line.number, profile)
            elif role is not None and role != "group":
                row.cells[role] = Cell(text, line.number, line.number)
        table.rows.append(row)
        table.consumed.add(line.number)

    def finish(self) -> None:
        if self.pending is not None:  # a label with no row under it
            self.table.diags.append(diag("stray-line", self.pending.line, text=self.pending.text))


def read_table(lines: list[Line]) -> PilotTable | None:
    """Read the attachment table; None when no known table family fits its lines."""
    chosen = choose_profile(lines)
    if chosen is None:
        return None
    profile, header_index, fields = chosen
    header_line = lines[header_index].number if header_index is not None else None
    columns = _columns(lines, profile, header_index, fields)
    table = PilotTable(profile=profile, columns=columns, header_line=header_line)
    header_text = [_name(c) for c in _cells(lines[header_index])] if header_index is not None else None
    reader = _TableReader(table, fields, header_text)
    for line in lines:
        reader.read(line)
    reader.finish()
    return table
