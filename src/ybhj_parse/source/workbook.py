"""Workbooks (.xlsx, .xls, .ods), read with python-calamine: every visible sheet that holds
cells, one table each, merged ranges as the spans of their top-left cell, dates written as
dates (2022年5月31日) and whole numbers without a decimal point."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ybhj_parse.errors import InputError
from ybhj_parse.source.placed import Block, Placed, cell_text, need


def value_text(value: Any) -> str:
    """A cell's value as the text a reader of the sheet sees."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(str(value).splitlines())


def sheet_cells(rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[Placed]:
    """The sheet's cells at their grid places; a merged range is one cell at its top left."""
    spans = {start: (end[0] - start[0] + 1, end[1] - start[1] + 1) for start, end in merged}
    covered = {
        (r, c)
        for (r0, c0), (r1, c1) in merged
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    height = max([len(rows), *(end[0] + 1 for _, end in merged)])
    width = max([0, *(len(row) for row in rows), *(end[1] + 1 for _, end in merged)])
    cells: list[Placed] = []
    for r in range(height):
        row = rows[r] if r < len(rows) else []
        for c in range(width):
            if (r, c) in covered:
                continue
            text = value_text(row[c]) if c < len(row) else ""
            row_span, col_span = spans.get((r, c), (1, 1))
            cells.append(Placed(text, r, c, row_span, col_span))
    return cells


def read_workbook(data: bytes, shown: str, fmt: str) -> list[Block]:
    calamine = need(fmt, shown)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            book.get_sheet_by_name(meta.name)
            for meta in book.sheets_metadata
            if str(meta.visible).endswith("Visible") and str(meta.typ).endswith("WorkSheet")
        ]
        blocks = []
        for sheet in sheets:
            rows = sheet.to_python(skip_empty_area=False)
            if any(str(v).strip() for row in rows for v in row):
                blocks.append(Block(cells=sheet_cells(rows, list(sheet.merged_cell_ranges or []))))
    except calamine.PasswordError:
        raise InputError(
            "a password-protected workbook; save it without a password first", path=shown
        ) from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise InputError(f"not a readable workbook ({exc})", path=shown) from None
    if not blocks:
        raise InputError("the workbook holds no table: every sheet is empty", path=shown)
    return blocks


def read_xlsx(data: bytes, shown: str, encoding: str | None = None) -> tuple[list[Block], str]:
    """An Excel workbook's visible sheets, each a table (``encoding`` is not used)."""
    return read_workbook(data, shown, "xlsx"), "utf-8"


def read_xls(data: bytes, shown: str, encoding: str | None = None) -> tuple[list[Block], str]:
    """An old Excel workbook's visible sheets."""
    return read_workbook(data, shown, "xls"), "utf-8"


def read_ods(data: bytes, shown: str, encoding: str | None = None) -> tuple[list[Block], str]:
    """An OpenDocument spreadsheet's visible sheets."""
    return read_workbook(data, shown, "ods"), "utf-8"
