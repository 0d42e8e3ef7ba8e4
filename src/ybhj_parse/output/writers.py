"""Stage 5: a :class:`Dataset` → JSON, YAML or CSV text, and safe file writing.

- JSON: UTF-8, Chinese as is (not \\u-escaped), keys in model order, 2-space indent.
- YAML: the same content through the safe dumper, Chinese readable.
- CSV: one row per task (or per pilot item for a notice), list fields joined
  with 、, UTF-8 with a BOM so Excel shows Chinese, and cells that a
  spreadsheet would run as a formula (= + - @ …) guarded with a leading '.

Every file is written to a temporary file beside the target and renamed, so
an interrupted run leaves the previous file whole.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ybhj_parse import resolve
from ybhj_parse.errors import OutputError
from ybhj_parse.model.contract import to_data
from ybhj_parse.model.records import Dataset
from ybhj_parse.output import WRITERS, extensions
from ybhj_parse.source.limits import describe_special

# A spreadsheet treats a cell starting with one of these as a formula (CWE-1236).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def json_reference(datasets: Dataset | Sequence[Dataset]) -> str:
    """The JSON as the standard library writes it: what :func:`to_json` must equal byte for byte."""
    return json.dumps(to_data(datasets), ensure_ascii=False, indent=2) + "\n"


# Below this, Python writes a float with an exponent (1e-05) and pydantic-core's serialiser without
# (0.00001); at or above it the two agree on every float.
_SMALLEST_PLAIN_FLOAT = 1e-4


def _floats_print_alike(items: Sequence[Dataset]) -> bool:
    return all(
        not isinstance(value, float) or value == 0 or abs(value) >= _SMALLEST_PLAIN_FLOAT
        for dataset in items
        for task in dataset.tasks
        for target in task.targets
        for value in (target.value, target.value_max)
    )


def to_json(datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> str:
    """The datasets as JSON (``headers`` is for the tabular formats; JSON has none)."""
    # pydantic-core's serialiser writes the same bytes as json.dumps(ensure_ascii=False, indent=2)
    # (tests hold them equal) at a fraction of the time: the standard library's indenting encoder
    # is written in Python.
    if not _floats_print_alike([datasets] if isinstance(datasets, Dataset) else datasets):
        return json_reference(datasets)
    from pydantic_core import to_json as core_json

    return core_json(to_data(datasets), indent=2).decode("utf-8") + "\n"


def json_line(dataset: Dataset) -> str:
    """One dataset as one line of JSON (JSON Lines): what a stream of many documents writes."""
    from pydantic_core import to_json as core_json

    return core_json(to_data(dataset)).decode("utf-8") + "\n"


def yaml_dumper(*, fast: bool = True) -> Any:
    """libyaml's safe dumper when PyYAML was built with it; it writes what the pure one does."""
    import yaml

    return getattr(yaml, "CSafeDumper", yaml.SafeDumper) if fast else yaml.SafeDumper


def to_yaml(datasets: Dataset | Sequence[Dataset], *, fast: bool = True, headers: str = "machine") -> str:
    import yaml

    items = [datasets] if isinstance(datasets, Dataset) else list(datasets)
    return str(
        yaml.dump_all(
            [to_data(d) for d in items],
            Dumper=yaml_dumper(fast=fast),
            allow_unicode=True,
            sort_keys=False,
            width=100,
            explicit_start=len(items) > 1,
        )
    )


def guard_formula(value: str) -> str:
    return GUARD + value if value.startswith(FORMULA_STARTS) else value


def unguard_formula(value: str) -> str:
    return value[1:] if value.startswith(GUARD) and value[1:].startswith(FORMULA_STARTS) else value


def csv_rows(dataset: Dataset) -> tuple[list[str], list[list[str]]]:
    from ybhj_parse.output.tables import PILOT_COLUMNS, TASK_COLUMNS

    columns: list[tuple[str, Callable[[Any], object]]]
    records: Sequence[Any]
    if dataset.document.kind == "notice" and dataset.pilot_items is not None:
        columns, records = PILOT_COLUMNS, dataset.pilot_items
    else:
        columns, records = TASK_COLUMNS, dataset.tasks
    header = ["source_path"] + [name for name, _ in columns]
    path = dataset.document.source.path or ""
    rows = [[guard_formula(path)] + [guard_formula(_cell(get(r))) for _, get in columns] for r in records]
    return header, rows


def _cell(value: object) -> str:
    """A value as a CSV cell: an absent one (a heading printed without a number) is empty, never
    the word None."""
    return "" if value is None else str(value)


def _named(header: list[str], headers: str) -> list[str]:
    if headers != "zh":
        return header
    from ybhj_parse.output.headers import ZH_HEADERS

    return [ZH_HEADERS.get(name, name) for name in header]


def to_csv(datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> str:
    """CSV text; ``headers="zh"`` writes the Chinese column names (output/headers.py)."""
    items = [datasets] if isinstance(datasets, Dataset) else list(datasets)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    written_header: list[str] | None = None
    for dataset in items:
        header, rows = csv_rows(dataset)
        if written_header is None:
            writer.writerow(_named(header, headers))
            written_header = header
        elif header != written_header:
            raise ValueError("cannot put a task list and a notice in one CSV; use --out-dir")
        writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def format_of(path: str | Path) -> str | None:
    """The format a file name's extension stands for, or None."""
    return extensions().get(Path(path).suffix.lower())


def render(fmt: str, datasets: Dataset | Sequence[Dataset], *, csv_headers: str = "machine") -> str:
    """The text of a text format (json, yaml, csv, jsonl)."""
    text = WRITERS[fmt].text
    if text is None:
        raise ValueError(f"{fmt} is a binary format: write it to a file with -o FILE or --out-dir")
    rendered: str = resolve(text)(datasets, headers=csv_headers)
    return rendered


def stdout_pieces(
    fmt: str, datasets: Dataset | Sequence[Dataset], *, csv_headers: str = "machine"
) -> Iterator[str]:
    """What stdout is given, piece by piece: the lines of a streamed format, else the whole text."""
    stream = WRITERS[fmt].stream
    if stream is not None:
        yield from resolve(stream)(datasets)
    else:
        yield render(fmt, datasets, csv_headers=csv_headers)


# Temporary files not yet renamed into place: a signal handler removes them (see cli.py).
PENDING_TEMPS: set[str] = set()

# The longest file name most file systems allow, in bytes.
_NAME_MAX = 255


def remove_pending_temps() -> None:
    """Remove every temporary file still waiting for its rename (on SIGINT, SIGTERM, a failure)."""
    for tmp in sorted(PENDING_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    PENDING_TEMPS.clear()


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX


def _temp_name(target: Path) -> str:
    """A hidden name beside ``target``: ``.NAME.XXXXXXXX.tmp``, cut when that would not fit.

    A legal name close to the file system's limit (250 bytes) would not leave room for
    the 15 bytes added; then the name is cut (on a character boundary) so the temporary
    name is no longer than the target's own.
    """
    # What secrets.token_hex(4) returns, without importing secrets (and random, hmac) at start-up.
    token = os.urandom(4).hex()
    name = target.name.encode("utf-8", "surrogateescape")
    full = f".{target.name}.{token}.tmp"
    if len(full.encode("utf-8", "surrogateescape")) <= _name_max(target.parent):
        return full
    room = max(len(name) - len(f"..{token}.tmp"), 1)
    return f".{name[:room].decode('utf-8', 'ignore')}.{token}.tmp"


def _mode_for(target: Path) -> int:
    """An existing file keeps its permission bits; a new one gets 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def check_target(path: str | Path) -> None:
    """Refuse a target that a regular file must not replace: a folder, a device, a FIFO, a socket."""
    target = Path(path)
    special = describe_special(target)
    if special == "a directory":
        raise OutputError("is a directory; name a file", path=str(target))
    if special is not None:
        raise OutputError(
            f"is {special}; refusing to replace it with a regular file (write to stdout instead)",
            path=str(target),
        )


def build_temp(path: str | Path, build: Callable[[Path], None], *, sync: bool = True) -> str:
    """Let ``build`` write a new temporary file beside ``path`` (it starts empty); return its name.

    The file is registered in :data:`PENDING_TEMPS` until :func:`commit` renames it or
    :func:`discard` removes it; it gets the target's mode (or the umask's).  Raises
    :class:`OutputError` naming ``path``.  With ``sync`` the data reaches the disk (fsync) before
    the name is returned; :func:`write_formats` flushes the files of one document together instead.
    """
    target = Path(path)
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = str(target.parent / _temp_name(target))
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(target)) from None
    PENDING_TEMPS.add(tmp)
    try:
        build(Path(tmp))
        if sync:
            _fsync(tmp)
        os.chmod(tmp, _mode_for(target))
    except BaseException as exc:
        discard(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(target)) from None
        raise
    return tmp


def write_temp(path: str | Path, text: str | bytes) -> str:
    """Write ``text`` (as UTF-8) or bytes to a new temporary file beside ``path``; see :func:`build_temp`."""
    return build_temp(path, lambda tmp: _fill(tmp, text))


def commit(tmp: str, path: str | Path) -> None:
    """Rename a temporary file of :func:`write_temp` over its target."""
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        discard(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(path)) from None
        raise
    PENDING_TEMPS.discard(tmp)


def discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    PENDING_TEMPS.discard(tmp)


def _builder(fmt: str, datasets: Dataset | Sequence[Dataset], csv_headers: str) -> Callable[[Path], None]:
    """What writes ``datasets`` in ``fmt`` to a (temporary) file: its file writer, else its text."""
    file = WRITERS[fmt].file
    if file is not None:
        write = resolve(file)
        return lambda tmp: write(tmp, datasets, headers=csv_headers)
    return lambda tmp: _fill(tmp, render(fmt, datasets, csv_headers=csv_headers))


def _fill(tmp: Path, text: str | bytes) -> None:
    # A lone surrogate (a damaged decoding) is written escaped, never raised on.
    data = text.encode("utf-8", errors="backslashreplace") if isinstance(text, str) else text
    with tmp.open("wb") as handle:
        handle.write(data)


def _fsync(tmp: str) -> None:
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())


def format_temp(
    fmt: str,
    datasets: Dataset | Sequence[Dataset],
    path: str | Path,
    *,
    csv_headers: str = "machine",
    sync: bool = True,
) -> str:
    """Write ``datasets`` in any format to a temporary file beside ``path``; return its name."""
    return build_temp(path, _builder(fmt, datasets, csv_headers), sync=sync)


def write_format(
    fmt: str, datasets: Dataset | Sequence[Dataset], path: str | Path, *, csv_headers: str = "machine"
) -> None:
    """Write ``datasets`` to ``path`` in any format, atomically."""
    commit(format_temp(fmt, datasets, path, csv_headers=csv_headers), path)


def write_formats(
    targets: Sequence[tuple[str, Path]],
    datasets: Dataset | Sequence[Dataset],
    *,
    csv_headers: str = "machine",
) -> None:
    """Write ``datasets`` in each ``(format, path)``, all or none: every temporary file first, then
    all flushed to disk together, then every rename; when one cannot be written or flushed the
    others are removed and no target is touched.

    A file's data reaches the disk before its rename, so after a crash of the machine a path
    holds the previous file or the new one whole; flushing the document's files at once lets
    their flushes share the file system's commits.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for fmt, path in targets:
            temps.append((format_temp(fmt, datasets, path, csv_headers=csv_headers, sync=False), path))
        _flush_all(temps)
    except BaseException:
        for tmp, _ in temps:
            discard(tmp)
        raise
    for tmp, path in temps:
        commit(tmp, path)


def _flush_all(temps: Sequence[tuple[str, Path]]) -> None:
    """fsync each file, in threads when there are several (a flush waits on the disk, not the
    interpreter, and concurrent flushes share one journal commit)."""
    if len(temps) == 1:
        _flush_one(*temps[0])
        return
    import threading

    failures: dict[int, OutputError] = {}

    def flush(i: int, tmp: str, path: Path) -> None:
        try:
            _flush_one(tmp, path)
        except OutputError as exc:
            failures[i] = exc

    threads = [threading.Thread(target=flush, args=(i, tmp, path)) for i, (tmp, path) in enumerate(temps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[min(failures)]


def _flush_one(tmp: str, path: Path) -> None:
    try:
        _fsync(tmp)
    except OSError as exc:
        raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(path)) from None


def atomic_write(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (as UTF-8) or bytes to a temporary file in the same folder, then rename it
    over ``path``.

    The previous file stays whole until the rename, whatever interrupts the run; the
    temporary file is removed on failure.  An existing file keeps its mode; a new one
    honours the umask.  Raises :class:`OutputError` naming ``path``.
    """
    commit(write_temp(path, text), path)


def atomic_build(path: str | Path, build: Callable[[Path], None]) -> None:
    """Let ``build`` write a temporary file beside ``path`` (it starts empty), then rename it over
    ``path``; as :func:`atomic_write`."""
    commit(build_temp(path, build), path)
