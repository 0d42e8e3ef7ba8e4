"""The library API: ``parse_file``, ``parse_text`` and ``parse_bytes`` return a :class:`Dataset`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ybhj_parse.blocks.detect import KIND_NAMES, KINDS, detect_kind, detect_layout, guess_kind
from ybhj_parse.errors import InputError
from ybhj_parse.model.records import Dataset
from ybhj_parse.records.accounting import account_for_source
from ybhj_parse.records.provenance import locate
from ybhj_parse.source.document import SourceText
from ybhj_parse.source.text import read_bytes, read_file, read_text

if TYPE_CHECKING:
    from ybhj_parse.records.trace import Trace


def parse_source(source: SourceText, *, kind: str | None = None, trace: Trace | None = None) -> Dataset:
    """Detect the kind (unless given) and the layout, and parse; ``trace`` records what was done."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}", path=source.path)
    if kind is None:
        return locate(_parse_as(detect_kind(source), source, trace), source)
    try:
        return locate(_parse_as(kind, source, trace), source)
    except InputError as exc:
        # --kind forced the wrong parser: say which kind the content shows.
        shown = guess_kind(source)
        if shown is None or shown == kind:
            raise
        raise InputError(
            f"{exc.message}; the content looks like {KIND_NAMES[shown]} (try --kind {shown})", path=exc.path
        ) from None


def _parse_as(kind: str, source: SourceText, trace: Trace | None) -> Dataset:
    if kind == "notice":
        from ybhj_parse.families.notice.parse import parse_notice

        return account_for_source(parse_notice(source, trace=trace), source)
    layout = detect_layout(source)
    if layout in ("prose", "mixed"):
        from ybhj_parse.blocks.stretches import table_stretches
        from ybhj_parse.families.prose.parse import parse_prose

        tables = table_stretches(source.lines) if layout == "mixed" else []
        return account_for_source(parse_prose(source, trace=trace, tables=tables), source)
    from ybhj_parse.families.table.parse import parse_task_list

    return account_for_source(parse_task_list(source, trace=trace), source)


def parse_file(
    path: str | Path, *, encoding: str | None = None, kind: str | None = None, trace: Trace | None = None
) -> Dataset:
    """Parse a file on disk.  Raises :class:`ybhj_parse.errors.InputError` for unusable input."""
    return parse_source(read_file(path, encoding=encoding), kind=kind, trace=trace)


def parse_bytes(
    data: bytes,
    *,
    path: str | None = None,
    encoding: str | None = None,
    kind: str | None = None,
    trace: Trace | None = None,
) -> Dataset:
    return parse_source(read_bytes(data, path=path, encoding=encoding), kind=kind, trace=trace)


def parse_text(text: str, source: str | None = None, *, kind: str | None = None) -> Dataset:
    """Parse text already in memory; ``source`` is the path to cite in the output (or None)."""
    return parse_source(read_text(text, path=source), kind=kind)
