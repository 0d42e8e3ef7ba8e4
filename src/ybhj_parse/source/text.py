"""Stage 1: bytes → decoded text → :class:`Line` objects.

Everything later stages need to know about a line is computed here, once: its
1-based number, its indentation (a leading tab marks a table cell in the
cell-per-line layout) and its stripped text.  Nothing downstream re-reads the file.
"""

from __future__ import annotations

import codecs
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import BinaryIO

import regex

from ybhj_parse.errors import InputError
from ybhj_parse.model.diagnostics import Diag, diag
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.limits import MAX_INPUT_BYTES, too_large
from ybhj_parse.source.script import simplified
from ybhj_parse.source.textnorm import fold, folding_report, has_foldable, only_blank
from ybhj_parse.source.webnoise import has_noise, noise_report, strip_noise

# What a non-text file looks like, by its first bytes: the user is told which one it is.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document; export it to text first (e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx is one); save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (OLE); save it as plain text first"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
]

# Text formats that are not plain text, by how the decoded text starts (case ignored).
_MARKUP: list[tuple[str, str]] = [
    ("<!doctype html", "an HTML page; save the page as plain text or copy the table into a text file"),
    ("<html", "an HTML page; save the page as plain text or copy the table into a text file"),
    ("<?xml", "an XML file (a Word XML export is one); save it as plain text first"),
]

# C0 control bytes that never occur in a text file (tab, line ends, form feed, ESC and
# the DOS end-of-file byte do): more than a few of them mark binary data.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0E, 0x0F, *range(0x10, 0x1A), 0x1C, 0x1D, 0x1E, 0x1F])
_SNIFF = 4096

# Tried in order when no --encoding is given and there is no BOM.  GB18030 is a
# superset of GBK and GB2312, the usual encodings of Chinese government files.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030")

# The UTF-32 marks come first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: list[tuple[bytes, str]] = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

# A damaged file (a byte flipped, a copy cut off inside a character) is still read
# when the damage is small: at most one invalid byte per this many bytes that are
# not ASCII.  A file in another encoding fails on most of its characters instead.
_DAMAGE_RATIO = 100

# The decoder writes this lone surrogate for each invalid byte; no valid decoding
# produces one, so every occurrence marks damage.  A run of them becomes one U+FFFD.
_DAMAGE_MARK = "\udfff"
_DAMAGE_HANDLER = "ybhj-parse-mark-damage"


def _mark_damage(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _DAMAGE_MARK * (exc.end - exc.start), exc.end  # one mark per bad byte, to count them


codecs.register_error(_DAMAGE_HANDLER, _mark_damage)

_DAMAGE_RUN = regex.compile(f"{_DAMAGE_MARK}+")
# A line ends at LF, CRLF or a lone CR; CRs before an LF are one line end with it (CR CR LF
# is a CRLF file converted a second time, not a blank line after every line).
_LINE_END = regex.compile(r"\r*\n|\r")
_FINAL_LINE_END = regex.compile(r"(?:\r*\n|\r)\Z")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    # (offset in text of each U+FFFD written, how many invalid bytes it stands for)
    damage: tuple[tuple[int, int], ...] = ()
    cut_in_character: bool = False  # the data ended inside a character (dropped)


def _describe_binary(data: bytes, *, sniff_content: bool) -> str | None:
    """What ``data`` looks like when it is not text: by its magic number, then (when no
    encoding was named) by NUL and control bytes in its first kilobytes."""
    what = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    if what is not None or not sniff_content or data.startswith(tuple(bom for bom, _ in _BOMS)):
        return what
    head = data[:_SNIFF]
    nuls = head.count(0)
    # A NUL or two in a text file is damage (reported, removed); only many of them mark
    # UTF-16 or binary data.
    if nuls * _DAMAGE_RATIO > len(head):
        odd = head[1::2].count(0)
        # UTF-16 text puts the zero byte of every ASCII character on the same side, and reads
        # as text in that byte order (a NUL or two on one side of a binary file do not).
        if odd * 10 >= nuls * 9 and _reads_as_text(head, "utf-16-le"):
            return "UTF-16 text without a byte-order mark; name it with --encoding utf-16-le"
        if (nuls - odd) * 10 >= nuls * 9 and _reads_as_text(head, "utf-16-be"):
            return "UTF-16 text without a byte-order mark; name it with --encoding utf-16-be"
        return "a binary file (it contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > 4 and controls * 100 > len(head):
        return "a binary file (it contains control bytes)"
    return None


def _reads_as_text(head: bytes, codec: str) -> bool:
    """``head`` decodes in ``codec`` to characters a text holds: no control character but a
    tab or a line end, nothing undecodable (a character cut off at the end of ``head`` aside)."""
    text = head[: len(head) - len(head) % 2].decode(codec, errors="replace")[:-1]
    return all(char.isprintable() or char in "\t\n\r\f" for char in text)


def _describe_markup(text: str) -> str | None:
    start = text.lstrip("\ufeff \t\r\n")[:16].lower()
    return next((what for prefix, what in _MARKUP if start.startswith(prefix)), None)


def _decode_marking_damage(data: bytes, codec: str) -> Decoded:
    """Decode, writing U+FFFD for each run of invalid bytes and dropping a character cut off at the end."""
    decoder = codecs.getincrementaldecoder(codec)(errors=_DAMAGE_HANDLER)
    body = decoder.decode(data, final=False)
    cut = bool(decoder.decode(b"", final=True))  # bytes left over: the last character is incomplete
    # A lone surrogate (UTF-7 and the surrogate-escaping codecs can write one) is no character:
    # damage like an invalid byte, so no output ever holds one.
    body = _SURROGATE.sub(_DAMAGE_MARK, body)
    if _DAMAGE_MARK not in body:
        return Decoded(body, codec, (), cut)
    pieces: list[str] = []
    damage: list[tuple[int, int]] = []
    done = length = 0
    for run in _DAMAGE_RUN.finditer(body):
        pieces.append(body[done : run.start()])
        length += run.start() - done
        damage.append((length, run.end() - run.start()))
        pieces.append("\ufffd")
        length += 1
        done = run.end()
    pieces.append(body[done:])
    return Decoded("".join(pieces), codec, tuple(damage), cut)


def _damage_budget(data: bytes, codec: str) -> int:
    """How many invalid bytes a file may hold and still count as damaged rather than foreign."""
    if (
        codec.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf-7", "utf7"))
    ):  # no byte is "ASCII" there
        return len(data) // _DAMAGE_RATIO
    return len(data.translate(None, bytes(range(128)))) // _DAMAGE_RATIO  # the bytes that are not ASCII


def _try(data: bytes, codec: str) -> Decoded | None:
    decoded = _decode_marking_damage(data, codec)
    bad_bytes = sum(count for _, count in decoded.damage)
    return decoded if bad_bytes <= _damage_budget(data, codec) else None


def decode(data: bytes, *, path: str | None = None, encoding: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`InputError` for empty, binary or undecodable input.

    Without ``encoding``: a BOM decides; else UTF-8, else GB18030.  A little damage
    (a bad byte, a copy cut inside a character) is tolerated and recorded; a file in
    some other encoding is refused with the advice to name it.
    """
    shown = path or "<stdin>"
    if not data:
        raise InputError("the file is empty", path=shown)
    what = _describe_binary(data, sniff_content=encoding is None)
    if what is not None:
        raise InputError(f"not a text file: this looks like {what}", path=shown)
    decoded = _decode_named(data, encoding, shown) if encoding is not None else _decode_guessed(data, shown)
    _refuse_non_text(decoded, data, shown)
    return decoded


def _decode_named(data: bytes, encoding: str, shown: str) -> Decoded:
    """Decode in the encoding the user named (a little damage tolerated)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=shown) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13 …
        raise InputError(f"{encoding!r} is not a text encoding", path=shown)
    try:
        decoded = _try(data, encoding)
    except (UnicodeError, ValueError, TypeError) as exc:  # a codec that refuses the data outright
        raise InputError(f"cannot be decoded as {encoding} ({exc})", path=shown) from None
    if decoded is None:
        bad = _decode_marking_damage(data, encoding)
        bad_bytes = sum(count for _, count in bad.damage)
        first = line_of(bad.text, bad.damage[0][0])
        raise InputError(
            f"not valid {encoding}: {bad_bytes} invalid bytes, the first on line {first}",
            path=shown,
        )
    return Decoded(decoded.text, encoding.lower(), decoded.damage, decoded.cut_in_character)


def _decode_guessed(data: bytes, shown: str) -> Decoded:
    """Decode by the BOM, else as UTF-8, else as GB18030."""
    bom_codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    candidates = (bom_codec,) if bom_codec else _FALLBACK_ENCODINGS
    found = next((d for d in (_try(data, codec) for codec in candidates) if d is not None), None)
    if found is None:
        tried = bom_codec or " or ".join(c.upper() for c in _FALLBACK_ENCODINGS)
        raise InputError(
            f"cannot be decoded as {tried}; name the encoding with --encoding (e.g. --encoding big5)",
            path=shown,
        )
    return found


def _refuse_non_text(decoded: Decoded, data: bytes, shown: str) -> None:
    """Text that decoded but is no document: NUL bytes throughout, only white space, markup."""
    if decoded.text.count("\x00") * _DAMAGE_RATIO > len(data):
        raise InputError("not a text file: this looks like a binary file (it contains NUL bytes)", path=shown)
    if only_blank(decoded.text):
        raise InputError("the file holds only white space", path=shown)
    markup = _describe_markup(decoded.text)
    if markup is not None:
        raise InputError(f"not a plain-text document: this looks like {markup}", path=shown)


class LineIndex:
    """The offset where each line of a text starts, found in one pass, so the line of any
    offset is a binary search: a file with damage on every line stays linear to read."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self._starts = [0, *(end.end() for end in _LINE_END.finditer(text))]
        else:  # every line end is one LF: each line starts one past the end of the one before
            lines = text.split("\n")
            self._starts = list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset``, counting line ends as :func:`split_lines` does."""
        return bisect_right(self._starts, offset)


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text`` (one look-up; build a :class:`LineIndex` for many)."""
    # Line ends are found in the whole text: a CR CR LF cut by ``offset`` is still one end.
    ends = 0
    for end in _LINE_END.finditer(text):
        if end.end() > offset:
            break
        ends += 1
    return ends + 1


def damage_diags(decoded: Decoded) -> tuple[Diag, ...]:
    """One diagnostic per damaged line, and one for a character cut off at the end."""
    by_line: dict[int, int] = {}
    if decoded.damage:
        index = LineIndex(decoded.text)
        for offset, count in decoded.damage:
            number = index.line_of(offset)
            by_line[number] = by_line.get(number, 0) + count
    diags = [
        diag("undecodable-bytes", number, count=count, encoding=decoded.encoding)
        for number, count in by_line.items()
    ]
    if decoded.cut_in_character:
        final_end = _FINAL_LINE_END.search(decoded.text)
        last = line_of(decoded.text, final_end.start() if final_end else len(decoded.text))
        diags.append(diag("cut-in-character", last, encoding=decoded.encoding))
    return tuple(diags)


# A table row as a web page's copy writes it: cells between | and a | closing the
# row (序号 | 重点任务 | 牵头单位 |): two | at least, the closing one and one between two cells
# (a row of a table whose merged first cells are left out: 2. 制定… | 市法制局牵头 |).
_PIPE_ROW = regex.compile(r"^[^\t|]*(?:\|[^\t|]*){1,}\|\s*$")


def pipe_row_to_tabs(raw: str) -> str:
    """``a | b | c |`` (or ``| a | b | c |``) → ``a\tb\tc``: a row written with | reads as the
    tab-separated row it is."""
    if not _PIPE_ROW.match(raw) or not raw.strip(" |"):
        return raw  # a line of |s alone (||||): empty cells closing a row, counted by the piped reader
    body = raw.rstrip()[:-1]
    if body.lstrip().startswith("|"):  # a | at both ends: the first one opens the first cell
        body = body.lstrip()[1:]
    cells = body.split("|")
    return "\t".join(cell.strip() for cell in cells)


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on LF, CRLF (CR CR LF) or CR and compute each line's facts (a | row becomes a tab row)."""
    if "\r" in text:  # without a CR every line end is already one LF
        text = _LINE_END.sub("\n", text)
    if text.endswith("\n"):
        text = text[:-1]
    lines = []
    # Folding never makes or removes a line end, so the whole text folds in one call.
    for number, raw in enumerate(strip_noise(fold(text)).split("\n"), start=1):
        if "|" in raw:
            raw = pipe_row_to_tabs(raw)
        stripped = raw.lstrip()
        lines.append(Line(number, raw, stripped.rstrip(), len(raw) - len(stripped) if stripped else 0))
    return tuple(lines)


def folding_diags(text: str) -> tuple[Diag, ...]:
    """The info and warnings of what the reader's folding removed or read differently, per line:
    NUL bytes (damage), invisible characters, compatibility characters (⼀ read as 一)."""
    text = text.removeprefix("\ufeff")  # the byte-order mark a UTF-16 or UTF-32 decoder keeps
    if "\x00" not in text and not has_foldable(text) and not has_noise(text):
        return ()
    diags: list[Diag] = []
    for number, raw in enumerate(_LINE_END.split(text), start=1):
        if "\x00" in raw:
            diags.append(diag("nul-bytes", number, count=raw.count("\x00")))
        for code, pieces in noise_report(fold(raw)):
            diags.append(diag(code, number, count=len(pieces), pieces="、".join(pieces)))
        report = folding_report(raw)
        if report is None:
            continue
        removed, changed = report
        if removed:
            names = "、".join(dict.fromkeys(removed))
            diags.append(diag("invisible-characters", number, count=len(removed), names=names))
        if changed:
            pairs = "、".join(dict.fromkeys(f"{c}→{plain}" for c, plain in changed))
            diags.append(diag("characters-folded", number, count=len(changed), pairs=pairs))
    return tuple(diags)


def read_export(data: bytes, path: str | None, encoding: str | None) -> SourceText:
    """Read a text export: decode it, number and fold its lines, and read a traditional copy
    in simplified characters."""
    decoded = decode(data, path=path, encoding=encoding)
    lines, rows_diags = _with_data_rows(decoded.text, split_lines(decoded.text))
    return simplified(
        SourceText(
            path,
            hashlib.sha256(data).hexdigest(),
            decoded.encoding,
            lines,
            damage_diags(decoded) + folding_diags(decoded.text) + rows_diags,
        )
    )


def _with_data_rows(text: str, lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Diag, ...]]:
    """The lines, with an array of rows the text holds (a page's script data) read as a table."""
    from ybhj_parse.source.datarows import data_lines

    found = data_lines(text, lines)
    if found is None:
        return lines, ()
    table, line, count = found
    return table, (diag("rows-from-data", line, count=count),)


def read_text(text: str, *, path: str | None = None) -> SourceText:
    if text.startswith("\ufeff"):
        text = text[1:]
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    text = _SURROGATE.sub("\ufffd", text)  # a lone surrogate is no character and cannot be written
    lines, rows_diags = _with_data_rows(text, split_lines(text))
    return simplified(SourceText(path, digest, "utf-8", lines, folding_diags(text) + rows_diags))


def read_stream(stream: BinaryIO | None, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """At most ``limit`` bytes of standard input; a closed one or one beyond the limit is refused."""
    if stream is None:
        raise InputError("standard input is closed", path="<stdin>")
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as exc:  # a closed descriptor (<&-), a terminal gone away
        raise InputError(
            f"cannot be read ({getattr(exc, 'strerror', None) or exc})", path="<stdin>"
        ) from None
    if len(data) > limit:
        raise InputError(too_large(len(data), limit), path="<stdin>")
    return data
