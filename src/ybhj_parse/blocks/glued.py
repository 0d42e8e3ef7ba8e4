"""A table copied with nothing between its cells: read by its column names and what cells hold.

A document-sharing site's preview of a Word table may lose every separator, so that a header
and its rows run on in one stream of characters::

    2021年…责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加教育资源供给实施…
    。何海平教育局经开区高新园(邹区镇)各街道市国有公司2促进就业稳定增长…

Such a copy is refused by the readers of tables; before it is, this stage looks for a run of
known column names with nothing between them (an unknown name of a few characters before a
known one, 区政府 + 分管领导, is one name), and reads the stream after it (up to a blank line):

- rows start at the row numbers 1, 2, 3 … in turn, each right after the header, a sentence's
  end or the end of a unit's name, and before a character of the task;
- a row's cells end in a person (two or three characters, under a column of people) and the
  units, split where a unit's name ends (rules/cells.yaml ``glued``), right after a sentence's
  end; a row naming them twice holds two sub-rows, each a task under the row's number; words
  after the last units are more of the last sub-row's task;
- the header written again (a page break) is skipped, and a preview's chunk number opening a
  line in the middle of a sentence (``高新园(邹区镇`` / ``2、)各街道``) is dropped.

The rows are written as tab-separated lines under a header line, each citing the line its
number stands on, and an info (``glued-cells``) says the table was read so.  A copy with no
such header is itself; this stage runs only where nothing else read the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import regex

from ybhj_parse.blocks.header import header_roles
from ybhj_parse.model.diagnostics import diag
from ybhj_parse.rules.loader import cell_rules, column_rules, deadline_rules
from ybhj_parse.source.document import Line, SourceText
from ybhj_parse.source.textnorm import squeeze_cjk_spaces


@cache
def _header_run() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The pattern of a run of column names with nothing between them, and of one name in it."""
    rules = cell_rules().glued
    names = sorted(column_rules().names, key=len, reverse=True)
    known = "|".join(regex.escape(name) for name in names if len(name) >= rules.name_min)
    one = rf"\p{{Han}}{{0,{rules.unknown_max}}}?(?:{known})"
    return regex.compile(rf"(?:{known})(?:{one})+"), regex.compile(one)


@dataclass(frozen=True, slots=True)
class _Glued:
    index: int  # the header's line in the source's lines
    start: int  # where the run of names starts in that line's text
    end: int
    names: tuple[str, ...]


def _find_header(lines: tuple[Line, ...]) -> _Glued | None:
    run, one = _header_run()
    rules = column_rules()
    for index, line in enumerate(lines):
        if "\t" in line.raw or len(line.text) < rules.min_header_cells * 2:
            continue
        text = squeeze_cjk_spaces(line.text)
        for m in run.finditer(text):
            found = _from_number_column(index, m.start(), [n.group() for n in one.finditer(m.group())])
            roles = {_role_of(name) for name in found.names}
            if len(roles - {None}) >= rules.min_header_cells and "text" in roles:
                return found
    return None


def _role_of(name: str) -> str | None:
    """The role of the longest known name ``name`` ends with (区政府分管领导: 分管领导's)."""
    known = column_rules().names
    matches = [k for k in known if name.endswith(k)]
    return known[max(matches, key=len)] if matches else None


def _from_number_column(index: int, start: int, names: list[str]) -> _Glued:
    """The run of names from its number column on, when it has one: the words before 序号 are the
    title's (民生实事分解表序号…), not a column."""
    seq = next((k for k, name in enumerate(names) if _role_of(name) == "seq"), None)
    if seq is not None:
        known = max((k for k in column_rules().names if names[seq].endswith(k)), key=len)
        start += sum(map(len, names[:seq])) + len(names[seq]) - len(known)
        names = [known, *names[seq + 1 :]]
    return _Glued(index, start, start + sum(map(len, names)), tuple(names))


@dataclass(slots=True)
class _Stream:
    """The characters after the header, with the line each stands on."""

    text: str = ""
    lines: list[int] = field(default_factory=list)

    def add(self, text: str, number: int) -> None:
        self.text += text
        self.lines.extend([number] * len(text))

    def line_at(self, offset: int) -> int:
        return self.lines[min(offset, len(self.lines) - 1)] if self.lines else 0


_OPEN = "（("
_CLOSE = "）)"


def _continues(text: str) -> bool:
    """The stream so far ends inside a sentence: an unclosed bracket, or no sentence end."""
    opened = sum(text.count(c) for c in _OPEN) > sum(text.count(c) for c in _CLOSE)
    return opened or not text.endswith(("。", "；", "”"))


def _stream(lines: tuple[Line, ...], found: _Glued) -> tuple[_Stream, int]:
    """The stream after the header, up to a blank line, and the index past its last line."""
    chunk = cell_rules().glued.chunk_marker
    header = "".join(found.names)
    stream = _Stream()
    first = lines[found.index]
    stream.add(squeeze_cjk_spaces(first.text)[found.end :], first.number)
    end = found.index + 1
    for line in lines[found.index + 1 :]:
        if line.blank:
            break
        text = squeeze_cjk_spaces(line.text)
        marker = chunk.match(text)
        if marker is not None and _continues(stream.text):
            text = text[marker.end() :]  # a preview's chunk number inside a sentence
        stream.add(text, line.number)
        end += 1
    while (at := stream.text.find(header)) > 0:  # the header again, at a page break
        stream.text = stream.text[:at] + stream.text[at + len(header) :]
        del stream.lines[at : at + len(header)]
    return stream, end


# The character a row's task opens with, right after its number.
_TASK_START = regex.compile(r"[\p{Han}“《]")


def _row_starts(text: str) -> list[tuple[int, int]]:
    """(offset, length of its number) of each row: 1, 2, 3 … in turn."""
    endings = _unit_endings()
    starts: list[tuple[int, int]] = []
    n, at = 1, 0
    while True:
        number = str(n)
        found = None
        p = text.find(number, at)
        while p >= 0 and found is None:
            before = text[p - 1] if p else ""
            after = text[p + len(number) : p + len(number) + 1]
            opens_task = not before.isdigit() and _TASK_START.match(after) is not None
            if opens_task and (not before or before in "。；”）)" or before in endings):
                found = p
            p = text.find(number, p + 1)
        if found is None:
            return starts
        starts.append((found, len(number)))
        n, at = n + 1, found + len(number)


@cache
def _unit_endings() -> frozenset[str]:
    rules = cell_rules()
    return frozenset(e[-1] for e in (*rules.unit_endings, *rules.glued.unit_endings))


def _units_at(text: str, at: int) -> tuple[list[str], int]:
    """The unit names run together from ``at`` (经开区高新园(邹区镇)各街道…), and where they end."""
    rules = cell_rules().glued
    endings = tuple((*cell_rules().unit_endings, *rules.unit_endings))
    units: list[str] = []
    while at < len(text):
        piece = text[at : at + rules.unit_max]
        if piece.startswith(tuple(rules.not_unit_starts)):
            break
        cut = next(
            (k for k in range(rules.unit_min, len(piece) + 1) if piece[:k].endswith(endings)),
            None,
        )
        if cut is None or any(c in rules.inner_stops for c in piece[: cut - 1]):
            break
        if text[at + cut : at + cut + 1] in _OPEN:  # 高新园(邹区镇): the bracket is the name's
            close = regex.match(r"[（(][^（()）]{1,10}[）)]", text[at + cut :])
            if close is not None:
                cut += close.end()
        units.append(text[at : at + cut])
        at += cut
    return units, at


def _person_and_units(text: str, at: int, people: bool) -> tuple[str, list[str], int] | None:
    """A person's name (where the table has a column of ``people``) and the units after it,
    from ``at``; None where none stand there."""
    rules = cell_rules().glued
    if text.startswith(rules.not_unit_starts, at):
        return None  # 提升康复辅具…: the next piece of work, not a person
    for length in rules.person_lengths if people else (0,):
        person = text[at : at + length]
        if len(person) < length or (length and not regex.fullmatch(r"\p{Han}+", person)):
            continue
        units, end = _units_at(text, at + length)
        if units:
            return person, units, end
    return None


@dataclass(slots=True)
class _SubRow:
    text: str
    person: str = ""
    units: tuple[str, ...] = ()
    line: int = 0
    due: str = ""  # the deadline right after the units (市政数局2023年6月底)


def _sub_rows(body: str, base: int, stream: _Stream, people: bool, deadlines: bool) -> list[_SubRow]:
    """A row's tasks: each a text closed by a person and units after a sentence's end (and the
    deadline after them, where the table has a column of ``deadlines``)."""
    rows: list[_SubRow] = []
    start = 0
    for m in regex.finditer("。", body):
        if m.end() <= start:
            continue
        found = _person_and_units(body, m.end(), people)
        if found is None:
            continue
        person, units, end = found
        due = deadline_rules().milestone_date.match(body, end) if deadlines else None
        rows.append(_SubRow(body[start : m.end()], person, tuple(units), stream.line_at(base + start)))
        if due is not None:
            rows[-1].due, end = due.group(), due.end()
        start = end
    rest = body[start:]
    if rows and rest:
        rows[-1].text += rest  # more of the last task's work, its units given above
    elif rest or not rows:
        rows.append(_SubRow(rest, line=stream.line_at(base + start)))
    return rows


def expand_glued_rows(source: SourceText) -> SourceText:
    """``source`` with a glued table's rows as tab-separated lines (see the module docstring)."""
    lines = source.lines
    found = _find_header(lines)
    if found is None:
        return source
    stream, end = _stream(lines, found)
    starts = _row_starts(stream.text)
    if not starts:
        return source
    first = lines[found.index]
    out = list(lines[: found.index])
    title = squeeze_cjk_spaces(first.text)[: found.start]
    title = cell_rules().glued.chunk_marker.sub("", title)
    if title:
        out.append(Line(first.number, title, title, 0))
    out.append(Line(first.number, "\t".join(found.names), "\t".join(found.names), 0))
    rows = 0
    roles = header_roles(list(found.names))  # as the table reader will take them
    for k, (at, length) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(stream.text)
        number = stream.text[at : at + length]
        body = stream.text[at + length : stop]
        for sub in _sub_rows(body, at + length, stream, "leaders" in roles, "deadline" in roles):
            row = "\t".join(_cells(roles, number, sub))
            out.append(Line(sub.line, row, row.rstrip(), 0))
            rows += 1
    out.extend(lines[end:])
    said = diag("glued-cells", first.number, count=rows)
    return replace(source, lines=tuple(out), diags=(*source.diags, said))


def _cells(roles: list[str | None], number: str, sub: _SubRow) -> list[str]:
    """A sub-row's cells under the header's columns: the number, the task under the task column
    (a group column before it left empty: the copy ran the group's name into the task), the person, the first unit under the lead column (when there is one) and the others
    under the unit column after it."""
    units = list(sub.units)
    values = {"seq": number, "text": sub.text, "leaders": sub.person, "deadline": sub.due}
    if "lead" in roles and units:
        values["lead"] = units.pop(0)
    values["responsible"] = "、".join(units)
    cells, used = [], set()
    for role in roles:
        value = values.get(role, "") if role is not None and role not in used else ""
        used.add(role)
        cells.append(value)
    return cells
