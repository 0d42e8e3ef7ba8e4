"""Find a table's column header row, in either layout.

- cell-per-line: the header is a run of lines, one name each, indented
  (``\\t政策措施`` ``\\t序号`` …) or not (then at least three of them);
- row-per-line: the header is one line of names, separated in any style of
  ``rules/separators.yaml`` (tab, |, comma, runs of spaces, single spaces).

The names and the roles they map to are in ``rules/columns.yaml``; order is
whatever the document uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ybhj_parse.blocks import layout_names
from ybhj_parse.blocks.separators import Layout, meta_row_pairs, split_header
from ybhj_parse.model.records import TableLayout
from ybhj_parse.rules.loader import ColumnRules, column_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.limits import MAX_TABLE_COLUMNS
from ybhj_parse.source.textnorm import squeeze_cjk_spaces


@dataclass(frozen=True, slots=True)
class Header:
    layout: TableLayout
    columns: tuple[str, ...]  # as written
    roles: tuple[str | None, ...]  # role of each column, None when the name is unknown
    line: int  # first line of the header
    end_line: int
    end_index: int  # index into the lines list just past the header
    repeated: tuple[tuple[int, str], ...] = ()  # (line, name) of header cells naming a role again
    cut_from: int = 0  # the number of columns the header named, when beyond MAX_TABLE_COLUMNS
    # How the rows separate their cells (rules/separators.yaml), or "cells" (one a line,
    # indented) and "flat" (one a line, not indented) for the cell-per-line layout.
    style: str = "tab"
    stops: tuple[int, ...] = ()  # spaces: where each header cell starts and ends (display columns)
    ends: tuple[int, ...] = ()

    @property
    def row_layout(self) -> Layout:
        return Layout(self.style, len(self.columns), self.stops, self.ends)


# Roles a header may name more than once: every such column is kept as it is.
_MANY = frozenset({"extra"})


def _first_of_each_role(roles: list[str | None]) -> list[bool]:
    seen: set[str] = set()
    keep = []
    for role in roles:
        keep.append(role is None or role in _MANY or role not in seen)
        if role is not None:
            seen.add(role)
    return keep


# A second unit column under another name (配合单位 beside 责任单位): its units are responsible too.
MORE_RESPONSIBLE = "more_responsible"


def _more_unit_columns(names: list[str], roles: list[str | None]) -> list[str | None]:
    """Unit columns after the first responsible one, under other names, add their units to it (a
    column named again is a repeat, and stays one)."""
    first = next((names[i] for i, role in enumerate(roles) if role == "responsible"), None)
    return [
        MORE_RESPONSIBLE
        if role == "responsible" and first is not None and name != first and i > names.index(first)
        else role
        for i, (name, role) in enumerate(zip(names, roles, strict=True))
    ]


def _target_column(names: list[str], roles: list[str | None]) -> list[str | None]:
    """No task column, but a column of targets (2022年预期目标): the targets are the tasks.  Else,
    beside a unit column, the first column no name says the role of (专项整治行业名称 | 时间安排 |
    责任单位): what the units do is all it can hold."""
    if "text" in roles:
        return roles
    targets = column_rules().target_columns
    for i, name in enumerate(names):
        key = squeeze_cjk_spaces(name).replace(" ", "")
        qualifier = column_rules().name_qualifier.match(key)
        if (key[qualifier.end() :] if qualifier else key) in targets:
            return [*roles[:i], "text", *roles[i + 1 :]]
    if ("lead" in roles or "responsible" in roles) and None in roles:
        i = roles.index(None)
        return [*roles[:i], "text", *roles[i + 1 :]]
    return roles


def _indicator_group(names: list[str], roles: list[str | None]) -> list[str | None]:
    """A column of targets or indicators (指标) before the task column groups the tasks under it:
    a group column, its cells headings."""
    if "text" not in roles or "policy" in roles:
        return roles
    targets = column_rules().target_columns
    first_text = roles.index("text")
    for i in range(first_text):
        if roles[i] == "extra" and squeeze_cjk_spaces(names[i]).replace(" ", "") in targets:
            return [*roles[:i], "policy", *roles[i + 1 :]]
    return roles


def header_roles(names: list[str]) -> list[str | None]:
    """The role of each of a header's names: by its name, then as its neighbours say (a target
    column with no task column, two task columns, an indicator column before the tasks)."""
    roles = _indicator_group(names, _group_column(_target_column(names, [_role(n) for n in names])))
    return _lone_main_column(names, roles)


def _lone_main_column(names: list[str], roles: list[str | None]) -> list[str | None]:
    """A lead column named 主办单位 or 主责单位 with no other unit column: its units do the task,
    the responsible units (a lead is one among several)."""
    if roles.count("lead") != 1 or "responsible" in roles:
        return roles
    i = roles.index("lead")
    if not squeeze_cjk_spaces(names[i]).replace(" ", "").startswith(column_rules().main_unit_starts):
        return roles
    return [*roles[:i], "responsible", *roles[i + 1 :]]


def _group_column(roles: list[str | None]) -> list[str | None]:
    """Two task columns and no group column (主要任务 over 具体措施): the first one, merged over
    the rows of its group, is the group column, carried to its rows as their heading."""
    texts = [i for i, role in enumerate(roles) if role == "text"]
    if len(texts) < 2 or "policy" in roles:
        return roles
    return ["policy" if i == texts[0] else role for i, role in enumerate(roles)]


def _role(name: str) -> str | None:
    rules = column_rules()
    names, firsts, lasts = _names_of(rules)
    # Each reading below looks up the whole key, a tail of it or a head of it: a key that neither
    # starts nor ends with a column's name (a task's text, most lines) has no role.  The key keeps
    # the first and last characters of the stripped name, so one look-up of each in the sets of
    # the names' first and last characters turns away most cells before the key is built.
    stripped = name.strip()
    if not stripped or (stripped[0] not in firsts and stripped[-1] not in lasts):
        return None
    key = squeeze_cjk_spaces(stripped).replace(" ", "")
    if not (key.endswith(names) or key.startswith(names)):
        return None
    role = rules.names.get(key) or _role_by_form(key, rules)
    if role is None and (qualifier := rules.name_qualifier.match(key)) and qualifier.end() < len(key):
        role = rules.names.get(key[qualifier.end() :])  # 西安市落实措施 → 落实措施
    if role is None and (remark := _REMARK.search(key)) and remark.start() > 0:
        base = key[: remark.start()]  # 责任单位（排在第一位的为牵头单位）, 重点工作任务(杭州市2项配合工作)
        role = rules.names.get(base) or _role_by_form(base, rules)
    if role is None and "、" in key:  # 目前完成情况、存在问题及下一步工作措施: its first name's role
        first = key.split("、", 1)[0]
        role = rules.names.get(first) or _role_by_form(first, rules)
    return role


def _role_by_form(key: str, rules: ColumnRules) -> str | None:
    """The role of a short name no list holds, by its first or last words (负责部门, 时间进度)."""
    if len(key) > rules.name_form_max or any(word in key for word in rules.name_form_exclusions):
        return None
    for start, role in rules.name_starts.items():
        if key.startswith(start):
            return role
    for ending, role in rules.name_endings:
        if key.endswith(ending):
            return role
    return None


_NAMES: list[tuple[ColumnRules, tuple[str, ...], frozenset[str], frozenset[str]]] = []


def _names_of(rules: ColumnRules) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """The column names of ``rules`` as a tuple (what str.startswith takes), and the sets of their
    first and of their last characters, made once per rules."""
    if not _NAMES or _NAMES[0][0] is not rules:
        # never empty (the loader refuses an empty name); the forms' words count as names
        names = (*rules.names, *rules.name_starts, *(ending for ending, _ in rules.name_endings))
        firsts = frozenset(name[0] for name in names)
        lasts = frozenset(name[-1] for name in names)
        _NAMES[:] = [(rules, names, firsts, lasts)]
    _, names, firsts, lasts = _NAMES[0]
    return names, firsts, lasts


# A remark in brackets after a column's name.
_REMARK = regex.compile(r"[（(][^（()）]*[）)]$")


def _enough(roles: list[str | None]) -> bool:
    """Enough different roles named for a header row (an extra column counts for none)."""
    named = {r for r in roles if r is not None and r not in _MANY}
    return len(named) >= column_rules().min_header_cells


def _row_header(line: Line, index: int) -> Header | None:
    """``line`` as a header row in the first separator style that names enough columns."""
    if "\t" in line.raw and "\t" not in line.text:
        return None  # an indented cell: no tab to split its text on, and a tab in what the rest read
    for style in layout_names():
        pieces = split_header(line.text if style == "tab" else line.raw, style)
        if pieces is None:
            continue
        width = len(pieces)
        pieces = pieces[:MAX_TABLE_COLUMNS]  # the bound of a table's width
        names = [p.text for p in pieces]
        roles = header_roles(names)
        if not _enough(roles) or (style != "tab" and 2 * sum(r is not None for r in roles) < len(roles)):
            continue
        roles = _more_unit_columns(names, roles)
        # A repeated name keeps its place (the rows have a cell for it) but no role.
        keep = _first_of_each_role(roles)
        repeated = tuple((line.number, n) for n, k in zip(names, keep, strict=True) if not k)
        roles = [r if k else None for r, k in zip(roles, keep, strict=True)]
        return Header(
            "row-per-line",
            tuple(names),
            tuple(roles),
            line.number,
            line.number,
            index + 1,
            repeated,
            style=style,
            stops=tuple(p.start for p in pieces),
            ends=tuple(p.end for p in pieces),
            cut_from=width if width > MAX_TABLE_COLUMNS else 0,
        )
    return _tail_header(line, index)


def _tail_header(line: Line, index: int) -> Header | None:
    """A header row at the end of a long line (…附件：…分解表 序号 名称 工作任务 牵头责任单位): a copy
    that ran the notice and the table's header together.  Its names, single spaces apart, are
    the last words of the line; the rows under it are read as single-spaced rows."""
    words = line.text.split()
    if len(words) < 4:
        return None
    run: list[str] = []
    for word in reversed(words):
        if len(word) > 10 or not (_role(word) or (run and _SHORT_NAME.match(word))):
            break
        run.insert(0, word)
    while run and _role(run[0]) is None:  # the run starts with a name that says its role
        run.pop(0)
    roles = _group_column(_target_column(run, [_role(n) for n in run]))
    if len(run) == len(words) or not _enough(roles):
        return None
    return Header(
        "row-per-line", tuple(run), tuple(roles), line.number, line.number, index + 1, style="words"
    )


def flat_text(line: Line) -> str:
    """A cell written one a line, without the | a copy may put before or after it on its line
    (a table copied cell by cell: 序号, |, 重点任务, |, …)."""
    return line.text.strip("|").strip() if "|" in line.text else line.text


def _cell_run(lines: tuple[Line, ...], i: int) -> tuple[int, list[int]]:
    """The header cells written one a line from ``lines[i]``: indented ones, or unindented ones
    (blank lines between them allowed); returns the index past the run and the cells' indexes."""
    indented = lines[i].is_cell
    piped = not indented and is_piped(lines, i)
    j, cells, last, closed = i, list[int](), i, True
    while j < len(lines):
        line = lines[j]
        if not indented and not flat_text(line):  # a blank line, or a lone | between cells
            closed = closed or "|" in line.text
            j += 1
            continue
        if line.is_cell != indented or not line.text or len(cells) == MAX_TABLE_COLUMNS:
            break
        if cells and _NAME_YEAR.match(flat_text(line)) and j + 1 < len(lines):
            # 2023年 / 目标进度: a name broken after its year, read by the words after it
            j += 1
            continue
        if cells and (_NAME_REMARK.match(flat_text(line)) or (piped and not closed)):
            # 责任股室 / (单位), or a name going on until its | (责任部门 / (加*号为牵头部门, …)): one name
            closed = line.text.endswith("|")
            j += 1
            last = j
            continue
        closed = line.text.endswith("|")
        if not _role(flat_text(line)) and not (cells and _unnamed_column(lines, j, indented)):
            break
        cells.append(j)
        j += 1
        last = j
    end = last if cells else i
    return end, cells


_NAME_REMARK = regex.compile(r"^[（(][^（）()]{1,8}[）)]$")
_NAME_YEAR = regex.compile(r"^(?:19|20)\d{2}\s*年度?$")


def _cells_style(lines: tuple[Line, ...], i: int) -> str:
    """How the cells from ``lines[i]`` are written: indented, closed by |, opened by |, or bare."""
    if lines[i].is_cell:
        return "cells"
    if is_piped(lines, i):
        return "piped"
    return "pipe-led" if is_pipe_led(lines, i) else "flat"


def is_pipe_led(lines: tuple[Line, ...], i: int) -> bool:
    """Cells opened by a | at the start of their first line, every cell of a row but its first,
    the row closed by a | alone (牵头单位 / | 目标任务 / | 责任单位 / |): a web table copied cell
    by cell with its borders.  Told by the line after the first cell."""
    after = next((line for line in lines[i + 1 : i + 4] if line.text), None)
    return after is not None and after.text.startswith("|") and bool(flat_text(after))


def is_piped(lines: tuple[Line, ...], i: int) -> bool:
    """Cells one a line or over several, each closed by a | (at its line's end, or alone on the
    next line): a web table copied cell by cell.  Told by the first cell from ``lines[i]``."""
    if lines[i].text.endswith("|"):
        return True
    after = next((line for line in lines[i + 1 : i + 4] if line.text), None)
    return after is not None and not flat_text(after) and "|" in after.text


_SHORT_NAME = regex.compile(r"^[\p{Han}A-Za-z（()）]{2,10}$")


def _unnamed_column(lines: tuple[Line, ...], j: int, indented: bool) -> bool:
    """A short name no list knows between names that are known (序号, 重点工作, 区本级任务数, 责任单位):
    a column of the header, kept as written; the next cell must name a column again."""
    if not _SHORT_NAME.match(flat_text(lines[j])):
        return False
    unknown = 0  # a name broken over two lines (区本级 / 任务数) is two unknown cells in a row
    for line in lines[j + 1 : j + 6]:
        if not indented and not flat_text(line):
            continue
        if line.is_cell != indented or not line.text:
            return False
        if _role(flat_text(line)) is not None:
            return True
        unknown += 1
        if unknown > 1 or not _SHORT_NAME.match(flat_text(line)):
            return False
    return False


def _cells_header(lines: tuple[Line, ...], i: int) -> tuple[Header | None, int]:
    end, cells = _cell_run(lines, i)
    names = [flat_text(lines[k]) for k in cells]
    roles = header_roles(names)
    if not _enough(roles) or (not lines[i].is_cell and len(cells) < 3):
        return None, max(end, i + 1)
    roles = _more_unit_columns(names, roles)
    # A header line written twice (a damaged copy) is one column: the rows have one cell for
    # it, so the repeat is dropped.  A second column of a role under a name of its own
    # (任务名称, then 任务要求及举措) is a column: kept, with no role.
    keep = _first_of_each_role(roles)
    first_name = {role: name for name, role in reversed(list(zip(names, roles, strict=True)))}
    for k, (name, role) in enumerate(zip(names, roles, strict=True)):
        if not keep[k] and role is not None and name != first_name[role]:
            keep[k], roles[k] = True, None
    numbers = [lines[k].number for k in cells]
    repeated = tuple((n, name) for n, name, k in zip(numbers, names, keep, strict=True) if not k)
    header = Header(
        "cell-per-line",
        tuple(name for name, k in zip(names, keep, strict=True) if k),
        tuple(role for role, k in zip(roles, keep, strict=True) if k),
        numbers[0],
        numbers[-1],
        end,
        repeated,
        style=_cells_style(lines, i),
    )
    return header, end


def _names_no_cell_of(line: Line, firsts: frozenset[str], lasts: frozenset[str]) -> bool:
    """``line`` can start no header: its text neither starts nor ends with a character a column's
    name does (so it is no header cell), and no cell of it can (a line indented with a tab,
    which no row header is, or one holding no such character at all).  A quick test that turns
    away most lines of a table before the separator styles and the name readings are tried."""
    text = line.text
    if "|" in text or text[0] in firsts or text[-1] in lasts:
        return False  # a cell between | (read without them), or one that may name a column
    if "\t" in line.raw and "\t" not in text:
        return True  # an indented cell: no row header (_row_header)
    return firsts.isdisjoint(text) and lasts.isdisjoint(text)


def find_header(lines: tuple[Line, ...], start: int = 0) -> Header | None:
    """Return the first header row of either layout, in any separator style, or None; from
    ``lines[start]`` on (its end_index counts in ``lines``, so no copy of the rest is made)."""
    _, firsts, lasts = _names_of(column_rules())
    past = 0  # the index past a run of cells that made no header: the search goes on from there
    for i in range(start, len(lines)):  # by index: an iterator would step through lines[:start]
        line = lines[i]
        if i < past or not line.text or _names_no_cell_of(line, firsts, lasts):
            continue
        if meta_row_pairs(line.raw) is not None:
            continue  # a web page's metadata copied as a row (发布单位 | 区政府 | 发文日期 | …)
        found = _row_header(line, i)
        if found is not None:
            return found
        if _role(flat_text(line)):
            found, past = _cells_header(lines, i)
            if found is not None:
                return found
    return None


def run_together_header(lines: tuple[Line, ...]) -> Line | None:
    """A line that names the columns with nothing between them (序号…牵头单位责任单位完成时限): a
    table copied from a page that lost the separators between its cells, or None."""
    rules = column_rules()
    for line in lines:
        key = squeeze_cjk_spaces(line.text).replace(" ", "")
        if "\t" in line.text or not key or len(key) > 80 or regex.search(r"[，。；,;：:！？]", key):
            continue  # a sentence that mentions 牵头单位 is no header
        roles = {role for name, role in rules.names.items() if name in key}
        if len(roles) >= rules.min_header_cells:
            return line
    return None
