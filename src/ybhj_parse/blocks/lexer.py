"""Prose stage 1: each line → one token saying what kind of line it is.

The rules are an ordered list of ``(name, fn)``; the first that claims a line
wins, so the order below is the precedence, readable at a glance:

- ``blank``;
- ``banner``: a legal-database banner (【法宝引证码】…, keys in ``rules/furniture.yaml``);
- ``page-number``: - 3 -, 第3页 共10页;
- ``web-meta``: 索引号：… 发布机构：… (one or several key：value pairs);
- ``label``: a field marker and a colon (牵头单位：区商务局; ``rules/labels.yaml``),
  possibly several fields on one line;
- ``numbered``: a heading-style number (一、 （一） 1. （1） 第一条; ``rules/headings.yaml``);
  whether it is a heading or a task is decided later, by what follows;
- ``text``: anything else.

Patterns see the line with stray spaces between Chinese characters removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import regex

from ybhj_parse.blocks.separators import meta_row_pairs
from ybhj_parse.rules.loader import furniture_rules, label_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.attribution import AttributionField, read_labelled
from ybhj_parse.values.headings import HeadingMatch, match_heading

# What a line is, one kind a line rule below (and "table": a line of a task table inside a plan,
# which the prose stages leave to the table parser).
TokKind = Literal["blank", "banner", "page-number", "web-meta", "label", "numbered", "text", "table"]


@dataclass(slots=True)
class Tok:
    kind: TokKind
    line: Line
    text: str  # the line's text, stray spaces removed
    rule: str = ""  # what matched, for --explain: e.g. "arabic-dot", "牵头单位", "法宝引证码"
    heading: HeadingMatch | None = None
    fields: list[AttributionField] = field(default_factory=list)  # label lines
    meta: dict[str, str] = field(default_factory=dict)  # web-meta lines: field → value
    written: dict[str, str] = field(default_factory=dict)  # web-meta lines: key as written → value

    @property
    def number(self) -> int:
        return self.line.number


LineRule = Callable[[Line, str], "Tok | None"]


def _blank(line: Line, text: str) -> Tok | None:
    return Tok("blank", line, text) if not text else None


def _banner(line: Line, text: str) -> Tok | None:
    rules = furniture_rules()
    m = rules.banner.match(text)
    if m and m.group("key") in rules.banner_keys:
        return Tok("banner", line, text, m.group("key"))
    return None


def _page_number(line: Line, text: str) -> Tok | None:
    """A page number, or the page's chrome around a web copy (扫一扫…, 详见…网, a byline)."""
    rules = furniture_rules()
    if rules.page_number.match(text) or rules.page_chrome.match(text):
        return Tok("page-number", line, text, "page-number")
    return None


def _web_meta(line: Line, text: str) -> Tok | None:
    rules = furniture_rules()
    if not rules.meta_line.match(text):
        return _web_meta_row(line, text)
    keys = list(rules.meta_key.finditer(text))
    meta: dict[str, str] = {}
    written: dict[str, str] = {}
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
        value = text[key.end() : end].strip()
        meta.setdefault(rules.meta_keys[key.group("key")], value)
        written.setdefault(key.group("key"), value)
    return Tok("web-meta", line, text, "、".join(k.group("key") for k in keys), meta=meta, written=written)


def _web_meta_row(line: Line, text: str) -> Tok | None:
    """The metadata pairs copied as a table row (发布单位 | 区政府 | 发文日期 | 2022-07-14 |)."""
    pairs = meta_row_pairs(line.raw)
    if pairs is None:
        return None
    keys = furniture_rules().meta_keys
    meta: dict[str, str] = {}
    written: dict[str, str] = {}
    for key, value in pairs:
        meta.setdefault(keys[key], value)
        written.setdefault(key, value)
    return Tok("web-meta", line, text, "、".join(key for key, _ in pairs), meta=meta, written=written)


def _label(line: Line, text: str) -> Tok | None:
    fields = read_labelled(text, label_rules())
    if not fields:
        return None
    return Tok("label", line, text, "、".join(f.rule for f in fields), fields=fields)


def _numbered(line: Line, text: str) -> Tok | None:
    heading = match_heading(text, line=line.number)
    return Tok("numbered", line, text, heading.style, heading=heading) if heading else None


def _text(line: Line, text: str) -> Tok | None:
    return Tok("text", line, text)


LINE_RULES: list[tuple[str, LineRule]] = [
    ("blank", _blank),
    ("banner", _banner),
    ("page-number", _page_number),
    ("web-meta", _web_meta),
    ("label", _label),
    ("numbered", _numbered),
    ("text", _text),
]


def classify(line: Line) -> Tok:
    text = squeeze_cjk_spaces(line.text)
    for _name, rule in LINE_RULES:
        tok = rule(line, text)
        if tok is not None:
            return tok
    raise AssertionError("the text rule claims every line")


def tokenize(lines: tuple[Line, ...]) -> list[Tok]:
    return [classify(piece) for line in lines for piece in split_items(line)]


# An item number standing inside a line, after the end of a sentence (…公示。 1.轨道交通…): a
# copy that lost the line breaks between items.  Only a long line is searched.
_INLINE_ITEM = regex.compile(
    r"(?<=[。；;）)]\s*|\s)(?=\d{1,3}[.．、](?!\d)\p{Han}|[一二三四五六七八九十]{1,3}、\p{Han}|[（(][一二三四五六七八九十]{1,3}[）)]\p{Han})"
)
_LONG_LINE = 160


def split_items(line: Line) -> list[Line]:
    """A line holding several numbered items is read as one line per item, each citing the line
    (a copy that put a whole list on one line); any other line is itself."""
    text = line.text
    if len(text) < _LONG_LINE:
        return [line]
    starts = [m.start() for m in _INLINE_ITEM.finditer(text)]
    if len(starts) < 2:
        return [line]
    bounds = [0, *starts, len(text)] if starts[0] > 0 else [*starts, len(text)]
    pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [Line(line.number, piece, piece, 0) for piece in pieces if piece]
