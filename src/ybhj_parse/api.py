"""The library API: ``parse_file``, ``parse_text`` and ``parse_bytes`` return a :class:`Dataset`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from ybhj_parse import resolve
from ybhj_parse.blocks.bordered import expand_bordered_rows
from ybhj_parse.blocks.detect import KIND_NAMES, KINDS, Detection, Plan
from ybhj_parse.blocks.glued import expand_glued_rows
from ybhj_parse.blocks.spaced import expand_spaced_rows
from ybhj_parse.errors import InputError
from ybhj_parse.families import FAMILIES
from ybhj_parse.model.contract import validated
from ybhj_parse.model.diagnostics import Diagnostics
from ybhj_parse.model.records import Dataset
from ybhj_parse.records.accounting import account_for_source
from ybhj_parse.records.provenance import locate
from ybhj_parse.records.unitids import link_units
from ybhj_parse.source.document import SourceText
from ybhj_parse.source.limits import MAX_INPUT_BYTES
from ybhj_parse.source.original import read_bytes, read_file
from ybhj_parse.source.text import read_text

if TYPE_CHECKING:
    from ybhj_parse.records.trace import Trace

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one parse (it is resumed after, as it was).

    A parse builds many objects that live until it ends and leaves no cycles to reclaim
    while it runs; the collector's passes over that growing heap made a large document
    cost more than in proportion (a 100x list: 2.1 s, against 1.5 s paused).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _gc_paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    @wraps(fn)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _cyclic_gc_paused():
            return fn(*args, **kwargs)

    return paused


@_gc_paused
def parse_source(source: SourceText, *, kind: str | None = None, trace: Trace | None = None) -> Dataset:
    """Detect the kind (unless given) and the layout, and parse; ``trace`` records what was done."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}", path=source.path)
    dataset = _detect_and_parse(source, kind, trace)
    # A traditional copy was read in simplified characters (source/script.py).
    dataset.document.script = "traditional" if source.script == "traditional" else "simplified"
    return validated(dataset)


def _detect_and_parse(source: SourceText, kind: str | None, trace: Trace | None) -> Dataset:
    source = expand_spaced_rows(expand_bordered_rows(source))
    detection = Detection(source)
    if kind is None and detection.kind() is None and (glued := expand_glued_rows(source)) is not source:
        source, detection = glued, Detection(glued)  # nothing else read it: a table that lost its separators
    if kind is None:
        return _parse(detection.plan(), source, trace)
    try:
        return _parse(detection.plan("notice" if kind == "notice" else "task_list"), source, trace)
    except InputError as exc:
        # --kind forced the wrong parser: say which kind the content shows.
        shown = detection.kind()
        if shown is None or shown == kind:
            raise
        raise InputError(
            f"{exc.message}; the content looks like {KIND_NAMES[shown]} (try --kind {shown})", path=exc.path
        ) from None


def _parse(plan: Plan, source: SourceText, trace: Trace | None) -> Dataset:
    """Read the source by the family the plan names; then the stages every family shares: the unit
    ids, and last the accounting for every line."""
    sink = Diagnostics()
    dataset: Dataset = resolve(FAMILIES[plan.family].parse)(source, sink, plan, trace=trace)
    return locate(account_for_source(link_units(dataset, sink), source, sink), source)


@_gc_paused
def parse_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    kind: str | None = None,
    trace: Trace | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Dataset:
    """Parse a regular file on disk of at most ``max_bytes`` bytes.

    Raises :class:`ybhj_parse.errors.InputError` for unusable input.
    """
    return parse_source(read_file(path, encoding=encoding, limit=max_bytes), kind=kind, trace=trace)


@_gc_paused
def parse_bytes(
    data: bytes,
    *,
    path: str | None = None,
    encoding: str | None = None,
    kind: str | None = None,
    trace: Trace | None = None,
) -> Dataset:
    return parse_source(read_bytes(data, path=path, encoding=encoding), kind=kind, trace=trace)


@_gc_paused
def parse_text(text: str, source: str | None = None, *, kind: str | None = None) -> Dataset:
    """Parse text already in memory; ``source`` is the path to cite in the output (or None)."""
    return parse_source(read_text(text, path=source), kind=kind)
