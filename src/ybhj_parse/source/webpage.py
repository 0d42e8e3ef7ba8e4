"""Web pages (.html, .htm), read with lxml: the page's text and tables in document order.

The charset is the page's own (a BOM, else ``<meta charset>`` or the ``http-equiv``
content type, else UTF-8, else GB18030); GB2312 and GBK pages are decoded as GB18030,
their superset.  Scripts, styles, forms and navigation are left out.  ``rowspan`` and
``colspan`` are a cell's spans.  Every block element (a paragraph, a heading, a line
break) is a line, so the page's metadata block (发布时间：…  来源：…  索引号：…) reaches
the metadata rules as the lines a saved text copy would give.
"""

from __future__ import annotations

import codecs
from typing import Any

import regex

from ybhj_parse.errors import InputError
from ybhj_parse.source.placed import Block, Placed, cell_text, need

_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_DROPPED = ("script", "style", "noscript", "template", "nav", "form", "select", "button", "iframe", "head")
# Navigation by its class or id: menus, breadcrumbs, footers of links.
_NAVIGATION = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumbs?|footer|share)(?:$|[\s_-])", regex.I
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "blockquote",
        "pre",
        "address",
        "center",
        "tr",
        "caption",
        "figure",
        "figcaption",
    ]
)
_XML_DECLARATION = regex.compile(r"^\ufeff?\s*<\?xml[^>]*>")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def charset_of(data: bytes, encoding: str | None) -> str:
    """The page's charset: --encoding, a BOM, a meta tag, else UTF-8 when it decodes, else GB18030."""
    if encoding:
        return encoding.lower()
    bom = next((codec for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom:
        return bom
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = str(declared.group(1).decode("ascii")).lower()
        try:
            codecs.lookup(_SUPERSETS.get(name, name))
            return name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class _Walker:
    """Collects the page's blocks: text runs gather into a paragraph until a block boundary."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.run: list[str] = []

    def flush(self) -> None:
        text = " ".join("".join(self.run).split())
        if text:
            self.blocks.append(Block(text))
        self.run = []

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script" and element.text and (cells := script_table(element.text)):
            self.flush()
            self.blocks.append(Block(cells=cells))  # rows a script draws: a table of the page
            self.run.append(element.tail or "")
            return
        if tag in _DROPPED or _NAVIGATION.search(f"{element.get('class', '')} {element.get('id', '')}"):
            self.run.append(element.tail or "")
            return
        if tag == "table":
            self.flush()
            cells = table_cells(element)
            if cells:
                self.blocks.append(Block(cells=cells))
        else:
            if tag in _BLOCKS or tag == "br":
                self.flush()
            self.run.append(element.text or "")
            for child in element:
                self.walk(child)
            if tag in _BLOCKS:
                self.flush()
        self.run.append(element.tail or "")


def script_table(script: str) -> list[Placed]:
    """The rows a script holds as an array of objects (source/datarows.py), as a table's cells."""
    from ybhj_parse.source.datarows import data_rows

    found = data_rows(script) if "[" in script else None
    if found is None:
        return []
    header, rows, _ = found
    grid = [header, *rows]
    return [Placed(text, r, c) for r, row in enumerate(grid) for c, text in enumerate(row)]


def _span(cell: Any, name: str) -> int:
    value = regex.match(r"\s*(\d{1,4})", cell.get(name, "1"))
    return max(1, int(value.group(1))) if value else 1


def _cell_pieces(cell: Any) -> list[str]:
    """A cell's text, one piece per line break or paragraph in it (joined as one cell)."""
    pieces: list[str] = [cell.text or ""]
    for child in cell.iterdescendants():
        if not isinstance(child.tag, str) or child.tag in _DROPPED:
            continue
        if child.tag in _BLOCKS or child.tag == "br":
            pieces.append("\n")
        pieces.append(child.text or "")
        pieces.append(child.tail or "")
    return ["".join(pieces)]


def table_cells(table: Any) -> list[Placed]:
    """The cells at their grid places: a cell takes the first column no rowspan above covers."""
    rows = [tr for tr in table.iter("tr") if _own(tr, table)]
    cells: list[Placed] = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(rows):
        column = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, column) in taken:
                column += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            rowspan = min(rowspan, len(rows) - r)
            text = cell_text(" ".join(piece.split()) for piece in "".join(_cell_pieces(td)).split("\n"))
            cells.append(Placed(text, r, column, rowspan, colspan))
            taken.update((r + dr, column + dc) for dr in range(rowspan) for dc in range(colspan))
            column += colspan
    return cells


def _own(tr: Any, table: Any) -> bool:
    """A row of this table, not of a table nested in one of its cells."""
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent is table


def read_webpage(data: bytes, shown: str, encoding: str | None) -> tuple[list[Block], str]:
    need("html", shown)
    import lxml.html

    charset = charset_of(data, encoding)
    try:
        text = data.decode(_SUPERSETS.get(charset, charset), errors="replace")
    except LookupError:
        raise InputError(f"unknown encoding {charset!r}", path=shown) from None
    text = _XML_DECLARATION.sub("", text)  # lxml refuses a str that declares its encoding
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError, ValueError on markup it cannot use
        raise InputError(f"not a readable web page ({exc})", path=shown) from None
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks, charset
