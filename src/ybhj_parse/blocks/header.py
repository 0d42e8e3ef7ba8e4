"""Find a table's column header row, in either layout.

- cell-per-line: the header is a run of indented lines, one name each
  (``\\t政策措施`` ``\\t序号`` …);
- row-per-line: the header is one line of tab-separated names.

The names and the roles they map to are in ``rules/columns.yaml``; order is
whatever the document uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ybhj_parse.rules.loader import column_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.limits import MAX_TABLE_COLUMNS
from ybhj_parse.source.textnorm import squeeze_cjk_spaces


@dataclass(frozen=True, slots=True)
class Header:
    layout: str  # "cell-per-line" or "row-per-line"
    columns: tuple[str, ...]  # as written
    roles: tuple[str | None, ...]  # role of each column, None when the name is unknown
    line: int  # first line of the header
    end_line: int
    end_index: int  # index into the lines list just past the header
    repeated: tuple[tuple[int, str], ...] = ()  # (line, name) of header cells naming a role again
    cut_from: int = 0  # the number of columns the header named, when beyond MAX_TABLE_COLUMNS


def _first_of_each_role(roles: list[str | None]) -> list[bool]:
    seen: set[str] = set()
    keep = []
    for role in roles:
        keep.append(role is None or role not in seen)
        if role is not None:
            seen.add(role)
    return keep


def _role(name: str) -> str | None:
    rules = column_rules()
    key = squeeze_cjk_spaces(name).replace(" ", "")
    role = rules.names.get(key)
    if role is None and (qualifier := rules.name_qualifier.match(key)) and qualifier.end() < len(key):
        role = rules.names.get(key[qualifier.end() :])  # 西安市落实措施 → 落实措施
    return role


def find_header(lines: tuple[Line, ...]) -> Header | None:
    """Return the first header row of either layout, or None."""
    need = column_rules().min_header_cells
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text:
            names = [c.strip() for c in line.text.split("\t")]
            width = len(names)
            names = names[:MAX_TABLE_COLUMNS]  # the bound of a table's width
            roles = [_role(n) for n in names]
            if len({r for r in roles if r is not None}) >= need:
                # A repeated name keeps its place (the rows have a cell for it) but no role.
                keep = _first_of_each_role(roles)
                repeated = tuple((line.number, n) for n, k in zip(names, keep, strict=True) if not k)
                roles = [r if k else None for r, k in zip(roles, keep, strict=True)]
                cut = width if width > MAX_TABLE_COLUMNS else 0
                return Header(
                    "row-per-line", tuple(names), tuple(roles), line.number, line.number, i + 1, repeated, cut
                )
        if line.is_cell and _role(line.text):
            j, names, roles, numbers = i, [], [], []
            while (
                j < len(lines)
                and j - i < MAX_TABLE_COLUMNS
                and lines[j].is_cell
                and lines[j].text
                and _role(lines[j].text)
            ):
                names.append(lines[j].text)
                roles.append(_role(lines[j].text))
                numbers.append(lines[j].number)
                j += 1
            if len(set(roles)) >= need:
                # A header line written twice (a damaged copy) is one column: the rows have
                # one cell for it, so the repeat is dropped.
                keep = _first_of_each_role(roles)
                repeated = tuple((n, name) for n, name, k in zip(numbers, names, keep, strict=True) if not k)
                return Header(
                    "cell-per-line",
                    tuple(name for name, k in zip(names, keep, strict=True) if k),
                    tuple(role for role, k in zip(roles, keep, strict=True) if k),
                    line.number,
                    lines[j - 1].number,
                    j,
                    repeated,
                )
            i = j
            continue
        i += 1
    return None


def repeats_of(lines: tuple[Line, ...], header: Header) -> list[Header]:
    """The header row written again below ``header`` with the same columns (what a page break
    leaves in an export): page furniture, not a row of tasks."""
    found: list[Header] = []
    start = header.end_index
    while start < len(lines):
        again = find_header(lines[start:])
        if again is None:
            break
        if again.columns == header.columns and again.layout == header.layout:
            found.append(again)
        start += again.end_index
    return found


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
