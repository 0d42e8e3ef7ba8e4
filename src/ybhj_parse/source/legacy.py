"""Old binary Office files (OLE): a Word 97-2003 or WPS document is converted by LibreOffice
when it is installed and refused with the command otherwise; an old workbook (.xls) is read
by the workbook reader; a password-protected Office file is refused."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ybhj_parse.errors import InputError

# Stream names in an OLE directory are UTF-16: they tell what the file holds.
_STREAMS = [
    ("EncryptedPackage", "encrypted"),
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
]
CONVERT = "soffice --headless --convert-to docx FILE"
_CONVERT_SECONDS = 120


def ole_format(data: bytes, shown: str) -> str:
    found = next((fmt for name, fmt in _STREAMS if name.encode("utf-16-le") in data), None)
    if found == "encrypted":
        raise InputError("a password-protected Office file; save it without a password first", path=shown)
    if found is None:
        raise InputError(
            "an old Office file (OLE) that is neither a Word document nor a workbook", path=shown
        )
    return found


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_doc(data: bytes, shown: str) -> bytes:
    """The .docx LibreOffice makes of a .doc or .wps, converted in a temporary folder."""
    office = _office()
    if office is None:
        raise InputError(f"a Word 97-2003 or WPS document; convert it first: {CONVERT}", path=shown)
    with tempfile.TemporaryDirectory(prefix="ybhj-parse-") as folder:
        source = Path(folder) / "document.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [office, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=_CONVERT_SECONDS,
            )
            return (Path(folder) / "document.docx").read_bytes()
        except (subprocess.SubprocessError, OSError):
            raise InputError(f"LibreOffice could not convert it; try: {CONVERT}", path=shown) from None
