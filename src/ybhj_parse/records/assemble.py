"""Stage 3: raw rows → validated :class:`~ybhj_parse.model.records.Task` records and the document.

Field normalisers (units, deadlines) run here; every diagnostic keeps the
line of the cell it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from ybhj_parse.blocks.table import ROLE_LABELS, RawRow
from ybhj_parse.model.diagnostics import Diag, diag
from ybhj_parse.model.records import Deadline, Diagnostic, Heading, HeadingRef, Task, TaskSource
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.deadlines import find_deadline, read_deadline
from ybhj_parse.values.headings import HeadingMatch
from ybhj_parse.values.units import UnitList, parse_units

# 2022年, or the first year of a range: 2023—2025年, 2023-2025年.
_YEAR = regex.compile(r"((?:19|20)\d{2})(?:\s*[—–\-－~～至到]\s*(?:19|20)?\d{2})?\s*年")


def document_year(*texts: str | None) -> int | None:
    """The year a document speaks of: the first 4-digit year in its title (or date), the first
    of a range (2023—2025年)."""
    for text in texts:
        if text:
            m = _YEAR.search(text)
            if m:
                return int(m.group(1))
    return None


def heading_model(h: HeadingMatch) -> Heading:
    return Heading(marker=h.marker, no=h.no, title=h.title, line=h.line, style=h.style)


def heading_ref(h: HeadingMatch | None) -> HeadingRef | None:
    return None if h is None else HeadingRef(no=h.no, title=h.title, line=h.line)


def to_diagnostics(diags: Iterable[Diag]) -> list[Diagnostic]:
    ordered = sorted(diags, key=lambda d: (d.line if d.line is not None else 0, d.code))
    return [
        Diagnostic(
            severity=d.severity,
            code=d.code,
            message=d.message,
            line=d.line,
            end_line=d.end_line,
            field=d.field,
        )
        for d in ordered
    ]


# Columns whose absence is reported as a missing value of the record (below), not as a
# missing cell; the number column is reported by the numbering check.
_VALUE_COLUMNS = ("seq", "text", "lead", "deadline")
_OTHER_UNIT_COLUMN = {"lead": "responsible", "responsible": "lead"}


class TaskAssembler:
    """Turns rows into tasks, collecting aliases, scope definitions and diagnostics."""

    def __init__(self, year: int | None, labels: dict[str, str] | None = None) -> None:
        self.year = year
        self.labels = {**ROLE_LABELS, **(labels or {})}  # role → the column name the header uses
        self.aliases: dict[str, str] = {}
        self.scope_definitions: dict[str, list[str]] = {}
        self.diags: list[Diag] = []

    def _units(self, row: RawRow, role: str) -> UnitList:
        cell = row.cells.get(role)
        if cell is None:
            return UnitList()
        units = parse_units(cell.text, extra_separators=row.unit_separators)
        for name in units.run_together:
            parts = parse_units(name).units
            self.diags.append(diag("units-run-together", cell.line, text=name, names="、".join(parts)))
        self.aliases.update(units.aliases)
        for scope, members in units.scope_definitions.items():
            self.scope_definitions.setdefault(scope, members)
        return units

    def task(self, row: RawRow, seq: int, label: str) -> Task:
        problems: list[str] = []

        def report(d: Diag) -> None:
            self.diags.append(d)
            if d.severity != "info":
                problems.append(d.code)

        def lost(role: str) -> bool:  # the file ended before this cell: reported once, as truncated-row
            return row.truncated and role in row.missing

        if row.truncated:
            columns = "、".join(self.labels.get(role, role) for role in row.missing)
            report(diag("truncated-row", row.end_line, seq=seq, columns=columns))
        for role in row.missing:
            if role in _VALUE_COLUMNS or lost(role):
                continue
            field = _FIELD.get(role, role)
            other = _OTHER_UNIT_COLUMN.get(role)
            if other in row.cells:
                # One unit cell where the header has two: which one was lost cannot be told.
                report(
                    diag(
                        "unit-cell-missing",
                        row.line,
                        field=field,
                        seq=seq,
                        lead=self.labels["lead"],
                        responsible=self.labels["responsible"],
                        cell_line=row.cells[other].line,
                        read_as=self.labels[other],
                    )
                )
            else:
                report(
                    diag("missing-cell", row.line, field=field, seq=seq, column=self.labels.get(role, role))
                )
        lead, responsible = self._units(row, "lead"), self._units(row, "responsible")
        cells = {_FIELD.get(role, role): cell.line for role, cell in row.cells.items()}
        places = {_FIELD.get(role, role): cell.column for role, cell in row.cells.items() if cell.column}
        marked = lead.marked_leads + responsible.marked_leads  # 市政务服务中心（牵头）
        if marked:
            lead.units = [*lead.units, *(u for u in marked if u not in lead.units)]
            cells.setdefault("lead_units", cells.get("responsible_units", row.line))
        if row.first_listed_leads and not lead.units and responsible.units:
            lead.units, responsible.units = responsible.units[:1], responsible.units[1:]
            cells["lead_units"] = cells["responsible_units"]
        text_cell = row.cells.get("text")
        text = squeeze_cjk_spaces(text_cell.text) if text_cell else ""
        if not text and not lost("text"):
            report(diag("missing-text", row.line, field="text", seq=seq, column=self.labels["text"]))
        if not lead.units and not lost("lead"):
            where = row.cells["lead"].line if "lead" in row.cells else row.line
            if not row.lead_optional:
                report(
                    diag("missing-lead-unit", where, field="lead_units", seq=seq, column=self.labels["lead"])
                )
            elif responsible.units or responsible.all_districts:
                report(diag("lead-not-named", where, field="lead_units", seq=seq))
        deadline = self._deadline(row, seq, report, lost("deadline"))
        path = list(row.path)
        return Task(
            seq=seq,
            label=label,
            section=heading_ref(path[0] if path else None),
            measure=heading_ref(path[1] if len(path) > 1 else None),
            headings=[heading_model(h) for h in path],
            text=text,
            lead_units=lead.units,
            responsible_units=responsible.units,
            all_districts=lead.all_districts or responsible.all_districts,
            units_open_ended=lead.open_ended or responsible.open_ended,
            scope_words=lead.scope_words + responsible.scope_words,
            deadline=deadline,
            problems=sorted(set(problems)),
            source=TaskSource(
                line=row.line,
                end_line=row.end_line,
                cells=cells,
                columns=places or None,  # places on the line; records.provenance makes them columns
            ),
        )

    def _deadline(self, row: RawRow, seq: int, report: Callable[[Diag], None], lost: bool) -> Deadline | None:
        cell = row.cells.get("deadline")
        if cell is None or not cell.text:
            # A table without a deadline column gives no deadlines and no diagnostics.
            if "deadline" in row.missing and not lost:
                column = self.labels["deadline"]
                report(diag("missing-deadline", row.line, field="deadline", seq=seq, column=column))
            return None
        raw = squeeze_cjk_spaces(cell.text)
        value = read_deadline(raw, year=self.year)
        if value.unrecognised and row.deadline_source != "column":
            # Prose (完成时限：3月底前完成初步方案，年底前全面完成): the first deadline phrase in it.
            found = find_deadline(raw, year=self.year)
            if found is not None:
                value = found.value
                value.raw = raw
        for phrase in value.unrecognised:
            report(diag("deadline-unrecognised", cell.line, field="deadline", seq=seq, phrase=phrase))
        for phrase in value.needs_year:
            report(diag("deadline-year-missing", cell.line, field="deadline", seq=seq, phrase=phrase))
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
