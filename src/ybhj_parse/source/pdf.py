"""PDF with a text layer, read with pdfplumber: its tables by the table finder, the text
outside them as paragraphs, page by page in reading order.

A merged cell is one rectangle of the table; the finder leaves ``None`` at the places it
covers.  Its spans are counted on the table's own grid: the distinct left edges of its
cells are the columns, the distinct top edges the rows.  A PDF without any text (a scan)
is refused: reading images (OCR) is another tool's work.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from typing import Any

from ybhj_parse.errors import InputError
from ybhj_parse.source.placed import Block, Placed, cell_text, need

MAX_PAGES = 2000
_EDGE = 1.0  # points: edges closer than this are the same grid line


def _grid(values: list[float]) -> list[float]:
    """The distinct edges, merging those closer than _EDGE."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return bisect_left(edges, value - _EDGE)


def table_cells(table: Any) -> list[Placed]:
    """The table's cells at their grid places with their spans, text from the finder's extract."""
    boxes = list(table.cells)
    lefts, tops = _grid([b[0] for b in boxes]), _grid([b[1] for b in boxes])
    texts = table.extract()
    cells: list[Placed] = []
    for x0, top, x1, bottom in boxes:
        r, c = _index(tops, top), _index(lefts, x0)
        row_span = max(1, _index(tops, bottom) - r)
        col_span = max(1, _index(lefts, x1) - c)
        text = texts[r][c] if r < len(texts) and c < len(texts[r]) else None
        cells.append(Placed(cell_text((text or "").splitlines()), r, c, row_span, col_span))
    return sorted(cells, key=lambda p: (p.row, p.column))


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def page_blocks(page: Any, number: int) -> list[Block]:
    """A page's text lines and tables, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    placed: list[tuple[float, Block]] = [
        (line["top"], Block(line["text"], page=number)) for line in outside.extract_text_lines()
    ]
    placed += [(t.bbox[1], Block(cells=table_cells(t), page=number)) for t in tables]
    return [block for _, block in sorted(placed, key=lambda item: item[0]) if block.text or block.cells]


def _open(pdfplumber: Any, data: bytes, shown: str) -> Any:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 — reading the page tree is where a damaged or locked file fails
    except Exception as exc:  # pdfminer raises many types on damaged or encrypted files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if "password" in type(inner).__name__.lower() or "encrypt" in type(inner).__name__.lower():
            raise InputError(
                "an encrypted PDF (password-protected); save it without a password first", path=shown
            ) from None
        raise InputError(f"a damaged PDF that cannot be opened ({str(inner)[:100]})", path=shown) from None
    return pdf


def read_pdf(data: bytes, shown: str, encoding: str | None = None) -> tuple[list[Block], str]:
    """The text lines and tables of each page of a PDF with a text layer (``encoding`` is not used)."""
    pdfplumber = need("pdf", shown)
    pdf = _open(pdfplumber, data, shown)
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"a PDF of {len(pdf.pages)} pages (limit {MAX_PAGES})", path=shown)
        if not any(page.chars for page in pdf.pages):
            raise InputError("a PDF without a text layer (a scan?): run OCR on it first", path=shown)
        try:
            blocks = [
                block for number, page in enumerate(pdf.pages, start=1) for block in page_blocks(page, number)
            ]
        except Exception as exc:  # a damaged content stream inside an otherwise readable file
            raise InputError(f"a damaged PDF: {type(exc).__name__}", path=shown) from None
    return blocks, "pdf"
