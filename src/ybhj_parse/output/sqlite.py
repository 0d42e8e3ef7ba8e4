"""Datasets → a SQLite database, with the standard library's sqlite3.

Tables: ``documents`` (one row per input), then the tables of
:mod:`ybhj_parse.output.tables` with the document's number in place of its path:
``tasks``, ``task_units`` (document, seq, role, position, the unit as written, its id),
``targets``, ``pilot_items``, ``pilot_item_units`` and ``diagnostics``, each with its
key, foreign keys to ``documents`` and indexes on the columns people filter by
(unit, unit_id, deadline_due, section_no).  A key holding a record's number (``seq``) is an
index, not a unique constraint: a document may number two tasks alike (a ``seq-duplicate``
warning, both records kept), and the database holds what the JSON holds.  ``SELECT … FROM task_units WHERE unit_id = …``
answers "what does this office owe".

The database is built in a temporary file beside the target and renamed over it.  It is
not byte-for-byte reproducible across SQLite versions (the file header records the
library's version), which is why ``make data`` does not keep one in ``data/out/``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ybhj_parse.model.records import Dataset
from ybhj_parse.output.tables import ColumnType, Table, Value, record_tables

_SQL_TYPES: dict[ColumnType, str] = {
    "string": "TEXT",
    "list": "TEXT",
    "date": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "number": "REAL",
}
_INDEXES = {
    "tasks": ["deadline_due", "section_no"],
    "task_units": ["unit_id", "unit"],
    "pilot_item_units": ["unit_id", "unit"],
    "targets": ["unit"],
    "diagnostics": ["code"],
}
_DOCUMENTS = """CREATE TABLE documents (
  document INTEGER PRIMARY KEY,
  source_path TEXT,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  layout TEXT NOT NULL,
  title TEXT NOT NULL,
  issuer TEXT,
  doc_number TEXT,
  date TEXT,
  tasks INTEGER NOT NULL,
  pilot_items INTEGER,
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL
)"""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table) -> list[str]:
    columns = ["document", *table.columns[1:]]  # source_path → the document's number
    types = ["INTEGER NOT NULL REFERENCES documents(document)"]
    types += [_SQL_TYPES[t] for t in table.types[1:]]
    key = ["document", *table.key[1:]]
    body = [f"{_quote(c)} {t}" for c, t in zip(columns, types, strict=True)]
    if "seq" not in key:
        body.append(f"PRIMARY KEY ({', '.join(map(_quote, key))})")
    statements = [f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(body) + "\n)"]
    if "seq" in key:
        index = _quote(f"{table.name}_key")
        statements.append(f"CREATE INDEX {index} ON {_quote(table.name)} ({', '.join(map(_quote, key))})")
    for column in _INDEXES.get(table.name, []):
        index = _quote(f"{table.name}_{column}")
        statements.append(f"CREATE INDEX {index} ON {_quote(table.name)} ({_quote(column)})")
    return statements


def _sql_value(value: Value) -> str | int | float | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _document_row(number: int, dataset: Dataset) -> tuple[object, ...]:
    doc = dataset.document
    severities = [d.severity for d in dataset.diagnostics]
    return (
        number,
        doc.source.path,
        doc.source.sha256,
        doc.kind,
        doc.layout,
        doc.title,
        doc.issuer,
        doc.doc_number.raw if doc.doc_number else None,
        doc.date.isoformat() if doc.date else None,
        len(dataset.tasks),
        None if dataset.pilot_items is None else len(dataset.pilot_items),
        severities.count("error"),
        severities.count("warning"),
    )


def _fill(connection: sqlite3.Connection, datasets: Sequence[Dataset]) -> None:
    empty = record_tables([], every=True)
    for statement in [_DOCUMENTS, *(s for table in empty for s in _create(table))]:
        connection.execute(statement)
    connection.executemany(
        f"INSERT INTO documents VALUES ({', '.join('?' * 13)})",
        [_document_row(n, d) for n, d in enumerate(datasets, 1)],
    )
    for number, dataset in enumerate(datasets, 1):
        for table in record_tables([dataset], every=True):
            marks = ", ".join("?" * len(table.columns))
            connection.executemany(
                f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                [[number, *(_sql_value(v) for v in row[1:])] for row in table.rows],
            )


def write_sqlite(path: Path, datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> None:
    """Build the database in the (new, empty) file ``path`` (its columns have machine names)."""
    items = [datasets] if isinstance(datasets, Dataset) else list(datasets)
    connection = sqlite3.connect(path)
    try:
        with connection:
            _fill(connection, items)
    finally:
        connection.close()
