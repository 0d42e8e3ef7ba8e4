"""Word documents (.docx), read with python-docx: paragraphs and tables in document order.

Merged cells are read from the table's XML: ``w:gridSpan`` is a cell's width in grid
columns, ``w:vMerge`` continues the cell above, so a merged cell becomes one
:class:`Placed` cell with its spans.  A table nested in a cell gives its text to that
cell; the paragraphs of a text box follow the paragraph that anchors it.
"""

from __future__ import annotations

import io
from typing import Any

from ybhj_parse.errors import InputError
from ybhj_parse.source.placed import Block, Placed, cell_text, need

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def _tag(name: str) -> str:
    return f"{{{_W}}}{name}"


def _paragraph_text(p: Any) -> str:
    """The text of a paragraph's own runs (not of the text boxes it anchors)."""
    from docx.text.paragraph import Paragraph

    return str(Paragraph(p, None).text)  # type: ignore[arg-type]  # text needs no story part


def _text_boxes(p: Any) -> list[str]:
    # Word writes a text box twice (mc:Choice and its mc:Fallback): read the first only.
    from lxml import etree

    boxes = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)(p)
    return [_paragraph_text(q) for box in boxes for q in box.iterchildren(_tag("p"))]


def _tc_text(tc: Any) -> str:
    return cell_text(_paragraph_text(p) for p in tc.iter(_tag("p")))


def _val(element: Any, path: str) -> str | None:
    found = element.find(path, _NS)
    if found is None:
        return None
    return str(found.get(_tag("val"), "continue"))


# Word's own limit on a table's grid columns: a span or an offset beyond it is damage.
_MAX_GRID = 63


def _count(element: Any, path: str, default: int) -> int:
    """A whole-number property (gridSpan, gridBefore) within Word's grid, ``default`` when it is
    absent or no number."""
    value = _val(element, path)
    if value is None or not value.strip().isdigit():
        return default
    return min(int(value), _MAX_GRID)


def _table_cells(tbl: Any) -> list[Placed]:
    """The cells of a table at their grid places; a vMerge continuation lengthens the cell above."""
    cells: list[Placed] = []
    open_at: dict[int, int] = {}  # grid column → index in cells of the merged cell still open there
    for r, tr in enumerate(tbl.iterchildren(_tag("tr"))):
        column = _count(tr, "w:trPr/w:gridBefore", 0)
        for tc in tr.iterchildren(_tag("tc")):
            span = max(1, _count(tc, "w:tcPr/w:gridSpan", 1))
            merge = _val(tc, "w:tcPr/w:vMerge")
            if merge == "continue" and column in open_at:
                above = cells[open_at[column]]
                cells[open_at[column]] = Placed(
                    above.text, above.row, above.column, above.row_span + 1, above.col_span
                )
            else:
                open_at.pop(column, None)
                cells.append(Placed(_tc_text(tc), r, column, 1, span))
                if merge == "restart":
                    open_at[column] = len(cells) - 1
            column += span
    return cells


def read_word(data: bytes, shown: str, encoding: str | None = None) -> tuple[list[Block], str]:
    """The paragraphs and tables of a Word document, in order (``encoding`` is not used: a .docx is UTF-8)."""
    docx = need("docx", shown)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise InputError(f"not a readable Word document ({type(exc).__name__}: {exc})", path=shown) from None
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        if element.tag == _tag("p"):
            blocks.append(Block(_paragraph_text(element)))
            blocks.extend(Block(text) for text in _text_boxes(element))
        elif element.tag == _tag("tbl"):
            cells = _table_cells(element)
            if cells:
                blocks.append(Block(cells=cells))
    return blocks, "utf-8"
