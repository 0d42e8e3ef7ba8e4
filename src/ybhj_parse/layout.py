"""Find a table's column header row, in either layout.

- cell-per-line: the header is a run of indented lines, one name each
  (``\\t政策措施`` ``\\t序号`` …);
- row-per-line: the header is one line of tab-separated names.

The names and the roles they map to are in ``rules/columns.yaml``; order is
whatever the document uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reader import Line
from .ruleset import column_rules
from .textnorm import squeeze_cjk_spaces


@dataclass(frozen=True, slots=True)
class Header:
    layout: str  # "cell-per-line" or "row-per-line"
    columns: tuple[str, ...]  # as written
    roles: tuple[str | None, ...]  # role of each column, None when the name is unknown
    line: int  # first line of the header
    end_line: int
    end_index: int  # index into the lines list just past the header


def _role(name: str) -> str | None:
    return column_rules().names.get(squeeze_cjk_spaces(name).replace(" ", ""))


def find_header(lines: tuple[Line, ...]) -> Header | None:
    """Return the first header row of either layout, or None."""
    need = column_rules().min_header_cells
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text:
            names = [c.strip() for c in line.text.split("\t")]
            roles = [_role(n) for n in names]
            if sum(r is not None for r in roles) >= need:
                return Header("row-per-line", tuple(names), tuple(roles), line.number, line.number, i + 1)
        if line.is_cell and _role(line.text):
            j, names, roles = i, [], []
            while j < len(lines) and lines[j].is_cell and lines[j].text and _role(lines[j].text):
                names.append(lines[j].text)
                roles.append(_role(lines[j].text))
                j += 1
            if len(names) >= need:
                return Header(
                    "cell-per-line", tuple(names), tuple(roles), line.number, lines[j - 1].number, j
                )
            i = j
            continue
        i += 1
    return None
