"""Copies of a seed as users receive them: other encodings, line ends, digits, indentation.

Each variant is a function from the seed's text to the bytes of the copy.  Every
one of them must give the same records as the seed itself (tests/test_variants.py).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

import regex

FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

# （1） and 1. as task and heading numbers, at the start of a cell.
_SEQ_NUMBER = regex.compile(r"(?m)^(\s*)（(\d+)）")
_DOT_NUMBER = regex.compile(r"(?m)^(\s*)(\d+)\.")
_CHINESE_NUMBER = regex.compile(r"(?m)^(\s*)（([一二三四五六七八九十]+)）")
_SPACED_TITLE = regex.compile(r"(?m)^(\s*（ [一二三四五六七八九十]+ ）\p{Han})(\p{Han})")
_CHINESE_COMMA = regex.compile(r"(?m)^([一二三四五六七八九十]+)、")
_ROW_NUMBER = regex.compile(r"(?m)^([^\t\n]*)\t(\d+)\t")
_LEADING_TABS = regex.compile(r"(?m)^\t+")
_LINE_END = regex.compile(r"(?m)$")


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def fullwidth_numbering(text: str) -> str:
    """（1） → （１）, 1. → １．, a row's number cell 4 → ４: numbering typed full-width."""
    text = _SEQ_NUMBER.sub(lambda m: f"{m[1]}（{m[2].translate(FULLWIDTH_DIGITS)}）", text)
    text = _ROW_NUMBER.sub(lambda m: f"{m[1]}\t{m[2].translate(FULLWIDTH_DIGITS)}\t", text)
    return _DOT_NUMBER.sub(lambda m: f"{m[1]}{m[2].translate(FULLWIDTH_DIGITS)}．", text)


def spaced_numbering(text: str) -> str:
    """（一）推进 → （ 一 ）推 进, 一、 → 一 、, 1. → 1 ., （1） → （ 1 ）: spaces left by an export."""
    text = _CHINESE_NUMBER.sub(lambda m: f"{m[1]}（ {m[2]} ）", text)
    text = _SPACED_TITLE.sub(lambda m: f"{m[1]} {m[2]}", text)
    text = _CHINESE_COMMA.sub(lambda m: f"{m[1]} 、", text)
    text = _SEQ_NUMBER.sub(lambda m: f"{m[1]}（ {m[2]} ）", text)
    return _DOT_NUMBER.sub(lambda m: f"{m[1]}{m[2]} .", text)


def indent_with(spaces: str) -> Callable[[str], str]:
    """Leading tabs become ``spaces`` (an editor's "convert indentation to spaces")."""
    return lambda text: _LEADING_TABS.sub(lambda m: spaces * len(m[0]), text)


def trailing_white_space(text: str) -> str:
    return _LINE_END.sub(" \u3000 ", text)


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + utf8(t),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "crlf": lambda t: utf8(t.replace("\n", "\r\n")),
    "cr": lambda t: utf8(t.replace("\n", "\r")),
    "fullwidth-numbering": lambda t: utf8(fullwidth_numbering(t)),
    "fullwidth-digits-everywhere": lambda t: utf8(t.translate(FULLWIDTH_DIGITS).replace(".", "．")),
    "spaced-numbering": lambda t: utf8(spaced_numbering(t)),
    "space-indent": lambda t: utf8(indent_with("    ")(t)),
    "two-space-indent": lambda t: utf8(indent_with("  ")(t)),
    "ideographic-space-indent": lambda t: utf8(indent_with("\u3000")(t)),
    "nbsp-indent": lambda t: utf8(indent_with("\u00a0\u00a0")(t)),
    "trailing-white-space": lambda t: utf8(trailing_white_space(t)),
    "all-at-once": lambda t: (
        fullwidth_numbering(spaced_numbering(trailing_white_space(indent_with("    ")(t))))
        .replace("\n", "\r\n")
        .encode("gb18030")
    ),
}
