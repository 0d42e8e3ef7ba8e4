"""Write original files (Word, web page, workbook, PDF) of the seed documents, from their text
export and its canonical dataset, so that the readers can be checked against the text reader.

The task list's table is rebuilt from data/out/ezhou-2022-key-tasks.json: one row per task,
each cell's text taken from the lines of data/raw/ezhou-2022-key-tasks.txt that the record
cites (a cell continued on the next line keeps its two paragraphs), the section and measure
cells merged down over the tasks that share them, as the published table merges them.

    python tools/originals.py data/raw/ezhou-2022-key-tasks.docx

writes the Word file of the task list with the same bytes on every run (fixed ZIP times and
document dates).  The test suite imports the writers to make the other formats: a web page
(GB2312, rowspan/colspan), a workbook (merged ranges) and a PDF (reportlab's built-in
Chinese font STSong-Light, so no font file is needed).
"""

from __future__ import annotations

import datetime as dt
import html as html_escape
import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASKS_TEXT = ROOT / "data" / "raw" / "ezhou-2022-key-tasks.txt"
TASKS_JSON = ROOT / "data" / "out" / "ezhou-2022-key-tasks.json"
NOTICE_TEXT = ROOT / "data" / "raw" / "ezhou-2023-pilot-zone-notice.txt"
FIXED_TIME = (2022, 5, 1, 0, 0, 0)
ROW_FIELDS = ("seq", "text", "lead_units", "responsible_units", "deadline")


@dataclass
class Merged:
    """A cell that the rows sharing ``key`` hold in common (a section or a measure)."""

    text: str
    key: int | None


@dataclass
class TaskRow:
    section: Merged
    measure: Merged
    cells: list[list[str]]  # each cell's paragraphs: number, text, lead, responsible, deadline


@dataclass
class TaskTable:
    title: str
    header: list[tuple[str, int]]  # header cells and the grid columns each covers
    rows: list[TaskRow] = field(default_factory=list)


def _cell_paragraphs(lines: list[str], number: int) -> list[str]:
    """The cell on ``number`` (1-based) and the unindented lines continuing it."""
    pieces = [lines[number - 1].strip()]
    for line in lines[number:]:
        if not line.strip() or line.startswith("\t"):
            break
        pieces.append(line.strip())
    return pieces


def task_table() -> TaskTable:
    lines = TASKS_TEXT.read_text(encoding="utf-8").split("\n")
    data = json.loads(TASKS_JSON.read_text(encoding="utf-8"))
    columns = data["document"]["columns"]
    table = TaskTable(data["document"]["title"], [(columns[0], 2), *((c, 1) for c in columns[1:])])
    for task in data["tasks"]:
        heads = [task[k] for k in ("section", "measure")]
        merged = [Merged(lines[h["line"] - 1].strip(), h["line"]) if h else Merged("", None) for h in heads]
        cells = [_cell_paragraphs(lines, task["source"]["cells"][f]) for f in ROW_FIELDS]
        table.rows.append(TaskRow(merged[0], merged[1], cells))
    return table


def runs(rows: list[TaskRow], pick: str) -> list[tuple[int, int]]:
    """(first row, row count) of each run of rows sharing the section or measure cell."""
    found: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        key = getattr(row, pick).key
        if found and key is not None and getattr(rows[found[-1][0]], pick).key == key:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((i, 1))
    return found


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with fixed member times and order, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def _fix_docx_dates(document: object) -> None:
    props = document.core_properties  # type: ignore[attr-defined]
    moment = dt.datetime(*FIXED_TIME)
    props.created = props.modified = props.last_printed = moment
    props.author = props.last_modified_by = "ybhj-parse"
    props.revision = 1


def _docx_cell(cell: object, paragraphs: list[str]) -> None:
    cell.text = paragraphs[0]  # type: ignore[attr-defined]
    for extra in paragraphs[1:]:
        cell.add_paragraph(extra)  # type: ignore[attr-defined]


def docx_tasks(table: TaskTable, *, section_rows: bool = False) -> bytes:
    """The task list as Word: section and measure cells merged down (vMerge), the header's
    政策措施 over both (gridSpan); with ``section_rows`` each section is instead a row merged
    across the whole width above its tasks."""
    import docx

    document = docx.Document()
    _fix_docx_dates(document)
    document.add_paragraph(table.title)
    document.add_paragraph("")
    body_columns = 6 if section_rows else 7
    row_of: dict[int, int] = {}  # task index → table row
    section_row: dict[int, int] = {}  # first task of a section → its section row
    for start, count in runs(table.rows, "section"):
        if section_rows:
            section_row[start] = 1 + len(row_of) + len(section_row)
        for i in range(start, start + count):
            row_of[i] = 1 + len(row_of) + len(section_row)
    out = document.add_table(rows=1 + len(row_of) + len(section_row), cols=body_columns)
    header = [("政策措施", 1), *table.header[1:]] if section_rows else table.header
    column = 0
    for text, span in header:
        _merge_across(out, 0, column, span, text)
        column += span
    for start, count in runs(table.rows, "section"):
        if section_rows:
            _merge_across(out, section_row[start], 0, body_columns, table.rows[start].section.text)
        else:
            _merge_down(out, 0, row_of[start], count, table.rows[start].section.text)
    first = 0 if section_rows else 1
    for start, count in runs(table.rows, "measure"):
        _merge_down(out, first, row_of[start], count, table.rows[start].measure.text)
    for i, row in enumerate(table.rows):
        for j, paragraphs in enumerate(row.cells):
            _docx_cell(out.cell(row_of[i], first + 1 + j), paragraphs)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _merge_across(out: object, row: int, column: int, span: int, text: str) -> None:
    cell = out.cell(row, column)  # type: ignore[attr-defined]
    if span > 1:
        cell = cell.merge(out.cell(row, column + span - 1))  # type: ignore[attr-defined]
    cell.text = text


def _merge_down(out: object, column: int, row: int, count: int, text: str) -> None:
    cell = out.cell(row, column)  # type: ignore[attr-defined]
    if count > 1:
        cell = cell.merge(out.cell(row + count - 1, column))  # type: ignore[attr-defined]
    cell.text = text


def notice_blocks() -> list[str | list[list[str]]]:
    """The notice's lines as paragraphs, its tab-separated rows as one table (blank lines
    between rows, page ends of the export, left out)."""
    blocks: list[str | list[list[str]]] = []
    lines = NOTICE_TEXT.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines):
        if "\t" in line:
            if not blocks or not isinstance(blocks[-1], list):
                blocks.append([])
            table = blocks[-1]
            assert isinstance(table, list)
            table.append(line.split("\t"))
        elif (
            not line.strip()
            and blocks
            and isinstance(blocks[-1], list)
            and "\t" in (lines[i + 1 : i + 2] or [""])[0]
        ):
            continue
        else:
            blocks.append(line.strip())
    return blocks


def docx_notice() -> bytes:
    import docx

    document = docx.Document()
    _fix_docx_dates(document)
    for block in notice_blocks():
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        out = document.add_table(rows=len(block), cols=len(block[0]))
        for r, cells in enumerate(block):
            for c, text in enumerate(cells):
                out.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _grid(table: TaskTable) -> list[list[tuple[str, int, int]]]:
    """The table's rows as (text, rowspan, colspan) cells: the header, then a row per task
    whose section and measure cells stand in the first row of their run only."""
    rows: list[list[tuple[str, int, int]]] = [[(text, 1, span) for text, span in table.header]]
    section_runs = dict(runs(table.rows, "section"))
    measure_runs = dict(runs(table.rows, "measure"))
    for i, row in enumerate(table.rows):
        cells: list[tuple[str, int, int]] = []
        if i in section_runs:
            cells.append((row.section.text, section_runs[i], 1))
        if i in measure_runs:
            cells.append((row.measure.text, measure_runs[i], 1))
        cells += [("\n".join(paragraphs), 1, 1) for paragraphs in row.cells]
        rows.append(cells)
    return rows


Grid = list[list[tuple[str, int, int]]]  # rows of (text, rowspan, colspan); a newline parts paragraphs
Placed = list[tuple[str, int, int, int, int]]  # (text, row, column, rowspan, colspan) of each cell


def html_tasks(table: TaskTable) -> bytes:
    """The task list as a government web page: GB2312 with its <meta charset>, navigation, a
    script, a style and a footer to leave out, and the table with rowspan and colspan."""
    return html_grid(table.title, _grid(table))


def html_grid(title: str, grid: Grid) -> bytes:
    """A table as a GB2312 web page, a paragraph break in a cell a <br>."""
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="gb2312"><title>鄂州市人民政府</title>',
        "<style>td { border: 1px solid; }</style><script>var menu = '首页';</script></head>",
        '<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>',
        f"<h1>{html_escape.escape(title)}</h1>",
        '<table border="1">',
    ]
    for cells in grid:
        tds = []
        for text, rowspan, colspan in cells:
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            tds.append(f"<td{spans}>{'<br>'.join(html_escape.escape(p) for p in text.split(chr(10)))}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out += [
        "</table>",
        '<div id="footer">主办：鄂州市人民政府办公室</div>',
        "</body></html>",
    ]
    return "\n".join(out).encode("gb2312", errors="xmlcharrefreplace")


def placed(grid: Grid) -> Placed:
    """Every cell of ``grid`` at its grid place: a cell takes the first column no span covers."""
    out = []
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(grid):
        column = 0
        for text, rowspan, colspan in cells:
            while (r, column) in taken:
                column += 1
            out.append((text, r, column, rowspan, colspan))
            taken.update((r + i, column + j) for i in range(rowspan) for j in range(colspan))
            column += colspan
    return out


def _placed(table: TaskTable) -> Placed:
    return placed(_grid(table))


def xlsx_tasks(table: TaskTable) -> bytes:
    """The task list as a workbook: the title merged across the width, merged cells as ranges."""
    return xlsx_grid(table.title, _placed(table))


def xlsx_grid(title: str, cells: Placed) -> bytes:
    """Placed cells as a workbook: the title merged across the width, merged cells as ranges,
    then an empty sheet (no table: left out)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("重点任务")
    book.add_worksheet("说明")
    width = max(c + colspan for _, _, c, _, colspan in cells)
    if width > 1:
        sheet.merge_range(0, 0, 0, width - 1, title)
    else:
        sheet.write_string(0, 0, title)
    for text, r, c, rowspan, colspan in cells:
        if rowspan > 1 or colspan > 1:
            sheet.merge_range(r + 1, c, r + rowspan, c + colspan - 1, text)
        elif text:
            sheet.write_string(r + 1, c, text)
    book.close()
    return buffer.getvalue()


def docx_grid(title: str, cells: Placed) -> bytes:
    """Placed cells as a Word table under a title paragraph, merged cells merged (vMerge and
    gridSpan), each line of a cell's text a paragraph of the cell."""
    import docx

    document = docx.Document()
    _fix_docx_dates(document)
    document.add_paragraph(title)
    height = max(r + rowspan for _, r, _, rowspan, _ in cells)
    width = max(c + colspan for _, _, c, _, colspan in cells)
    out = document.add_table(rows=height, cols=width)
    for text, r, c, rowspan, colspan in cells:
        cell = out.cell(r, c)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(out.cell(r + rowspan - 1, c + colspan - 1))
        _docx_cell(cell, text.split("\n"))
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def pdf_tasks(table: TaskTable) -> bytes:
    """The task list as a PDF with a text layer: reportlab's built-in Chinese font, merged cells spanned."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    placed = _placed(table)
    height = 1 + len(table.rows)
    data = [["" for _ in range(7)] for _ in range(height)]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for text, r, c, rowspan, colspan in placed:
        data[r][c] = Paragraph(html_escape.escape(text).replace(chr(10), "<br/>"), style)
        if rowspan > 1 or colspan > 1:
            commands.append(("SPAN", (c, r), (c + colspan - 1, r + rowspan - 1)))
    widths = [90, 100, 34, 480, 110, 200, 90]
    grid = Table(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)
    buffer = io.BytesIO()
    # One tall page: reportlab cannot split a merged cell taller than a page.
    document = SimpleDocTemplate(buffer, pagesize=(1190, 14000), title=table.title, invariant=1)
    document.build(
        [
            Paragraph(
                html_escape.escape(table.title),
                ParagraphStyle("title", fontName="STSong-Light", fontSize=14, leading=20),
            ),
            grid,
        ]
    )
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].endswith(".docx"):
        print("usage: python tools/originals.py OUT.docx", file=sys.stderr)
        return 2
    target = Path(argv[0])
    temporary = target.with_suffix(".docx.tmp")
    temporary.write_bytes(docx_tasks(task_table()))
    temporary.replace(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
