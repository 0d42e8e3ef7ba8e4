"""The records as typed tables: what the Excel, SQLite and Data Package writers share.

The wide tables are the CSV layouts (:data:`TASK_COLUMNS`, :data:`PILOT_COLUMNS`: one list of
columns, so a new field reaches every format), each column given a type here; the long
tables (a task's units, its targets, the diagnostics) exist only in the typed formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ybhj_parse.model.records import Dataset, PilotItem, Task

LIST_JOIN = "、"
# Targets and keywords may hold 、 themselves (“网上申请、邮寄配送”): their lists are joined with ；.
PHRASE_JOIN = "；"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _join(values: Sequence[str]) -> str:
    return LIST_JOIN.join(values)


def _join_ids(ids: Sequence[str | None]) -> str:
    """Ids aligned with their names; an unknown one (null) stays an empty place: ezhou.tax、、ezhou.court."""
    return LIST_JOIN.join(i or "" for i in ids)


# (column, getter): the CSV layouts, in column order.  validate reads them back by these names.
TASK_COLUMNS: list[tuple[str, Callable[[Task], object]]] = [
    ("seq", lambda t: t.seq),
    ("label", lambda t: t.label),
    ("section_no", lambda t: t.section.no if t.section else ""),
    ("section_title", lambda t: t.section.title if t.section else ""),
    ("measure_no", lambda t: t.measure.no if t.measure else ""),
    ("measure_title", lambda t: t.measure.title if t.measure else ""),
    ("text", lambda t: t.text),
    ("lead_units", lambda t: _join(t.lead_units)),
    ("responsible_units", lambda t: _join(t.responsible_units)),
    ("lead_unit_ids", lambda t: _join_ids(t.lead_unit_ids)),
    ("responsible_unit_ids", lambda t: _join_ids(t.responsible_unit_ids)),
    ("leaders", lambda t: _join(t.leaders)),
    ("all_districts", lambda t: _flag(t.all_districts)),
    ("district_ids", lambda t: _join(t.district_ids)),
    ("units_open_ended", lambda t: _flag(t.units_open_ended)),
    ("deadline_raw", lambda t: t.deadline.raw if t.deadline else ""),
    ("deadline_due", lambda t: t.deadline.due.isoformat() if t.deadline and t.deadline.due else ""),
    ("deadline_immediate", lambda t: _flag(bool(t.deadline and t.deadline.immediate))),
    ("deadline_ongoing", lambda t: _flag(bool(t.deadline and t.deadline.ongoing))),
    ("deadline_recurring", lambda t: _flag(bool(t.deadline and t.deadline.recurring))),
    ("extra", lambda t: PHRASE_JOIN.join(f"{name}：{value}" for name, value in t.extra.items())),
    ("targets", lambda t: PHRASE_JOIN.join(target.phrase for target in t.targets)),
    ("keywords", lambda t: PHRASE_JOIN.join(t.keywords)),
    ("problems", lambda t: _join(t.problems)),
    ("source_line", lambda t: t.source.line),
    ("source_end_line", lambda t: t.source.end_line),
]

PILOT_COLUMNS: list[tuple[str, Callable[[PilotItem], object]]] = [
    ("seq", lambda p: p.seq),
    ("group", lambda p: p.group),
    ("group_inferred", lambda p: _flag(p.group_inferred)),
    ("category", lambda p: p.category),
    ("item", lambda p: p.item),
    ("pilot_regions", lambda p: _join(p.pilot_regions)),
    ("creating_units", lambda p: _join(p.creating_units)),
    ("city_guiding_units", lambda p: _join(p.city_guiding_units)),
    ("provincial_guiding_units", lambda p: _join(p.provincial_guiding_units)),
    ("creating_unit_ids", lambda p: _join_ids(p.creating_unit_ids)),
    ("city_guiding_unit_ids", lambda p: _join_ids(p.city_guiding_unit_ids)),
    ("provincial_guiding_unit_ids", lambda p: _join_ids(p.provincial_guiding_unit_ids)),
    ("national_pilot", lambda p: _flag(p.national_pilot)),
    ("note", lambda p: p.note),
    ("problems", lambda p: _join(p.problems)),
    ("source_line", lambda p: p.source.line),
]


ColumnType = Literal["string", "integer", "number", "boolean", "date", "list"]
Value = str | int | float | bool | dt.date | None

# Columns of another type than string; a list column is text joined by its delimiter.
COLUMN_TYPES: dict[str, ColumnType] = {
    "seq": "integer",
    "section_no": "integer",
    "measure_no": "integer",
    "source_line": "integer",
    "source_end_line": "integer",
    "all_districts": "boolean",
    "units_open_ended": "boolean",
    "deadline_immediate": "boolean",
    "deadline_ongoing": "boolean",
    "deadline_recurring": "boolean",
    "group_inferred": "boolean",
    "national_pilot": "boolean",
    "deadline_due": "date",
    "lead_units": "list",
    "responsible_units": "list",
    "lead_unit_ids": "list",
    "responsible_unit_ids": "list",
    "district_ids": "list",
    "pilot_regions": "list",
    "creating_units": "list",
    "city_guiding_units": "list",
    "provincial_guiding_units": "list",
    "creating_unit_ids": "list",
    "city_guiding_unit_ids": "list",
    "provincial_guiding_unit_ids": "list",
    "leaders": "list",
    "extra": "list",
    "targets": "list",
    "keywords": "list",
    "problems": "list",
}
DELIMITERS = {"targets": PHRASE_JOIN, "keywords": PHRASE_JOIN, "extra": PHRASE_JOIN}


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its name, column names and types, key, and rows of typed values."""

    name: str
    columns: list[str]
    types: list[ColumnType]
    key: list[str]
    rows: list[list[Value]]


def delimiter(column: str) -> str:
    return DELIMITERS.get(column, LIST_JOIN)


def typed(column: str, value: object) -> Value:
    """A CSV getter's value as a value of its column's type (empty → None, except for text)."""
    kind = COLUMN_TYPES.get(column, "string")
    if kind in ("string", "list"):
        return str(value)
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(str(value))
    if kind == "boolean":
        return value is True or value == "true"
    return dt.date.fromisoformat(str(value))


def _wide(name: str, columns: Sequence[tuple[str, Callable[[Any], object]]], records: Any) -> Table:
    names = ["source_path"] + [column for column, _ in columns]
    rows = [[path] + [typed(column, get(record)) for column, get in columns] for path, record in records]
    types = [COLUMN_TYPES.get(column, "string") for column in names]
    return Table(name, names, types, ["source_path", "seq"], rows)


def _path(dataset: Dataset) -> str:
    return dataset.document.source.path or ""


def task_table(datasets: Sequence[Dataset]) -> Table:
    records = [(_path(d), task) for d in datasets for task in d.tasks]
    return _wide("tasks", TASK_COLUMNS, records)


def pilot_table(datasets: Sequence[Dataset]) -> Table:
    records = [(_path(d), item) for d in datasets for item in d.pilot_items or []]
    return _wide("pilot_items", PILOT_COLUMNS, records)


def _ids(record: Task | PilotItem, role: str, names: list[str]) -> list[str | None]:
    """The registry ids aligned with ``names`` (``lead_unit_ids`` …); None where there is none."""
    ids: list[str | None] = getattr(record, f"{role}_unit_ids")
    return [ids[i] if i < len(ids) else None for i in range(len(names))]


TASK_ROLES = ("lead", "responsible")
PILOT_ROLES = ("creating", "city_guiding", "provincial_guiding")


def _unit_rows(path: str, record: Task | PilotItem, roles: Sequence[str]) -> Iterator[list[Value]]:
    for role in roles:
        names: list[str] = getattr(record, f"{role}_units")
        for position, (name, unit_id) in enumerate(zip(names, _ids(record, role, names), strict=True), 1):
            yield [path, record.seq, role, position, name, unit_id]


_UNIT_COLUMNS = ["source_path", "seq", "role", "position", "unit", "unit_id"]
_UNIT_TYPES: list[ColumnType] = ["string", "integer", "string", "integer", "string", "string"]
_UNIT_KEY = ["source_path", "seq", "role", "position"]


def task_unit_table(datasets: Sequence[Dataset]) -> Table:
    """One row per task and unit named: role lead or responsible, the name as written, its id."""
    rows = [row for d in datasets for t in d.tasks for row in _unit_rows(_path(d), t, TASK_ROLES)]
    return Table("task_units", _UNIT_COLUMNS, _UNIT_TYPES, _UNIT_KEY, rows)


def pilot_unit_table(datasets: Sequence[Dataset]) -> Table:
    rows = [
        row for d in datasets for p in d.pilot_items or [] for row in _unit_rows(_path(d), p, PILOT_ROLES)
    ]
    return Table("pilot_item_units", _UNIT_COLUMNS, _UNIT_TYPES, _UNIT_KEY, rows)


def target_table(datasets: Sequence[Dataset]) -> Table:
    """One row per quantified target of a task."""
    columns = ["source_path", "seq", "position", "phrase", "value", "value_max", "unit", "comparator"]
    columns += ["start", "end"]
    types: list[ColumnType] = ["string", "integer", "integer", "string", "number", "number", "string"]
    types += ["string", "integer", "integer"]
    rows: list[list[Value]] = [
        [_path(d), t.seq, i, x.phrase, x.value, x.value_max, x.unit, x.comparator, x.start, x.end]
        for d in datasets
        for t in d.tasks
        for i, x in enumerate(t.targets, 1)
    ]
    return Table("targets", columns, types, ["source_path", "seq", "position"], rows)


def diagnostic_table(datasets: Sequence[Dataset]) -> Table:
    columns = ["source_path", "position", "severity", "code", "line", "end_line", "field", "message"]
    types: list[ColumnType] = ["string", "integer", "string", "string", "integer", "integer", "string"]
    types += ["string"]
    rows: list[list[Value]] = [
        [_path(d), i, x.severity, x.code, x.line, x.end_line, x.field, x.message]
        for d in datasets
        for i, x in enumerate(d.diagnostics, 1)
    ]
    return Table("diagnostics", columns, types, ["source_path", "position"], rows)


def record_tables(datasets: Sequence[Dataset], *, every: bool = False) -> list[Table]:
    """The tables of the records, in the order the writers lay them out; the pilot items only when
    a notice is among the datasets, unless ``every``."""
    tables = [task_table(datasets), task_unit_table(datasets), target_table(datasets)]
    if every or any(d.pilot_items is not None for d in datasets):
        tables += [pilot_table(datasets), pilot_unit_table(datasets)]
    return [*tables, diagnostic_table(datasets)]
