"""Stage 3: raw rows → validated :class:`~ybhj_parse.model.records.Task` records and the document.

Field normalisers (units, deadlines) run here; every diagnostic keeps the
line of the cell it is about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ybhj_parse.blocks.table import RawRow
from ybhj_parse.model.diagnostics import Diagnostics
from ybhj_parse.model.records import Deadline, Heading, HeadingRef, Task, TaskSource
from ybhj_parse.rules.loader import column_rules, deadline_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.deadlines import find_deadline, latest_due_in, shared_deadline_reading
from ybhj_parse.values.headings import HeadingMatch
from ybhj_parse.values.targets import find_keywords, find_targets
from ybhj_parse.values.units import UnitList, parse_people, shared_unit_parse


def document_year(*texts: str | None) -> int | None:
    """The year a document speaks of: the first 4-digit year in its title (or date), the first
    of a range (2023—2025年)."""
    for text in texts:
        if text:
            m = deadline_rules().document_year.search(text)
            if m:
                return int(m.group("year"))
    return None


def year_in_text(lines: Iterable[Line]) -> tuple[int, int, int] | None:
    """The year a document with no year in its title, date or number works in, as a reader takes
    it: the year its text names most often on its own (2019年…活动, not 2024年6月底前), the
    latest of those named as often (完成2022年度… beside 开展2023年度…: a plan names last year's
    work too), the
    line it is first named on and how often; None where the text names none."""
    pattern = deadline_rules().year_in_text
    counts: Counter[int] = Counter()
    first: dict[int, int] = {}
    for line in lines:
        if "年" not in line.text:
            continue
        for m in pattern.finditer(line.text):
            year = int(m.group("year"))
            counts[year] += 1
            first.setdefault(year, line.number)
    if not counts:
        return None
    top = max(counts.values())
    year = max(y for y, n in counts.items() if n == top)  # a plan names last year's work too
    return year, first[year], top


def text_year(lines: Iterable[Line], sink: Diagnostics) -> int | None:
    """:func:`year_in_text`, said in an info citing the line that first names it."""
    found = year_in_text(lines)
    if found is None:
        return None
    year, line, count = found
    sink.report("year-from-text", line, year=year, count=count)
    return year


def heading_model(h: HeadingMatch) -> Heading:
    return Heading(marker=h.marker, no=h.no, title=h.title, line=h.line, style=h.style)


def heading_ref(h: HeadingMatch | None) -> HeadingRef | None:
    return None if h is None else HeadingRef(no=h.no, title=h.title, line=h.line)


# Columns whose absence is reported as a missing value of the record (below), not as a
# missing cell; the number column is reported by the numbering check.
_VALUE_COLUMNS = ("seq", "text", "lead", "deadline")
_OTHER_UNIT_COLUMN = {"lead": "responsible", "responsible": "lead"}
# The units of a row without the cell (read only, as every parse _units hands out).
_NO_UNITS = UnitList()


def _lost(row: RawRow, role: str) -> bool:
    """The file ended before this cell of the row: reported once, as truncated-row."""
    return row.truncated and role in row.missing


def _cell_fields(row: RawRow) -> tuple[dict[str, int], dict[str, int] | None, dict[str, str]]:
    """What a row's cells give, in one pass: field → the line its value came from; field → its
    cell's place on a tab-separated row's line (records.provenance makes these the columns of an
    original file's table), None when the cells are not on one line; and the cells of the columns
    kept as written, keyed by the header as written."""
    lines: dict[str, int] = {}
    places: dict[str, int] = {}
    kept: dict[str, str] = {}
    for role, cell in row.cells.items():
        field = _FIELD.get(role, role)
        lines[field] = cell.line
        if cell.place:
            places[field] = cell.place
        if cell.text and role.startswith("column:"):
            kept[role.removeprefix("column:")] = squeeze_cjk_spaces(cell.text)
    return lines, places or None, kept


class TaskAssembler:
    """Turns rows into tasks, collecting aliases and scope definitions; its diagnostics go to
    the parse's sink (a task's ``problems`` are derived from them when the parse ends)."""

    def __init__(self, year: int | None, sink: Diagnostics, labels: dict[str, str] | None = None) -> None:
        self.year = year
        self.sink = sink
        self.labels = {**column_rules().labels, **(labels or {})}  # role → the column name the header uses
        self.aliases: dict[str, str] = {}
        self.scope_definitions: dict[str, list[str]] = {}
        # A document repeats its unit cells (市市场监管局 on row after row): each text is split once.
        self._unit_parses: dict[tuple[str, str], UnitList] = {}
        # Every task under a heading cites it: its models are built once and shared (never changed).
        self._headings: dict[int, tuple[HeadingMatch, Heading, HeadingRef]] = {}

    def _heading(self, h: HeadingMatch) -> tuple[Heading, HeadingRef]:
        built = self._headings.get(id(h))
        if built is None or built[0] is not h:  # the match is kept, so its id stays its own
            built = self._headings[id(h)] = (
                h,
                heading_model(h),
                HeadingRef(no=h.no, title=h.title, line=h.line),
            )
        return built[1], built[2]

    def _units(self, row: RawRow, role: str) -> UnitList:
        """The parse of a unit cell, the one object for every row (and document) with its text:
        read, never changed (a task's lists are its own once the dataset is validated, which
        copies every value)."""
        cell = row.cells.get(role)
        if cell is None:
            return _NO_UNITS
        key = (cell.text, row.unit_separators)
        units = self._unit_parses.get(key)
        if units is None:
            units = self._unit_parses[key] = shared_unit_parse(cell.text, row.unit_separators)
            self.aliases.update(units.aliases)
            for scope, members in units.scope_definitions.items():
                self.scope_definitions.setdefault(scope, members)
        for name in units.run_together:
            parts = shared_unit_parse(name).units
            self.sink.report("units-run-together", cell.line, text=name, names="、".join(parts))
        return units

    def task(self, row: RawRow, seq: int, label: str) -> Task:
        """The task of one row, its problems reported in order: the cells the row lacks, the
        units it names, the values it lacks, its deadline."""
        self._report_missing_cells(row, seq)
        lead, responsible = self._units(row, "lead"), self._units(row, "responsible")
        cells, places, kept = _cell_fields(row)
        lead_units, responsible_units = self._unit_lists(row, lead, responsible, cells)
        text_cell = row.cells.get("text")
        text = squeeze_cjk_spaces(text_cell.text) if text_cell else ""
        others_named = bool(responsible_units) or responsible.all_districts
        self._report_missing_values(row, seq, text, lead_units, others_named)
        deadline = self._deadline(row, seq, _lost(row, "deadline"))
        built = [self._heading(h) for h in row.path]
        return Task(
            seq=seq,
            label=label,
            section=built[0][1] if built else None,
            measure=built[1][1] if len(built) > 1 else None,
            headings=[heading for heading, _ref in built],
            text=text,
            lead_units=lead_units,
            responsible_units=responsible_units,
            leaders=[
                *(parse_people(row.cells["leaders"].text) if "leaders" in row.cells else []),
                *lead.people,
                *responsible.people,
            ],
            all_districts=lead.all_districts or responsible.all_districts,
            units_open_ended=lead.open_ended or responsible.open_ended,
            scope_words=lead.scope_words + responsible.scope_words,
            deadline=deadline,
            extra=kept,
            targets=find_targets(text),
            keywords=find_keywords(text),
            source=TaskSource(line=row.line, end_line=row.end_line, cells=cells, columns=places),
        )

    def _report_missing_cells(self, row: RawRow, seq: int) -> None:
        """A row cut off by the end of the file (once, for all its lost cells), and each cell a
        row lacks but those whose absence is reported as a missing value."""
        if row.truncated:
            columns = "、".join(self.labels.get(role, role) for role in row.missing)
            self.sink.report("truncated-row", row.end_line, seq=seq, columns=columns)
        for role in row.missing:
            if role in _VALUE_COLUMNS or _lost(row, role):
                continue
            field = _FIELD.get(role, role)
            other = _OTHER_UNIT_COLUMN.get(role)
            if other in row.cells:
                # One unit cell where the header has two: which one was lost cannot be told.
                self.sink.report(
                    "unit-cell-missing",
                    row.line,
                    field=field,
                    seq=seq,
                    lead=self.labels["lead"],
                    responsible=self.labels["responsible"],
                    cell_line=row.cells[other].line,
                    read_as=self.labels[other],
                )
            else:
                self.sink.report(
                    "missing-cell", row.line, field=field, seq=seq, column=self.labels.get(role, role)
                )

    def _unit_lists(
        self, row: RawRow, lead: UnitList, responsible: UnitList, cells: dict[str, int]
    ) -> tuple[list[str], list[str]]:
        """The lead and responsible units (and in ``cells`` the line they came from): a unit marked
        （牵头） leads; where the document says the first unit listed leads, it does."""
        lead_units, responsible_units = lead.units, responsible.units
        marked = lead.marked_leads + responsible.marked_leads  # 市政务服务中心（牵头）
        if marked:
            lead_units = [*lead_units, *(u for u in marked if u not in lead_units)]
            cells.setdefault("lead_units", cells.get("responsible_units", row.line))
        if row.first_listed_leads and not lead_units and responsible_units:
            lead_units, responsible_units = responsible_units[:1], responsible_units[1:]
            cells["lead_units"] = cells["responsible_units"]
        return lead_units, responsible_units

    def _report_missing_values(
        self, row: RawRow, seq: int, text: str, lead_units: list[str], others_named: bool
    ) -> None:
        """No task text, or no lead unit (in prose, where a lead may go unnamed: only when the
        task names other units)."""
        if not text and not _lost(row, "text"):
            self.sink.report("missing-text", row.line, field="text", seq=seq, column=self.labels["text"])
        if lead_units or _lost(row, "lead"):
            return
        where = row.cells["lead"].line if "lead" in row.cells else row.line
        if not row.lead_optional:
            self.sink.report(
                "missing-lead-unit", where, field="lead_units", seq=seq, column=self.labels["lead"]
            )
        elif others_named:
            self.sink.report("lead-not-named", where, field="lead_units", seq=seq)

    def _deadline(self, row: RawRow, seq: int, lost: bool) -> Deadline | None:
        cell = row.cells.get("deadline")
        if cell is None or not cell.text:
            # A table without a deadline column gives no deadlines and no diagnostics.
            if "deadline" in row.missing and not lost:
                column = self.labels["deadline"]
                self.sink.report("missing-deadline", row.line, field="deadline", seq=seq, column=column)
            return None
        raw = squeeze_cjk_spaces(cell.text)
        value = shared_deadline_reading(raw, year=self.year)  # read only: its fields are copied below
        if value.unrecognised and row.deadline_source != "column":
            # Prose (完成时限：3月底前完成初步方案，年底前全面完成): the first deadline phrase in it.
            found = find_deadline(raw, year=self.year)
            if found is not None:
                value = found.value  # a copy of its own (find_deadline reads with read_deadline)
                value.raw = raw
        elif value.unrecognised:
            # A cell of milestones in words (1、…7月1日投入试运营 2、…2022年12月底完成): due at the
            # latest date it names; the words not understood are still reported.
            latest = latest_due_in(raw, year=self.year)
            if latest is not None and (value.due is None or latest > value.due):
                value = value.copy()  # the shared reading is read only
                value.due = latest
        for phrase in value.unrecognised:
            self.sink.report("deadline-unrecognised", cell.line, field="deadline", seq=seq, phrase=phrase)
        for phrase in value.needs_year:
            self.sink.report("deadline-year-missing", cell.line, field="deadline", seq=seq, phrase=phrase)
        return Deadline(
            raw=raw,
            due=value.due,
            immediate=value.immediate,
            ongoing=value.ongoing,
            recurring=value.recurring,
            source=row.deadline_source,
            line=cell.line,
        )


_FIELD = {
    "lead": "lead_units",
    "responsible": "responsible_units",
    "text": "text",
    "deadline": "deadline",
    "seq": "seq",
}
