"""Workbooks (.xlsx, .xls, .ods), read with python-calamine: every visible sheet that holds
cells, one table each, merged ranges as the spans of their top-left cell, dates written as
dates (2022年5月31日) and whole numbers without a decimal point."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import regex

from ybhj_parse.errors import InputError
from ybhj_parse.source.limits import MAX_SHEET_CELLS
from ybhj_parse.source.placed import Block, Placed, cell_text, need

Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def value_text(value: Any) -> str:
    """A cell's value as the text a reader of the sheet sees."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(str(value).splitlines())


def sheet_cells(rows: list[list[Any]], merged: Merged) -> list[Placed]:
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


def _check_size(sheet: Any, merged: Merged, shown: str) -> None:
    """Refuse a sheet whose grid, merged ranges included, is beyond MAX_SHEET_CELLS places."""
    height = max([sheet.height or 0, *(end[0] + 1 for _, end in merged)])
    width = max([sheet.width or 0, *(end[1] + 1 for _, end in merged)])
    if height * width > MAX_SHEET_CELLS:
        raise InputError(
            f"sheet {sheet.name!r} spans {height} rows × {width} columns, more than the "
            f"{MAX_SHEET_CELLS} places a task table is read in (a cell or a merged range far "
            "from the table?)",
            path=shown,
        )


# A cell's or a merged range's far corner in a sheet's XML (<c r="J1000000">, <mergeCell
# ref="A10:J1000000">); the sheet's <dimension> is a claim, not a cell, and is left out.
_CELL_REF = regex.compile(
    rb'<(?:c|mergeCell)\s[^>]*?\b(?:r|ref)="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"'
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_xlsx_extent(data: bytes, shown: str) -> None:
    """Refuse an .xlsx sheet whose cells reach beyond MAX_SHEET_CELLS places, read from its XML
    before the library lays the sheet out as a dense grid (a cell at XFD1048576 is 17 billion)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            refs = _CELL_REF.findall(archive.read(name))
            height = max((int(row) for _, row in refs), default=0)
            width = max((_column_number(column) for column, _ in refs), default=0)
            _refuse_size(name.rpartition("/")[2].removesuffix(".xml"), height, width, shown)


def _refuse_size(sheet: str, height: int, width: int, shown: str) -> None:
    if height * width > MAX_SHEET_CELLS:
        raise InputError(
            f"sheet {sheet!r} spans {height} rows × {width} columns, more than the "
            f"{MAX_SHEET_CELLS} places a task table is read in (a cell or a merged range far "
            "from the table?)",
            path=shown,
        )


def read_workbook(data: bytes, shown: str, fmt: str) -> list[Block]:
    calamine = need(fmt, shown)
    if fmt == "xlsx":
        _check_xlsx_extent(data, shown)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            book.get_sheet_by_name(meta.name)
            for meta in book.sheets_metadata
            if str(meta.visible).endswith("Visible") and str(meta.typ).endswith("WorkSheet")
        ]
        blocks = []
        for sheet in sheets:
            merged = list(sheet.merged_cell_ranges or [])
            _check_size(sheet, merged, shown)
            rows = sheet.to_python(skip_empty_area=False)
            if any(str(v).strip() for row in rows for v in row):
                blocks.append(Block(cells=sheet_cells(rows, merged)))
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
