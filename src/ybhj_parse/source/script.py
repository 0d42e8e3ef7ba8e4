"""Traditional-script copies (牽頭單位, 責任單位, 縣, 區): read through OpenCC's ``t2s`` mapping.

A document is in traditional script when the mapping changes a fair share of its Han
characters (a simplified text is left almost as it is); a text holding too few of the
characters t2s can change (the table of source/t2stable.py) is simplified without loading
OpenCC.  Each line is mapped on its own, so that line numbers and every citation stay
those of the file; the digest in ``document.source`` is still that of the bytes read.

>>> to_simplified_text("鄂州市優化營商環境")
'鄂州市优化营商环境'
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import cache
from typing import Any

import regex

from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.t2stable import CONFIG, changeable

# A document whose Han characters change under t2s at least this often (and at least
# _MIN_CHANGED of them) is a traditional copy.
_SHARE = 0.05
_MIN_CHANGED = 3
_HAN = regex.compile(r"\p{Han}")
_NOT_HAN = regex.compile(r"\P{Han}+")


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified_text(text: str) -> str:
    return str(_converter().convert(text))


def _may_be_traditional(han: str) -> bool:
    """False when ``han`` holds too few characters t2s can change to be a traditional copy: each
    character t2s changes is one of them (source/t2stable.py), so OpenCC need not be loaded."""
    table = changeable()
    if table is None or os.path.isfile(CONFIG):  # OpenCC would read a t2s.json of the working folder
        return True
    could_change = sum(han.count(c) for c in set(han) & table)
    return could_change >= _MIN_CHANGED and could_change >= _SHARE * len(han)


@cache
def _could_change_pattern(table: frozenset[str]) -> re.Pattern[str]:
    """One class of the characters of ``table`` in the BMP and of every character beyond it: re
    scans a BMP class as a bitmap at C speed, where a list of characters beyond the BMP is
    tried one by one (hundreds of times slower), so those are all counted as changeable."""
    bmp = "".join(sorted(c for c in table if c < "\U00010000"))
    return re.compile(f"[{re.escape(bmp)}\U00010000-\U0010ffff]")


def _surely_simplified(text: str) -> bool:
    """True where the exact test of :func:`_may_be_traditional` would be False, found without
    building the Han-only string of the whole text: a count of at least the characters t2s can
    change, against the Han characters of a prefix just long enough (at most those of the text).
    A simplified text holds few changeable characters, so a short prefix settles it."""
    table = changeable()
    if table is None or os.path.isfile(CONFIG):
        return False
    could_change = len(_could_change_pattern(table).findall(text))
    if could_change < _MIN_CHANGED:
        return True
    size = 2 * int(could_change / _SHARE)
    while True:
        if could_change < _SHARE * len(_NOT_HAN.sub("", text[:size])):
            return True
        if size >= len(text):
            return False
        size *= 4


def is_traditional(text: str) -> bool:
    if _surely_simplified(text):
        return False  # a simplified text, the usual case: neither the Han string nor OpenCC
    han: str = _NOT_HAN.sub("", text)
    if not han or not _may_be_traditional(han):
        return False
    mapped = to_simplified_text(han)
    if mapped == han:
        return False  # a simplified text holding changeable characters: no need to count
    changed = sum(1 for a, b in zip(han, mapped, strict=False) if a != b)
    return changed >= _MIN_CHANGED and changed >= _SHARE * len(han)


def _simplified_line(line: Line) -> Line:
    raw = to_simplified_text(line.raw) if _HAN.search(line.raw) else line.raw
    stripped = raw.lstrip()
    return Line(line.number, raw, stripped.rstrip(), len(raw) - len(stripped) if stripped else 0)


def simplified(source: SourceText) -> SourceText:
    """The source in simplified characters; ``script`` says what it was written in."""
    if source.script == "traditional" or not is_traditional("\n".join(line.raw for line in source.lines)):
        return source
    lines = tuple(_simplified_line(line) for line in source.lines)
    return dataclasses.replace(source, lines=lines, script="traditional")
