"""Rows given as data: a JSON or JavaScript array of objects (``[{"task": …, "unit": …}, …]``),
as a web page carries a table it draws with a script, or a file saved from one.

Each object is a row and its keys are the header (in the order they first appear), so the
table reader names the columns as it names any header's (``rules/columns.yaml`` lists
``task``, ``unit``, ``time`` and their like beside the Chinese names).  An array of arrays
whose first row names the columns reads the same way.  JavaScript's looser spelling (keys
without quotes, strings in single quotes, a comma before the closing bracket) is read too.

>>> data_rows('var list = [{task: "推进一网通办", unit: "市政数局"}, {task: "优化审批", unit: "市审批局"}];')
(['task', 'unit'], [['推进一网通办', '市政数局'], ['优化审批', '市审批局']], [11, 12, 44])
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator

from ybhj_parse.source.document import Line

_ARRAY_START = re.compile(r"\[\s*[\[{]")
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_$\u4e00-\u9fff][\w$\u4e00-\u9fff]*)\s*:")
_SINGLE_QUOTED = re.compile(r"'((?:[^'\\\n]|\\.)*)'")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# An array of at least this many rows is a table (fewer is a value of the script, not its data).
MIN_ROWS = 2
# Only this much of a script is searched for an array (a page's data comes early; a bundle is long).
SEARCH_LIMIT = 4 << 20
# Rows nest no deeper than this (the array, a row, a list of units in a cell, one to spare): a
# deeper array is no table, and is not parsed (deep nesting would exhaust the parser's stack).
MAX_DEPTH = 4


def _brackets(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(index, depth)`` of each bracket from ``start`` (strings skipped): the depth inside an
    opening bracket, and outside a closing one."""
    depth, quote, i = 0, "", start
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            yield i, depth
        elif ch in "]}":
            depth -= 1
            yield i, depth
        i += 1


def _closing(text: str, start: int) -> int | None:
    """The index past the bracket closing the one at ``start``; None if it is left open."""
    return next((i + 1 for i, depth in _brackets(text, start, len(text)) if depth == 0), None)


def _spans(text: str) -> dict[int, tuple[int, int]]:
    """For each bracket that opens and closes in ``text``: the index past its closing bracket and
    how deep the brackets nest inside it (itself counted).  One pass over the text, however many
    arrays it opens, so a text of unclosed brackets costs no more than any other."""
    spans: dict[int, tuple[int, int]] = {}
    stack: list[list[int]] = []  # [where it opens, deepest nesting inside]
    for i, _depth in _brackets(text, 0, len(text)):
        if text[i] in "[{":
            stack.append([i, 1])
        elif stack:
            start, deepest = stack.pop()
            spans[start] = (i + 1, deepest)
            if stack:
                stack[-1][1] = max(stack[-1][1], deepest + 1)
    return spans


def _loads(literal: str) -> object:
    try:
        return json.loads(literal)
    except RecursionError:
        return None
    except ValueError:
        loose = _TRAILING_COMMA.sub(r"\1", _BARE_KEY.sub(r'\1"\2":', literal))
        loose = _SINGLE_QUOTED.sub(
            lambda m: json.dumps(m.group(1).replace("\\'", "'"), ensure_ascii=False), loose
        )
        try:
            return json.loads(loose)
        except ValueError:
            return None


def _cell(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(v.strip() for v in value)  # a list of units
    return None


def _objects(data: list[object]) -> tuple[list[str], list[list[str | None]]]:
    """Rows of objects: the keys in the order they first appear, each row's values under them."""
    header: list[str] = []
    for row in data:
        assert isinstance(row, dict)
        header += [str(k) for k in row if str(k) not in header]
    return header, [[_cell(row.get(key)) for key in header] for row in data if isinstance(row, dict)]


def _arrays(data: list[object]) -> tuple[list[str], list[list[str | None]]]:
    """Rows of arrays: the first names the columns."""
    first = data[0] if isinstance(data[0], list) else []
    header = [c for c in (_cell(v) for v in first) if c is not None]
    return header, [[_cell(v) for v in row] for row in data[1:] if isinstance(row, list)]


def _table(data: object) -> tuple[list[str], list[list[str]]] | None:
    if not isinstance(data, list) or len(data) < MIN_ROWS:
        return None
    if all(isinstance(row, dict) for row in data):
        header, rows = _objects(data)
    elif all(isinstance(row, list) for row in data):
        header, rows = _arrays(data)
    else:
        return None
    if not header or any(c is None for row in rows for c in row):
        return None
    return header, [[c or "" for c in row] for row in rows]


def _element_starts(text: str, start: int, end: int) -> list[int]:
    """Where each element of the array ``text[start:end]`` starts."""
    return [i for i, depth in _brackets(text, start, end) if depth == 2 and text[i] in "[{"]


def data_rows(text: str) -> tuple[list[str], list[list[str]], list[int]] | None:
    """The header and rows of the first array of rows in ``text``, and where the array and each
    of its elements start (offsets, for the lines they cite); None when it holds none."""
    text = text[:SEARCH_LIMIT]
    spans = _spans(text)
    for m in _ARRAY_START.finditer(text):
        end, deepest = spans.get(m.start(), (None, 0))
        if end is None or deepest > MAX_DEPTH:
            continue
        table = _table(_loads(text[m.start() : end]))
        if table is not None:
            header, rows = table
            starts = _element_starts(text, m.start(), end)
            if len(starts) > len(rows):  # an array of arrays: its first element is the header
                starts = starts[1:]
            return header, rows, [m.start(), *starts]
    return None


def data_lines(text: str, lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], int, int] | None:
    """``lines`` with the array of rows in ``text`` written as a tab-separated table in place of
    the lines it stood on: a header line, then a line per row citing the line its element starts
    on; with the line of the array and its number of rows.  None when the text holds no array."""
    if "[" not in text or ("{" not in text and "[[" not in text.replace(" ", "")):
        return None
    found = data_rows(text)
    if found is None:
        return None
    header, rows, starts = found
    ends = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect_right(ends, offset - 1) + 1

    first, last = line_of(starts[0]), line_of(_closing(text, starts[0]) or len(text))
    table = [Line(first, "\t".join(header), "\t".join(header), 0)]
    for row, at in zip(rows, starts[1:], strict=False):
        joined = "\t".join(" ".join(cell.split()) for cell in row)
        table.append(Line(line_of(at), joined, joined.strip(), 0))
    kept = tuple(line for line in lines if line.number < first) + tuple(table)
    return kept + tuple(line for line in lines if line.number > last), first, len(rows)
