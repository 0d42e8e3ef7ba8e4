"""Where each record stands in an original file: its table, row and page, and the table
column of each field, beside the lines of the text the file was rendered to.

The table stage knows a field's place on its row's line (the n-th tab-separated cell);
the rendered row knows which table cell each place holds (a place left empty under a
merged cell is that merged cell's column).  A text export has no tables: its records
cite lines only, and carry no origin fields at all.
"""

from __future__ import annotations

from ybhj_parse.model.records import Dataset, TaskSource
from ybhj_parse.source.document import Origin, SourceText


def _places(source: SourceText) -> dict[int, tuple[Origin, dict[int, int]]]:
    """Rendered line → (the row's first origin, place on the line → table column)."""
    found: dict[int, tuple[Origin, dict[int, int]]] = {}
    for table in source.tables:
        for row in table.rows:
            origins = [c.origin for c in row.cells if c.origin is not None]
            if origins:
                found[row.line] = (origins[0], dict(enumerate((o.column for o in origins), start=1)))
    return found


def _locate(where: TaskSource, places: dict[int, tuple[Origin, dict[int, int]]]) -> None:
    found = places.get(where.line)
    if found is None:
        where.columns = None
        return
    origin, columns = found
    where.table, where.row, where.page = origin.table, origin.row, origin.page
    if where.columns is not None:
        where.columns = {name: columns[place] for name, place in where.columns.items() if place in columns}


def locate(dataset: Dataset, source: SourceText) -> Dataset:
    """Fill in the origin of every task and pilot item (in place); clear it for a text export."""
    places = _places(source)
    for task in dataset.tasks:
        _locate(task.source, places)
    for item in dataset.pilot_items or []:
        _locate(item.source, places)
    return dataset
