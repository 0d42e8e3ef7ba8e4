"""Stage 1, the readers: what an input is, by its content, and the module that reads it.

:data:`READERS` is the one table of input formats.  :mod:`.original` tries the entries in
order on a file's first bytes (``magic``: the bytes it starts with; ``sniff``: a test of
them) and reads it with the first that claims it; a format found inside a container (a ZIP,
an OLE file) names that container in ``inside``, and the container's ``identify`` tells
which of its formats the file is.  What no entry claims is read as a text export.  Every
other list of formats (a folder's suffixes, the extras, ``--help``) is derived from here.

A reader is a ``"module:function"`` string, imported only when a file of its format is read
(see :func:`ybhj_parse.resolve`).  It is ``(data, shown, encoding) -> (blocks, charset)``:
paragraphs and tables of placed cells (:mod:`.placed`) that the dispatcher renders into the
document model, or, with ``renders=False``, ``(data, path, encoding) -> SourceText``.
Adding a format is one entry here and one module (docs/ARCHITECTURE.md shows one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

Named = str | Callable[..., Any]


class Container(NamedTuple):
    """A file that holds documents of several formats (a ZIP, an OLE compound file)."""

    name: str
    magic: tuple[bytes, ...]
    identify: Named  # (data, shown) -> the name of the reader of what it holds


class Reader(NamedTuple):
    """One input format: how it is recognised, what it needs, what reads it."""

    name: str  # the format, as SourceText.format gives it
    reader: Named
    suffixes: tuple[str, ...] = ()  # what a folder is searched for
    magic: tuple[bytes, ...] = ()  # the file starts with one of these
    sniff: Named | None = None  # or this says it is one: (the first bytes) -> bool
    inside: str | None = None  # or the container's identify names it
    extra: str | None = None  # the optional extra that installs its library
    library: str | None = None  # the module the extra brings
    renders: bool = True  # the reader gives blocks to render (else a SourceText)


CONTAINERS: dict[str, Container] = {
    c.name: c
    for c in (
        Container("zip", (b"PK\x03\x04", b"PK\x05\x06"), "ybhj_parse.source.ziplimits:zip_format"),
        Container("ole", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), "ybhj_parse.source.legacy:ole_format"),
    )
}

# Tried in this order; the text export last, claiming whatever no other entry did.
READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader(
            "docx", "ybhj_parse.source.word:read_word", (".docx",), inside="zip", extra="docx", library="docx"
        ),
        Reader(
            "doc", "ybhj_parse.source.original:read_converted_doc", (".doc",), inside="ole", renders=False
        ),
        Reader(
            "html",
            "ybhj_parse.source.webpage:read_webpage",
            (".html", ".htm"),
            sniff="ybhj_parse.source.original:looks_like_html",
            extra="html",
            library="lxml",
        ),
        Reader(
            "xlsx",
            "ybhj_parse.source.workbook:read_xlsx",
            (".xlsx",),
            inside="zip",
            extra="xlsx",
            library="python_calamine",
        ),
        Reader(
            "xls",
            "ybhj_parse.source.workbook:read_xls",
            (".xls",),
            inside="ole",
            extra="xlsx",
            library="python_calamine",
        ),
        Reader(
            "ods",
            "ybhj_parse.source.workbook:read_ods",
            (".ods",),
            inside="zip",
            extra="xlsx",
            library="python_calamine",
        ),
        Reader(
            "pdf", "ybhj_parse.source.pdf:read_pdf", (".pdf",), (b"%PDF",), extra="pdf", library="pdfplumber"
        ),
        Reader("text", "ybhj_parse.source.text:read_export", (".txt", ".text"), renders=False),
    )
}

TEXT = "text"


def register(reader: Reader) -> None:
    """Add (or replace) a reader; a new one is tried before the text export."""
    text = READERS.pop(TEXT)
    READERS[reader.name] = reader
    READERS.setdefault(TEXT, text)


def document_suffixes() -> tuple[str, ...]:
    """The file names a folder is searched for: a file named on the command line is read whatever
    its name (its content decides how); a folder's other files (notes, images, outputs) are left
    alone."""
    ordered = [READERS[TEXT], *(r for r in READERS.values() if r.name != TEXT)]
    return tuple(suffix for reader in ordered for suffix in reader.suffixes)


def extra_of(fmt: str) -> str:
    """The optional extra that installs the library ``fmt``'s reader needs."""
    reader = READERS.get(fmt)
    return (reader.extra if reader else None) or fmt
