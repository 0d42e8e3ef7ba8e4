"""Stage 5, the writers: one table of output formats, every list of formats derived from it.

:data:`WRITERS` names each format, the ending of its files, whether it is binary (written
to files only, never to stdout) and the functions that write it, as ``"module:function"``
strings imported when the format is written (:func:`ybhj_parse.resolve`), so the table costs
the command line no import:

- ``text(datasets, headers=...) -> str``: the text of a text format (stdout and files);
- ``file(path, datasets, headers=...)``: what fills a (new, empty) file, when the format is
  binary or is better written piece by piece; without one the file holds ``text``;
- ``stream(datasets)``: the pieces stdout is given one by one, when not the whole ``text``.

A ``folder`` writer is no format of a document: ``--out-dir`` writes it once per folder,
``file(folder)`` after every document, when one of its ``needs`` formats was written (the
Data Package that describes the folder's CSV files).  ``--format``, ``--out-dir``, the
extensions ``-o`` knows and the tests read this table; adding a format is one entry here
and one module (docs/ARCHITECTURE.md shows one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

Named = str | Callable[..., Any]


class Writer(NamedTuple):
    name: str
    suffix: str  # a file's ending; a folder writer's file name
    text: Named | None = None
    file: Named | None = None
    binary: bool = False
    stream: Named | None = None
    aliases: tuple[str, ...] = ()  # other endings -o reads as this format
    folder: bool = False
    needs: tuple[str, ...] = ()  # a folder writer: written when one of these formats was


_W = "ybhj_parse.output."

# In the order --out-dir writes them.
WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("json", ".json", _W + "writers:to_json"),
        Writer("yaml", ".yaml", _W + "writers:to_yaml", aliases=(".yml",)),
        Writer("csv", ".csv", _W + "writers:to_csv"),
        Writer(
            "jsonl",
            ".jsonl",
            _W + "jsonl:to_jsonl",
            _W + "jsonl:write_jsonl",
            stream=_W + "jsonl:jsonl_lines",
            aliases=(".ndjson",),
        ),
        Writer("xlsx", ".xlsx", file=_W + "xlsx:write_xlsx", binary=True),
        Writer(
            "sqlite", ".sqlite", file=_W + "sqlite:write_sqlite", binary=True, aliases=(".sqlite3", ".db")
        ),
        Writer(
            "datapackage",
            "datapackage.json",
            file=_W + "datapackage:write_datapackage",
            folder=True,
            needs=("csv",),
        ),
    )
}


def register(writer: Writer) -> None:
    """Add (or replace) a writer."""
    WRITERS[writer.name] = writer


def format_names() -> tuple[str, ...]:
    """The formats of a document, in the order --out-dir writes them (what --format takes)."""
    return tuple(w.name for w in WRITERS.values() if not w.folder)


def folder_writers() -> tuple[Writer, ...]:
    return tuple(w for w in WRITERS.values() if w.folder)


def extensions() -> dict[str, str]:
    """A file name's ending → its format (-o tasks.csv)."""
    found = {w.suffix: w.name for w in WRITERS.values() if not w.folder}
    found.update({alias: w.name for w in WRITERS.values() if not w.folder for alias in w.aliases})
    return found
