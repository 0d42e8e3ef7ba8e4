"""A cache of the rule files as JSON, so that a run need not import and run the YAML parser.

An entry is named by the SHA-256 of a rule file's bytes: a changed file is a new name, read
and checked afresh, and what a hit returns is the very data the YAML parser gave for those
bytes.  Entries are plain JSON (nothing in them is ever executed) and the whole result is
still checked key by key by the loader, so a bad rule file fails naming its file and key
whether or not it was cached.  The cache lives in a folder this module creates, private to
its user (``$XDG_CACHE_HOME/ybhj-parse/rules`` or ``~/.cache/…``); a folder someone else
owns or may write to is not used, and any failure to read or write it only means the rule
files are parsed.  ``YBHJ_RULE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

_VERSION = b"rules-json-1\0"  # bump when what the loader stores changes


def cache_dir() -> Path | None:
    """The private cache folder, created on first use; None when off or unusable."""
    if os.environ.get("YBHJ_RULE_CACHE") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "ybhj-parse" / "rules"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid  # no owners to compare on Windows
    return folder if private and info.st_uid == owner else None


def _entry(raw: bytes) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{hashlib.sha256(_VERSION + raw).hexdigest()}.json"


def cached_data(raw: bytes) -> dict[str, Any] | None:
    """The data stored for these bytes, or None."""
    entry = _entry(raw)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store_data(raw: bytes, data: dict[str, Any]) -> None:
    """Store the parsed data of these bytes, when JSON gives it back unchanged (a YAML date or
    a number used as a key would not be: such a file is simply parsed every time)."""
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):  # a date, or something else JSON has no form for
        return
    if not _same(json.loads(text), data):
        return
    entry = _entry(raw)
    if entry is None:
        return
    temp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, entry)
    except OSError:
        temp.unlink(missing_ok=True)


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (JSON has no dates, tuples or int keys)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
