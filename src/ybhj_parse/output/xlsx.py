"""Datasets → an Excel workbook (.xlsx), written with XlsxWriter.

One sheet per table of :mod:`ybhj_parse.output.tables`: the tasks (or pilot items) with
real numbers, dates and booleans and lists joined with 、, then the long sheets of units,
targets and diagnostics.  Each sheet has a frozen header row and filters.  No string ever
becomes a formula or a link (``strings_to_formulas``/``strings_to_urls`` off), and the
workbook's created date is fixed, so the same datasets give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ybhj_parse.model.records import Dataset
from ybhj_parse.output.headers import ZH_HEADERS
from ybhj_parse.output.tables import Table, Value, record_tables

# Written as the workbook's creation time: a fixed value keeps the bytes reproducible.
CREATED = dt.datetime(2000, 1, 1)
_WIDTHS = {"text": 60, "item": 50, "message": 60, "section_title": 24, "measure_title": 24}
_WIDE_LISTS = 30


def _write_cell(sheet: Any, row: int, col: int, value: Value, date_format: Any) -> None:
    if value is None or value == "":
        return  # an empty cell, not an empty string: filters show it as (Blanks)
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format)
    else:
        sheet.write_string(row, col, value)


def _sheet(workbook: Any, table: Table, headers: str, formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet(table.name)
    names = [ZH_HEADERS.get(c, c) for c in table.columns] if headers == "zh" else table.columns
    for col, (column, name) in enumerate(zip(table.columns, names, strict=True)):
        sheet.write_string(0, col, name, formats["header"])
        kind = table.types[col]
        width = _WIDTHS.get(column, _WIDE_LISTS if kind == "list" else 12 if kind != "string" else 18)
        sheet.set_column(col, col, width, formats["wrap"] if width >= _WIDE_LISTS else None)
    for r, values in enumerate(table.rows, 1):
        for col, value in enumerate(values):
            _write_cell(sheet, r, col, value, formats["date"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)


def to_xlsx(datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> bytes:
    import xlsxwriter

    items = [datasets] if isinstance(datasets, Dataset) else list(datasets)
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.set_properties({"created": CREATED, "title": "ybhj-parse records"})
    formats = {
        "header": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    for table in record_tables(items):
        _sheet(workbook, table, headers, formats)
    workbook.close()
    return buffer.getvalue()


def write_xlsx(path: Path, datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> None:
    """Write the workbook to the (new, empty) file ``path``."""
    path.write_bytes(to_xlsx(datasets, headers=headers))
