"""A cache of the rule files as JSON, so that a run need not import and run the YAML parser.

An entry is named by the SHA-256 of a rule file's bytes: a changed file is a new name, read
and checked afresh, and what a hit returns is the very data the YAML parser gave for those
bytes.  Entries are plain JSON (nothing in them is ever executed) and the whole result is
still checked key by key by the loader, so a bad rule file fails naming its file and key
whether or not it was cached.

The rules' compiled patterns are kept there too (:class:`CompiledPatterns`): ``regex`` spends
most of a cold run's rule loading parsing pattern texts into its matching code, and that code
is what it pickles a pattern as, so a pattern compiled once is rebuilt from it at once.
The cache lives in a folder this module creates, private to
its user (``$XDG_CACHE_HOME/ybhj-parse/rules`` or ``~/.cache/…``); a folder someone else
owns or may write to is not used, and any failure to read or write it only means the rule
files are parsed.  ``YBHJ_RULE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import regex

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


# -- compiled patterns -----------------------------------------------------------------------

_PATTERNS_VERSION = "patterns-json-1"  # bump when what an entry stores changes
# Past this many patterns (rule files edited often) the file starts again from one run's.
_MAX_PATTERNS = 2000


def _reduced(compiled: regex.Pattern[str]) -> tuple[Any, tuple[Any, ...]]:
    """How pickle stores a compiled pattern: the function that rebuilds it, and its arguments
    (the text, the flags, the matching code and the group tables)."""
    reduced = copyreg.dispatch_table[regex.Pattern](compiled)
    if not isinstance(reduced, tuple):
        raise TypeError("regex patterns pickle by reduction")
    rebuild, args = reduced[:2]
    return rebuild, tuple(args)


def _to_entry(args: tuple[Any, ...]) -> list[Any] | None:
    """The rebuild arguments as JSON data, or None for a pattern this cache does not keep (one
    using named lists) or whose arguments JSON would not give back the same."""
    _text, flags, code, group_index, _index_group, named, named_indexes, offset, chars, req_flags, count = (
        args
    )
    if named or named_indexes:
        return None
    entry = [flags, code.hex(), group_index, offset, list(chars), req_flags, count]
    same = _from_entry(_text, json.loads(json.dumps(entry))) == args
    return entry if same else None


def _from_entry(text: str, entry: Any) -> tuple[Any, ...]:
    flags, code, group_index, offset, chars, req_flags, count = entry
    index_group = {number: name for name, number in group_index.items()}
    return (
        text,
        flags,
        bytes.fromhex(code),
        group_index,
        index_group,
        {},
        [],
        offset,
        tuple(chars),
        req_flags,
        count,
    )


class CompiledPatterns:
    """The compiled patterns of the rules by their text, kept between runs in one cache file.

    The file is named by the versions of ``regex`` (and its default syntax) and of Python
    (another compiles afresh) and read on first use; a pattern compiled in this run is added
    to it by :meth:`save`.  An entry that cannot be rebuilt is compiled again, so a damaged file
    costs only the compiling.  A pattern text that does not compile is never stored: every
    bad pattern still fails in ``regex.compile``.
    """

    def __init__(self) -> None:
        self._stored: dict[str, Any] | None = None
        self._added: dict[str, list[Any]] = {}
        self._used: set[str] = set()  # read from the file in this run
        self._rebuild: Any = None

    def _path(self) -> Path | None:
        folder = cache_dir()
        # What regex.compile(text) depends on besides the text: its version, its default syntax.
        key = f"{_PATTERNS_VERSION}\0{regex.__version__}\0{regex.DEFAULT_VERSION}\0{sys.version}".encode()
        return None if folder is None else folder / f"patterns-{hashlib.sha256(key).hexdigest()[:32]}.json"

    def _entries(self) -> dict[str, Any]:
        if self._stored is None:
            path = self._path()
            try:
                data = json.loads(path.read_bytes()) if path is not None else {}
            except (OSError, ValueError):
                data = {}
            self._stored = data if isinstance(data, dict) else {}
        return self._stored

    def get(self, text: str) -> regex.Pattern[str] | None:
        """The pattern of ``text`` rebuilt from the cache, or None (not there, or not rebuildable)."""
        entry = self._entries().get(text)
        if entry is None:
            return None
        if self._rebuild is None:
            self._rebuild = _reduced(regex.compile(""))[0]
        try:
            compiled: regex.Pattern[str] = self._rebuild(*_from_entry(text, entry))
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        self._used.add(text)
        return compiled

    def add(self, text: str, compiled: regex.Pattern[str]) -> None:
        """Keep a pattern compiled in this run, for :meth:`save`."""
        entry = _to_entry(_reduced(compiled)[1])
        if entry is not None:
            self._added[text] = entry

    def save(self) -> None:
        """Write the file again when this run compiled patterns it lacked (atomically: a reader
        sees the old file or the new)."""
        if not self._added:
            return
        path = self._path()
        if path is None:
            return
        entries = {**self._entries(), **self._added}
        if len(entries) > _MAX_PATTERNS:
            entries = {text: entries[text] for text in self._used | set(self._added)}
        self._stored, self._added = entries, {}
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            temp.unlink(missing_ok=True)
