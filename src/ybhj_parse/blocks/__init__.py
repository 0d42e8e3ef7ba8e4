"""Stage 2, the blocks: the layouts a table's cells can be written in, and the table of them.

:data:`LAYOUTS` is tried in its order on every line that may be a table's header row; the
first layout whose pieces name enough columns (``rules/columns.yaml``: ``min_header_cells``)
reads the header and every row under it.  A header row written one cell per line (indented
or not) is found by the cell-per-line reader instead.  The thresholds and signatures the
layouts use (the gap of spaces between cells, the longest header cell, what a rule line is
drawn with) are data, in ``rules/separators.yaml``.

Each entry names, as ``"module:function"`` strings imported on use (:func:`ybhj_parse.resolve`):

- ``split(raw) -> list[Piece] | None``: the pieces of one line in this layout, or None when
  the line is not written in it;
- ``rows(lines, start, layout, consumed) -> Iterator[Cell]``: the cells of the rows under
  the header (``None``: the rows are tab-separated and ``table.py`` reads them).

Adding a layout is one entry here and one module (docs/ARCHITECTURE.md shows one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

Named = str | Callable[..., Any]


class Layout(NamedTuple):
    name: str
    split: Named
    rows: Named | None
    about: str


_S = "ybhj_parse.blocks.separators:"

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "tab",
            _S + "split_tab",
            None,
            "cells between tabs (a Word or web-page copy, a sheet pasted as text)",
        ),
        Layout("pipe", _S + "split_pipe", _S + "split_rows", "cells between | (|---| lines are furniture)"),
        Layout(
            "csv",
            _S + "split_csv",
            _S + "csv_rows",
            "a CSV as Excel saves it (quotes, a line break inside quotes)",
        ),
        Layout(
            "spaces",
            _S + "split_spaces",
            _S + "aligned_rows",
            "cells between runs of spaces, in columns (pdftotext -layout)",
        ),
        Layout(
            "words",
            _S + "split_words",
            _S + "split_rows",
            "cells between single spaces, as many as the header's",
        ),
    )
}


def register(layout: Layout, *, before: str | None = None) -> None:
    """Add a layout, tried last (or just before the layout ``before``)."""
    entries = [entry for entry in LAYOUTS.values() if entry.name != layout.name]
    at = next((k for k, entry in enumerate(entries) if entry.name == before), len(entries))
    entries.insert(at, layout)
    LAYOUTS.clear()
    LAYOUTS.update((entry.name, entry) for entry in entries)


def layout_names() -> tuple[str, ...]:
    """The layouts, in the order they are tried on a header row."""
    return tuple(LAYOUTS)
