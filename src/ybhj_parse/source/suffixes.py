"""The file names a folder is searched for: the formats ``extract`` reads.

A file named on the command line is read whatever its name (its content decides how);
a folder is walked for these suffixes only, so its other files (notes, images, outputs)
are left alone.
"""

from __future__ import annotations

DOCUMENT_SUFFIXES = (".txt", ".text", ".docx", ".doc", ".html", ".htm", ".xlsx", ".xls", ".ods", ".pdf")
