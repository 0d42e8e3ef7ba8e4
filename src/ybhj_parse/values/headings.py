"""Heading recognition and carry-forward.

``match_heading`` tries the ordered rules of ``rules/headings.yaml`` on a
line.  :class:`HeadingStack` carries headings forward to the rows under them:
a new heading of rank *k* replaces ranks *k* and below (like an indentation
stack), and a heading repeated at a page break, identical to the one in
force, is recognised as the same heading.

>>> h = match_heading("（二十八）健全考评奖惩机制", line=1209)
>>> h.no, h.title, h.marker, h.style
(28, '健全考评奖惩机制', '（二十八）', 'chinese-paren')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

import regex

from ybhj_parse.rules.loader import HeadingRule, heading_rules
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.numerals import try_parse_numeral


@dataclass(slots=True)
class HeadingMatch:
    style: str
    rank: int
    marker: str
    no: int | None
    title: str
    line: int
    tasks: int = 0  # rows emitted under it so far
    parent: HeadingMatch | None = None

    def same_as(self, other: HeadingMatch) -> bool:
        return (self.style, self.no, self.title) == (other.style, other.no, other.title)


def match_heading(
    text: str, *, line: int, rules: tuple[HeadingRule, ...] | None = None
) -> HeadingMatch | None:
    text = text.strip()
    # The rule files' rules are asked of the same cells again and again (a unit cell, a deadline,
    # a heading repeated at each page break): their reading is kept by text.
    parts = _read_heading(text) if rules is None else _heading_parts(text, rules or heading_rules())
    if parts is None:
        return None
    style, rank, marker, no, title = parts
    return HeadingMatch(style=style, rank=rank, marker=marker, no=no, title=title, line=line)


# A heading's style, rank, marker, number and title.
_Parts = tuple[str, int, str, int | None, str]


@lru_cache(maxsize=4096)
def _read_heading(text: str) -> _Parts | None:
    gate = _any_heading()
    if gate is not None and gate.match(text) is None:
        return None  # most lines are no heading: one match tells, not one per rule
    return _heading_parts(text, heading_rules())


def _heading_parts(text: str, rules: tuple[HeadingRule, ...]) -> _Parts | None:
    for rule in rules:
        m = rule.pattern.match(text)
        if m is None:
            continue
        no = try_parse_numeral(m.group("no"))
        marker = "".join(text[: m.start("title")].split())  # （ 二 ） and 1 . are （二） and 1.
        return rule.name, rule.rank, marker, no, squeeze_cjk_spaces(m.group("title"))
    return None


# An inline flag or a group that may not be repeated would change meaning in one alternation.
_NOT_COMBINABLE = regex.compile(r"\(\?(?!P<|:|=|!|<=|<!|>)|\(\?P=|\\\d|\\g")


@cache
def _any_heading() -> regex.Pattern[str] | None:
    """The rules' patterns as one alternation: it matches a line exactly when one of them does
    (or None when a pattern cannot be combined: the rules are then tried one by one)."""
    patterns = [rule.pattern for rule in heading_rules()]
    if any(p.flags != patterns[0].flags or _NOT_COMBINABLE.search(p.pattern) for p in patterns):
        return None
    try:
        return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags=patterns[0].flags)
    except regex.error:
        return None


# new; repeat (the heading in force again, after a page break); renumber (its number is not the
# expected next); empty (a heading left without rows).
EventKind = Literal["new", "repeat", "renumber", "empty"]


@dataclass(slots=True)
class StackEvent:
    kind: EventKind
    heading: HeadingMatch
    previous: HeadingMatch | None = None


@dataclass(slots=True)
class HeadingStack:
    path: list[HeadingMatch] = field(default_factory=list)
    last_by_rank: dict[int, HeadingMatch] = field(default_factory=dict)
    seen: list[HeadingMatch] = field(default_factory=list)

    def push(self, heading: HeadingMatch) -> list[StackEvent]:
        rank = heading.rank
        for h in self.path:  # a few headings at most: a loop, not a generator
            if h.rank == rank:
                if h.same_as(heading):
                    # A page break repeats the headings in force: the same heading, not a new one.
                    return [StackEvent("repeat", heading, h)]
                break
        outer = [h for h in self.path if h.rank < rank]
        heading.parent = outer[-1] if outer else None
        events = self._left([h for h in self.path if h.rank >= rank])
        previous = self.last_by_rank.get(heading.rank)
        self.path = [*outer, heading]
        self.last_by_rank[heading.rank] = heading
        self.seen.append(heading)
        kind: EventKind = "new"
        if previous is not None and previous.no is not None and heading.no is not None:
            expected = {previous.no + 1}
            if previous.parent is not heading.parent:
                expected.add(1)  # numbering may restart under a new parent
            if heading.no not in expected:
                kind = "renumber"
        events.append(StackEvent(kind, heading, previous))
        return events

    def finish(self) -> list[StackEvent]:
        left, self.path = self.path, []
        return self._left(left)

    @staticmethod
    def _left(headings: list[HeadingMatch]) -> list[StackEvent]:
        return [StackEvent("empty", h) for h in headings if h.tasks == 0]
