"""The library API: ``parse_file``, ``parse_text`` and ``parse_bytes`` return a :class:`Dataset`."""

from __future__ import annotations

from pathlib import Path

from .accounting import account_for_source
from .detect import KIND_NAMES, KINDS, detect_kind, guess_kind
from .errors import InputError
from .models import Dataset
from .reader import SourceText, read_bytes, read_file, read_text


def parse_source(source: SourceText, *, kind: str | None = None) -> Dataset:
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}", path=source.path)
    if kind is None:
        return _parse_as(detect_kind(source), source)
    try:
        return _parse_as(kind, source)
    except InputError as exc:
        # --kind forced the wrong parser: say which kind the content shows.
        shown = guess_kind(source)
        if shown is None or shown == kind:
            raise
        raise InputError(
            f"{exc.message}; the content looks like {KIND_NAMES[shown]} (try --kind {shown})", path=exc.path
        ) from None


def _parse_as(kind: str, source: SourceText) -> Dataset:
    if kind == "notice":
        from .notice import parse_notice

        return account_for_source(parse_notice(source), source)
    from .tasklist import parse_task_list

    return account_for_source(parse_task_list(source), source)


def parse_file(path: str | Path, *, encoding: str | None = None, kind: str | None = None) -> Dataset:
    """Parse a file on disk.  Raises :class:`ybhj_parse.errors.InputError` for unusable input."""
    return parse_source(read_file(path, encoding=encoding), kind=kind)


def parse_bytes(
    data: bytes, *, path: str | None = None, encoding: str | None = None, kind: str | None = None
) -> Dataset:
    return parse_source(read_bytes(data, path=path, encoding=encoding), kind=kind)


def parse_text(text: str, source: str | None = None, *, kind: str | None = None) -> Dataset:
    """Parse text already in memory; ``source`` is the path to cite in the output (or None)."""
    return parse_source(read_text(text, path=source), kind=kind)
