"""The bounds on what ybhj-parse reads, in one place (the README lists them).

Every input is finite and small: a task list is tens of kilobytes, a table a
dozen columns, a dataset a few thousand records.  These limits are generous
multiples of that, so that a file nobody has looked at (a device, a pipe that
never ends, a table of a thousand columns, a YAML alias bomb, a number of a
thousand digits) is refused with one line instead of hanging or exhausting memory.
"""

from __future__ import annotations

import os
import stat

# extract and validate read at most this many bytes of one file (--max-bytes changes it).
MAX_INPUT_BYTES = 64 * 1024 * 1024

# A table row is read as at most this many columns; a header naming more is cut here
# and reported (table-too-wide).  Real task tables have five to ten.
MAX_TABLE_COLUMNS = 16

# A sheet of a workbook is read when its grid (rows × columns, merged ranges included) holds at
# most this many places: a task table is hundreds of rows of a dozen columns.  A cell far down
# (J1000000) makes a grid of millions of empty places, refused before one is made.
MAX_SHEET_CELLS = 500_000

# validate: how deep lists and mappings may nest in a dataset (extract writes depth 5).
MAX_NESTING = 32

# validate: the longest number, in digits, a dataset may hold (line numbers, counts, years).
MAX_NUMBER_DIGITS = 12

# validate: how many missing numbers a message names before it summarises the rest.
MAX_LISTED_NUMBERS = 50


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (device, FIFO, socket), or None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def describe_special(path: str | os.PathLike[str]) -> str | None:
    """``special_file_kind`` of an existing path (following links), or None when it is regular or absent."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return special_file_kind(mode)


def too_large(size: int, limit: int) -> str:
    return f"is larger than {limit} bytes, the limit (raise it with --max-bytes)"
