"""A generated task table and its renderings in every format a reader takes.

:func:`task_tables` draws a table: a random subset and order of the columns (重点任务 and
牵头单位 always among them), each header a random synonym from ``rules/columns.yaml``, a
group column (政策措施 and its synonyms) whose cell is merged down over the rows of its
group, empty cells, cells of several lines, unit lists joined with 、 and ，.
:data:`RENDERINGS` writes it as tab text, pipe text, CSV, cell-per-line text, .docx, .html
and .xlsx (the last three with tools/originals.py's writers).

What every rendering carries alike, and so what the property compares: a merged group cell is
its text on the group's first row and empty below (as Word's own text export writes it, and as
the readers of original files render it); a cell of several lines is one cell whose lines join
without a separator, and in the one-line renderings (tab, pipe) its lines are joined already.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import originals  # noqa: E402

COLUMN_NAMES: dict[str, list[str]] = yaml.safe_load(
    (ROOT / "src" / "ybhj_parse" / "rules" / "columns.yaml").read_text(encoding="utf-8")
)["columns"]
ROLES = ["seq", "text", "lead", "responsible", "deadline", "extra"]
UNITS = ["市发改委", "市财政局", "市商务局", "市公安局", "市大数据局", "市税务局", "各区"]
DEADLINES = ["2022年底", "2022年6月底", "长期推进", "2023年3月", ""]
WORDS = ["推进", "改革", "优化", "营商环境", "审批", "服务", "数据共享", "一网通办"]
GROUPS = ["优化政务服务", "提升监管效能", "降低企业成本"]
TITLE = "鄂州市重点任务清单"


@dataclass(frozen=True)
class GeneratedTable:
    """A header and rows of cells; each cell its lines; ``None`` where a group cell above covers it."""

    header: list[str]
    roles: list[str]
    rows: list[list[list[str] | None]]

    def numbers(self) -> list[int]:
        return list(range(1, len(self.rows) + 1)) if "seq" in self.roles else []


def _lines(draw: st.DrawFn, text: str) -> list[str]:
    """The cell's text on one line or cut in two (a cell over two lines)."""
    if len(text) < 4 or not draw(st.booleans()):
        return [text]
    cut = draw(st.integers(1, len(text) - 1))
    return [text[:cut], text[cut:]]


def _units(draw: st.DrawFn, empty: bool) -> str:
    names = draw(st.lists(st.sampled_from(UNITS), min_size=0 if empty else 1, max_size=3, unique=True))
    return draw(st.sampled_from(["、", "，"])).join(names)


def _cell(draw: st.DrawFn, role: str, n: int) -> list[str]:
    if role == "seq":
        return [draw(st.sampled_from([str(n), f"（{n}）"]))]
    if role == "text":
        words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6))
        return _lines(draw, "".join(words) + "。")
    if role in ("lead", "responsible"):
        return [_units(draw, empty=role == "responsible")]
    if role == "deadline":
        return [draw(st.sampled_from(DEADLINES))]
    return [draw(st.sampled_from(["", "已完成", "按季度报送"]))]


@st.composite
def task_tables(draw: st.DrawFn) -> GeneratedTable:
    roles = [r for r in draw(st.permutations(ROLES)) if r in ("text", "lead") or draw(st.booleans())]
    if len(roles) < 3:  # a header is at least three names the rules know
        roles.append(draw(st.sampled_from([r for r in ROLES if r not in roles])))
    grouped = draw(st.booleans())
    count = draw(st.integers(1, 6))
    rows: list[list[list[str] | None]] = []
    group = -1
    for n in range(1, count + 1):
        row: list[list[str] | None] = [_cell(draw, role, n) for role in roles]
        if grouped:
            starts = n == 1 or draw(st.booleans())
            group += starts
            row.insert(0, [GROUPS[group % len(GROUPS)]] if starts else None)
        rows.append(row)
    names = [draw(st.sampled_from(COLUMN_NAMES[r])) for r in roles]
    if grouped:
        names.insert(0, draw(st.sampled_from(COLUMN_NAMES["policy"])))
        roles = ["group", *roles]
    return GeneratedTable(names, roles, rows)


def _flat(table: GeneratedTable) -> list[list[str]]:
    """Header and rows as one-line cells: a covered cell empty, a cell's lines joined."""
    return [table.header] + [["".join(cell or []) for cell in row] for row in table.rows]


def tab_text(table: GeneratedTable) -> bytes:
    lines = ["\t".join(row) for row in _flat(table)]
    return (f"{TITLE}\n\n" + "\n".join(lines) + "\n").encode("utf-8")


def pipe_text(table: GeneratedTable) -> bytes:
    lines = ["| " + " | ".join(row) + " |" for row in _flat(table)]
    return (f"{TITLE}\n\n" + "\n".join(lines) + "\n").encode("utf-8")


def csv_text(table: GeneratedTable) -> bytes:
    """As Excel saves it: a cell of several lines quoted, with its line breaks in it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow(table.header)
    writer.writerows(["\n".join(cell or []) for cell in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def cell_per_line_text(table: GeneratedTable) -> bytes:
    """Each cell on a line of its own after a tab, its further lines unindented; rows apart."""
    out = [TITLE, ""] + ["\t" + name for name in table.header] + [""]
    for row in table.rows:
        for cell in row:
            first, *rest = cell or [""]
            out += ["\t" + first, *rest]
        out.append("")
    return "\n".join(out).encode("utf-8")


def grid(table: GeneratedTable) -> originals.Grid:
    """The table as rows of (text, rowspan, colspan), a group cell spanning the rows of its group."""
    rows: originals.Grid = [[(name, 1, 1) for name in table.header]]
    for i, row in enumerate(table.rows):
        cells = []
        for j, cell in enumerate(row):
            if cell is None:
                continue
            span = 1
            while j == 0 and i + span < len(table.rows) and table.rows[i + span][0] is None:
                span += 1
            cells.append(("\n".join(cell), span, 1))
        rows.append(cells)
    return rows


def docx(table: GeneratedTable) -> bytes:
    return originals.docx_grid(TITLE, originals.placed(grid(table)))


def html(table: GeneratedTable) -> bytes:
    return originals.html_grid(TITLE, grid(table))


def xlsx(table: GeneratedTable) -> bytes:
    return originals.xlsx_grid(TITLE, originals.placed(grid(table)))


# name → (the file's name, its writer)
RENDERINGS = {
    "tab": ("table.txt", tab_text),
    "pipe": ("table.txt", pipe_text),
    "csv": ("table.csv", csv_text),
    "cell-per-line": ("table.txt", cell_per_line_text),
    "docx": ("table.docx", docx),
    "html": ("table.html", html),
    "xlsx": ("table.xlsx", xlsx),
}
