"""ZIP containers (.docx, .xlsx, .ods) checked before any library opens them.

A ZIP declares the size of each member; a ZIP bomb declares (or hides) sizes far beyond
what a document needs.  Every member is checked against a size and a ratio limit, then
inflated in bounded chunks up to its declared size, so that a member that lies about its
size fails its CRC here instead of filling memory in a reader.  Memory stays at one chunk
and time at the total allowed.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ybhj_parse.errors import InputError

# A Word document or workbook of task lists is a few megabytes of XML at most.
MAX_MEMBERS = 5000
MAX_TOTAL = 100 * 1024 * 1024  # uncompressed bytes, all members
MAX_MEMBER = 60 * 1024 * 1024
# XML compresses well, but not a thousand times: only a large member is held to this.
MAX_RATIO = 200
_RATIO_FROM = 1024 * 1024
_CHUNK = 1 << 20


def _members(data: bytes, shown: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(
            "a damaged ZIP file (a truncated .docx or .xlsx?): its directory cannot be read", path=shown
        ) from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(f"a ZIP file with {len(members)} members, more than a document holds", path=shown)
    return archive, members


def check_zip(data: bytes, shown: str) -> list[str]:
    """The member names of a ZIP that is safe to open; InputError for a damaged or bomb ZIP."""
    archive, members = _members(data, shown)
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL:
        raise InputError(
            f"a ZIP file that would inflate to {total // (1024 * 1024)} MB (limit {MAX_TOTAL // (1024 * 1024)} MB)",
            path=shown,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER or (member.file_size > _RATIO_FROM and ratio > MAX_RATIO):
            raise InputError(
                f"a ZIP bomb: {member.filename} would inflate {member.compress_size} bytes to {member.file_size}",
                path=shown,
            )
        if member.flag_bits & 0x1:
            raise InputError("an encrypted ZIP file (password-protected)", path=shown)
    _inflate_all(archive, members, shown)
    return [m.filename for m in members]


def _inflate_all(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], shown: str) -> None:
    for member in members:
        try:
            with archive.open(member) as stream:
                while stream.read(_CHUNK):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise InputError(
                f"a damaged ZIP file: {member.filename} cannot be read ({exc})", path=shown
            ) from None


def zip_format(data: bytes, shown: str) -> str:
    """ "docx", "xlsx" or "ods" by what the (checked) ZIP holds; InputError for any other ZIP."""
    names = check_zip(data, shown)
    if "word/document.xml" in names:
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if "mimetype" in names:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if mimetype.endswith("opendocument.spreadsheet"):
            return "ods"
        if mimetype.endswith("opendocument.text"):
            raise InputError(
                "an OpenDocument text (.odt); convert it first: soffice --headless --convert-to docx FILE",
                path=shown,
            )
    raise InputError(
        "a ZIP archive that is neither a Word document (.docx) nor a workbook (.xlsx, .ods)", path=shown
    )
