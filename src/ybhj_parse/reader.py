"""Stage 1: bytes → decoded text → :class:`Line` objects.

Everything later stages need to know about a line is computed here, once: its
1-based number, its indentation (a leading tab marks a table cell in the
cell-per-line layout) and its stripped text.  Nothing downstream re-reads the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .textnorm import fold

# What a non-text file looks like, by its first bytes: the user is told which one it is.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document; export it to text first (e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx is one); save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (OLE); save it as plain text first"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
]

# Tried in order when no --encoding is given and there is no BOM.  GB18030 is a
# superset of GBK and GB2312, the usual encodings of Chinese government files.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030")

_BOMS: list[tuple[bytes, str, str]] = [
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source, with the facts every rule asks about."""

    number: int  # 1-based, as an editor shows it
    raw: str  # folded, line end removed, otherwise as written (tabs kept)
    text: str  # raw without surrounding white space
    indent: int  # count of leading white-space characters

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def is_cell(self) -> bool:
        """Indented: a table cell in the cell-per-line layout (possibly an empty one)."""
        return self.indent > 0 or (self.raw != "" and not self.text)


@dataclass(frozen=True, slots=True)
class SourceText:
    path: str | None
    sha256: str
    encoding: str
    lines: tuple[Line, ...]

    @property
    def line_count(self) -> int:
        return len(self.lines)


def _describe_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file (it contains NUL bytes)"
    return None


def decode(data: bytes, *, path: str | None = None, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding_used)``; raise :class:`InputError` for binary or undecodable input."""
    shown = path or "<stdin>"
    if not data.strip():
        raise InputError("the file is empty", path=shown)
    if encoding:
        try:
            return data.decode(encoding), encoding.lower()
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=shown) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start} ({exc.reason})", path=shown) from None
    what = _describe_binary(data)
    if what is not None:
        raise InputError(f"not a text file: this looks like {what}", path=shown)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {name} at byte {exc.start}", path=shown) from None
    for codec in _FALLBACK_ENCODINGS:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise InputError("cannot be decoded as UTF-8 or GB18030; name the encoding with --encoding", path=shown)


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on LF, CRLF or CR and compute each line's facts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = fold(raw)
        stripped = raw.lstrip()
        lines.append(Line(number, raw, stripped.rstrip(), len(raw) - len(stripped) if stripped else 0))
    return tuple(lines)


def read_bytes(data: bytes, *, path: str | None = None, encoding: str | None = None) -> SourceText:
    text, used = decode(data, path=path, encoding=encoding)
    return SourceText(path, hashlib.sha256(data).hexdigest(), used, split_lines(text))


def read_text(text: str, *, path: str | None = None) -> SourceText:
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(path, hashlib.sha256(text.encode("utf-8")).hexdigest(), "utf-8", split_lines(text))


def read_file(path: str | Path, *, encoding: str | None = None) -> SourceText:
    shown = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=shown)
    if p.is_dir():
        raise InputError("is a directory, not a file", path=shown)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=shown) from None
    return read_bytes(data, path=shown, encoding=encoding)
