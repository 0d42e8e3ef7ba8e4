"""Extracting many files: the inputs a command line names, spread over worker processes.

``extract`` hands this module its files, folders and list files.  Each file is parsed
and its outputs written by one call of :func:`extract_one`; with ``jobs`` above one the
calls run in worker processes started once for the batch, fed a chunk of files at a
time, and their outcomes come back in the order of the inputs, so what is printed and
written is byte for byte what a serial run prints and writes.  A worker writes its file's
outputs itself as it finishes them and hands back only what is to be printed; only a few
chunks are handed out ahead of the one being printed, so memory is bounded by the chunks,
not by the folder (the data comes back only when it is to go to stdout or one ``-o``
file).  A file that cannot be read is one failure among the outcomes, and the run goes on.

Everything a worker receives is plain data (names and :class:`ExtractOptions`) and
:func:`extract_one` is a module function, so the workers may be forked or spawned.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ybhj_parse.errors import InputError, YbhjError
from ybhj_parse.source import document_suffixes
from ybhj_parse.source.limits import MAX_INPUT_BYTES
from ybhj_parse.source.textnorm import printable

if TYPE_CHECKING:
    from ybhj_parse.model.records import Dataset
    from ybhj_parse.records.trace import Trace

EXIT_OK, EXIT_DATA, EXIT_INPUT = 0, 1, 2
# Files per hand-out to a worker: a share of the files not yet handed out (a few chunks per
# worker), at most _MAX_CHUNK, so the early chunks are large enough that the hand-outs cost
# little and the last ones single files, so the workers finish together.
_MAX_CHUNK = 16
_CHUNKS_PER_WORKER = 4
# Chunks handed out and not yet printed, per worker: enough that no worker waits for the
# next chunk while the one in front is printed, few enough that the outcomes waiting their
# turn stay a handful of chunks, however many files the batch has.
_AHEAD_PER_WORKER = 2
# A progress bar for a batch of more files than this (on a terminal, without --quiet).
_PROGRESS_FROM = 4


# NamedTuples: plain immutable data, picklable to workers, and made in a fifth of a frozen
# dataclass's time when the module is imported (as every cold start does).
class ExtractOptions(NamedTuple):
    kind: str | None = None
    encoding: str | None = None
    strict: bool = False
    verbose: bool = False
    quiet: bool = False
    out_dir: str | None = None
    formats: tuple[str, ...] = ()  # written for each file into out_dir
    csv_headers: str = "machine"
    keep_data: bool = False  # hand the dataset back (it goes to stdout or -o)
    explain: bool = False  # hand the trace back too (explaining runs in this process)
    max_bytes: int = MAX_INPUT_BYTES  # a larger input is refused


class Outcome(NamedTuple):
    name: str
    messages: str  # for stderr, in order: diagnostics, summary, or the error
    code: int  # EXIT_OK, EXIT_DATA or EXIT_INPUT
    dataset: Dataset | None = None
    trace: Trace | None = None
    parsed: bool = False  # the file was read (its data may still have errors)

    @property
    def shown(self) -> str:
        return shown_name(self.name)


def stem(name: str) -> str:
    return "stdin" if name == "-" else Path(name).stem


def shown_name(name: str) -> str:
    return "<stdin>" if name == "-" else name


# -- the inputs ------------------------------------------------------------------------------


def read_file_list(list_path: str) -> list[str]:
    """The paths of a list file, one a line (blank lines skipped); ``-`` reads the list from stdin."""
    try:
        if list_path == "-" and sys.stdin is None:
            raise OSError(0, "standard input is closed")
        text = sys.stdin.read() if list_path == "-" else Path(list_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a UTF-8 list of paths"
        raise InputError(f"cannot read the list of files ({reason})", path=list_path) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def documents_in(folder: Path) -> list[str]:
    """Every document under ``folder`` (by suffix), hidden files and folders left out, in path order."""
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in document_suffixes()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.is_file()
    ]
    return [str(path) for path in sorted(found)]


def expand_inputs(names: Sequence[str], files_from: str | None = None) -> list[str]:
    """The files to extract: each file as named, each folder's documents, then the list file's.

    A folder with no document stays in the list, to be reported as one.
    """
    wanted = [*names, *(read_file_list(files_from) if files_from else [])]
    files: list[str] = []
    for name in wanted:
        path = Path(name)
        found = documents_in(path) if name != "-" and path.is_dir() else []
        files.extend(found or [name])
    return files


# -- one file ------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(dataset: Dataset, shown: str) -> str:
    doc = dataset.document
    warnings = sum(d.severity == "warning" for d in dataset.diagnostics)
    errors = sum(d.severity == "error" for d in dataset.diagnostics)
    if doc.kind == "notice":
        body = f"notice, {_plural(len(dataset.pilot_items or []), 'pilot item')}"
        if dataset.completeness and dataset.completeness.declared_total is not None:
            body += f" of {dataset.completeness.declared_total} declared"
    else:
        c = doc.counts
        counted = ", ".join(
            _plural(n, word)
            for n, word in ((c.tasks, "task"), (c.sections, "section"), (c.measures, "measure"))
        )
        body = f"task list ({doc.layout}), {counted}"
    return f"{shown}: {body}; {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def messages(dataset: Dataset, shown: str, *, verbose: bool) -> str:
    """What stderr shows for a parsed file: its diagnostics as FILE:LINE: …, then the summary."""
    lines = []
    for d in dataset.diagnostics:
        if d.severity == "info" and not verbose:
            continue
        where = f"{shown}:{d.line}" if d.line is not None else shown
        lines.append(printable(f"{where}: {d.severity}[{d.code}]: {d.message}") + "\n")
    lines.append(printable(summary(dataset, shown)) + "\n")
    return "".join(lines)


def data_code(dataset: Dataset, *, strict: bool) -> int:
    from ybhj_parse.model.diagnostics import ErrorLevel

    level = ErrorLevel.STRICT if strict else ErrorLevel.ERROR
    return EXIT_DATA if any(level.fails(d.severity) for d in dataset.diagnostics) else EXIT_OK


def _parse(name: str, options: ExtractOptions, trace: Trace | None) -> Dataset:
    from ybhj_parse.api import parse_bytes, parse_file
    from ybhj_parse.source.text import read_stream

    if name == "-":
        data = read_stream(sys.stdin.buffer if sys.stdin is not None else None, limit=options.max_bytes)
        return parse_bytes(data, path=None, encoding=options.encoding, kind=options.kind, trace=trace)
    return parse_file(
        name, encoding=options.encoding, kind=options.kind, trace=trace, max_bytes=options.max_bytes
    )


def extract_one(name: str, options: ExtractOptions) -> Outcome:
    """Parse one file, write its outputs into ``out_dir``, and say what to print and how it went."""
    from ybhj_parse.output import WRITERS
    from ybhj_parse.output.writers import write_formats
    from ybhj_parse.records.trace import Trace

    trace = Trace() if options.explain else None
    try:
        if name != "-" and Path(name).is_dir():
            kinds = ", ".join(document_suffixes())
            raise InputError(f"is a folder holding no document ({kinds})", path=name)
        dataset = _parse(name, options, trace)
    except YbhjError as exc:
        return Outcome(name, printable(f"error: {exc}") + "\n", EXIT_INPUT)
    shown = shown_name(name)
    text = "" if options.quiet else messages(dataset, shown, verbose=options.verbose)
    code = data_code(dataset, strict=options.strict)
    if options.out_dir:
        try:
            targets = [
                (fmt, Path(options.out_dir) / f"{stem(name)}{WRITERS[fmt].suffix}") for fmt in options.formats
            ]
            write_formats(targets, dataset, csv_headers=options.csv_headers)
        except YbhjError as exc:  # an output that cannot be written: this file failed, not the run
            return Outcome(name, text + printable(f"error: {exc}") + "\n", EXIT_INPUT, parsed=True)
    keep = options.keep_data or options.explain
    return Outcome(name, text, code, dataset if keep else None, trace, parsed=True)


# -- many files ------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(names: Sequence[str], workers: int) -> Iterator[list[str]]:
    """``names`` cut into the chunks handed to ``workers``, in order: each a share of the files
    left (a few chunks per worker), at most ``_MAX_CHUNK`` and at least one file."""
    start = 0
    while start < len(names):
        left = len(names) - start
        size = max(1, min(_MAX_CHUNK, left // (workers * _CHUNKS_PER_WORKER)))
        yield list(names[start : start + size])
        start += size


def extract_chunk(names: Sequence[str], options: ExtractOptions) -> list[Outcome]:
    """What a worker does with a chunk: :func:`extract_one` of each file, in order."""
    return [extract_one(name, options) for name in names]


def _warm(forked: bool) -> bool:
    """Import the parser and the writers before the workers start.  When they are forked, also
    load the rules and build the validator, so that each worker starts with them (made once in
    this process, not once per worker), and freeze what this process holds, so that the
    workers' collector passes over none of it (nor copies the pages it would touch): whether
    it froze (the caller unfreezes once the workers are forked)."""
    import ybhj_parse.api  # noqa: F401
    import ybhj_parse.output.writers  # noqa: F401

    if not forked:
        return False
    import gc

    from ybhj_parse.model.contract import validator
    from ybhj_parse.rules import loader, registry

    for load in (
        loader.heading_rules,
        loader.column_rules,
        loader.separator_rules,
        loader.deadline_rules,
        loader.unit_rules,
        loader.cell_rules,
        loader.notice_rules,
        loader.label_rules,
        loader.attribution_rules,
        loader.furniture_rules,
        loader.target_rules,
        registry.unit_registry,
        validator,
    ):
        load()
    gc.freeze()
    return True


def extract_all(
    names: Sequence[str], options: ExtractOptions, *, jobs: int = 1, context: str | None = None
) -> Iterator[Outcome]:
    """The outcome of each file, in the order of ``names``; ``jobs`` worker processes share them.

    The workers start once and are fed chunks (:func:`chunks`): besides the chunk whose
    outcomes are being yielded, at most ``_AHEAD_PER_WORKER`` chunks per worker are handed
    out, done or not, so the outcomes held wait in a few chunks, not in the whole batch.  Standard input and ``--explain`` are handled in this process (a worker can
    read neither the one nor print the other in order), as is a single file.
    """
    workers = min(jobs, len(names))
    if workers <= 1 or options.explain or "-" in names:
        for name in names:
            yield extract_one(name, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start = multiprocessing.get_context(context)
    frozen = _warm(start.get_start_method() == "fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=start)
    todo = chunks(names, workers)
    ahead = workers * _AHEAD_PER_WORKER
    pending = deque(pool.submit(extract_chunk, chunk, options) for chunk in islice(todo, ahead))
    if frozen:  # the first hand-out forked the workers: this process collects as before
        import gc

        gc.unfreeze()
    try:
        while pending:
            outcomes = pending.popleft().result()
            for chunk in islice(todo, 1):  # one more handed out for the one taken
                pending.append(pool.submit(extract_chunk, chunk, options))
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Progress:
    """A progress bar on stderr for a batch of more than a few files, when stderr is a terminal and
    the run is not ``--quiet`` (none when piped); messages print above it."""

    def __init__(self, total: int, *, quiet: bool = False) -> None:
        self._bar = None
        if total >= _PROGRESS_FROM and not quiet and stderr_is_terminal():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._bar = Progress(
                "{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True, highlight=False, force_terminal=True),
                transient=True,
            )
            self._task = self._bar.add_task("extracting", total=total)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def echo(self, text: str) -> None:
        if not text:
            return
        if self._bar is None:
            _to_stderr(text)
        else:
            self._bar.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (a progress bar is drawn only there)."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):  # closed
        return False


def _to_stderr(text: str) -> None:
    """Messages on stderr; a closed or broken stderr loses them, never the run (nor its outputs)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        import contextlib

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def json_record(path: str) -> str:
    """One file as one JSON Lines record (without its line end): its dataset, or
    ``{"source": …, "error": …}`` when it cannot be read.  A pure function of the file, for a map
    over a cluster (a Dask bag, Spark partitions)."""
    import json

    from ybhj_parse.api import parse_file
    from ybhj_parse.output.writers import json_line

    try:
        return json_line(parse_file(path))[:-1]
    except YbhjError as exc:
        return json.dumps({"source": path, "error": exc.message}, ensure_ascii=False)
