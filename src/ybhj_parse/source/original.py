"""Stage 1's dispatcher: what an input is, by its content, and the reader that reads it.

The name of a file says nothing here: a ZIP holding ``word/document.xml`` is a Word
document whatever it is called, one holding ``xl/`` a workbook, ``%PDF`` a PDF and markup
a web page; what no reader claims is a text export.  The formats and how each is recognised
are the table :data:`ybhj_parse.source.READERS`; this module only walks it.  ZIP containers
are checked before any library opens them (:mod:`.ziplimits`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import regex

from ybhj_parse import resolve
from ybhj_parse.errors import InputError
from ybhj_parse.source import CONTAINERS, READERS, TEXT
from ybhj_parse.source.document import SourceText
from ybhj_parse.source.limits import MAX_INPUT_BYTES, special_file_kind, too_large

_SNIFF = 4096


# The pattern is compiled on first use: a text export, the usual input, needs none, and
# every cold start imports this module.
@cache
def _html_start() -> regex.Pattern[bytes]:
    """Markup a web page opens with, once a BOM, white space and comments are skipped."""
    return regex.compile(
        rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b",
        regex.I | regex.S,
    )


def looks_like_html(head: bytes) -> bool:
    """The first bytes open with the markup of a web page."""
    return b"<" in head and bool(_html_start().match(head))  # no markup without a "<"


def recognise(data: bytes, shown: str) -> str:
    """The name of the reader of ``data``, by its content (a container's members decide which of its
    formats it holds; it raises :class:`InputError` for one that holds none ybhj-parse reads)."""
    container = next((c for c in CONTAINERS.values() if data.startswith(c.magic)), None)
    if container is not None:
        fmt: str = resolve(container.identify)(data, shown)
        return fmt
    head = data[:_SNIFF]
    for reader in READERS.values():
        if (reader.magic and data.startswith(reader.magic)) or (
            reader.sniff is not None and resolve(reader.sniff)(head)
        ):
            return reader.name
    return TEXT


def read_bytes(data: bytes, *, path: str | None = None, encoding: str | None = None) -> SourceText:
    """Read a text export, or an original file (Word, a web page, a workbook, a PDF) by its reader."""
    return read_as(recognise(data, path or "<stdin>"), data, path=path, encoding=encoding)


def read_as(fmt: str, data: bytes, *, path: str | None = None, encoding: str | None = None) -> SourceText:
    """Read ``data`` with the reader of ``fmt``."""
    reader = READERS[fmt]
    read = resolve(reader.reader)
    if not reader.renders:
        source: SourceText = read(data, path, encoding)
        return source
    from ybhj_parse.source.placed import render

    blocks, charset = read(data, path or "<stdin>", encoding)
    return render(blocks, path=path, data=data, fmt=fmt, encoding=charset)


def read_converted_doc(data: bytes, path: str | None, encoding: str | None) -> SourceText:
    """An old Word file, converted to a .docx first (by LibreOffice) and read as one."""
    from ybhj_parse.source.legacy import convert_doc

    converted = convert_doc(data, path or "<stdin>")
    return read_as(recognise(converted, path or "<stdin>"), converted, path=path)


# How long a FIFO is given for its writer to connect: a writer started before the command (a
# shell's ``<(…)``, ``zcat x.gz > fifo &``) is there at once; a FIFO nobody writes to is refused.
FIFO_WRITER_WAIT = 1.0
_CHUNK = 1 << 16


def _read_pipe(fd: int, path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a pipe opened without blocking: read as it is written until
    its writer closes it; one that has no writer within FIFO_WRITER_WAIT seconds is refused."""
    import select
    import time

    chunks: list[bytes] = []
    size, writer = 0, False
    deadline = time.monotonic() + FIFO_WRITER_WAIT
    while size <= limit:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:  # a writer is there, with nothing written yet
            writer = True
            select.select([fd], [], [])
            continue
        if chunk:
            writer = True
            chunks.append(chunk)
            size += len(chunk)
        elif writer:
            break  # the writer closed it: the end of the input
        elif time.monotonic() < deadline:
            time.sleep(0.01)  # no writer yet (end of file until one opens it)
        else:
            raise InputError("is a FIFO (named pipe) that nothing writes to; give a file", path=path)
    if size > limit:
        raise InputError(too_large(size, limit), path=path)
    return b"".join(chunks)


def _read_regular(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file or a pipe, opened without ever blocking (a FIFO
    would block until a writer opens it)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        special = special_file_kind(info.st_mode)
        if special == "a directory":
            raise InputError("is a directory, not a file", path=path)
        if special == "a FIFO (named pipe)":
            return _read_pipe(fd, path, limit)
        if special is not None:
            raise InputError(f"is {special}, not a regular file; give a file", path=path)
        if info.st_size > limit:
            raise InputError(too_large(info.st_size, limit), path=path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)  # one byte more tells a file that grew past the limit
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(too_large(len(data), limit), path=path)
    return data


def read_file(path: str | Path, *, encoding: str | None = None, limit: int = MAX_INPUT_BYTES) -> SourceText:
    """Read a regular file or a pipe of at most ``limit`` bytes; devices and sockets are refused."""
    shown = str(path)
    try:
        data = _read_regular(shown, limit)
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=shown) from None
    except PermissionError:
        raise InputError("permission denied", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=shown) from None
    return read_bytes(data, path=shown, encoding=encoding)
