"""The 2022 list written in every separator a copy may use gives the same 154 records.

The copies are rendered here from the canonical dataset (data/out/ezhou-2022-key-tasks.json),
not from the seed's lines: a heading row for each new heading (its cell in the 政策措施
column), then one row per task.  Each rendering is read back and compared, field by field,
with the canonical records.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ybhj_parse
from ybhj_parse.model.contract import to_data

CANONICAL = Path(__file__).resolve().parent.parent / "data" / "out" / "ezhou-2022-key-tasks.json"
HEADER = ["政策措施", "序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
TITLE = "鄂州市优化营商环境2022年重点任务清单"


def canonical() -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = json.loads(CANONICAL.read_text(encoding="utf-8"))["tasks"]
    return tasks


def units(task: dict[str, Any], field: str, joiner: str = "、") -> str:
    names = list(task[field])
    if field == "responsible_units":
        if task["units_open_ended"] and names:
            names[-1] += "等"
        names += task["scope_words"]
    return joiner.join(names)


def table(
    number: Callable[[dict[str, Any]], str] = lambda t: t["label"], joiner: str = "、"
) -> list[list[str]]:
    """Heading rows and task rows, six cells each ('' for an empty cell)."""
    rows: list[list[str]] = []
    shown: list[str] = []
    for task in canonical():
        headings = [h["marker"] + h["title"] for h in task["headings"]]
        for depth, heading in enumerate(headings):
            if shown[depth : depth + 1] != [heading]:
                rows.append([heading, "", "", "", "", ""])
                shown = [*shown[:depth], heading]
        deadline = task["deadline"]["raw"] if task["deadline"] else ""
        lead, responsible = units(task, "lead_units", joiner), units(task, "responsible_units", joiner)
        rows.append(["", number(task), task["text"], lead, responsible, deadline])
    return rows


def tabs() -> str:
    return "\n".join([TITLE, "\t".join(HEADER), *("\t".join(r) for r in table())]) + "\n"


def pipes_outer() -> str:
    rows = [HEADER, *table()]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join([TITLE, "", lines[0], "|" + "---|" * len(HEADER), *lines[1:]]) + "\n"


def pipes_inner() -> str:
    rows = [HEADER, *table()]
    lines = [" | ".join(r) for r in rows]
    return "\n".join([TITLE, lines[0], " | ".join(["---"] * len(HEADER)), *lines[1:]]) + "\n"


def pipes_closing() -> str:
    """Cells ending in ' |' (a page's text copy), no | at the start."""
    return "\n".join([TITLE, *("".join(c + " |" for c in r) for r in [HEADER, *table()])]) + "\n"


def excel_csv() -> bytes:
    """As Excel saves it: a BOM, quotes where needed, CRLF, units one a line inside a cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow(HEADER)
    writer.writerows(table(joiner="\n"))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def display(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def spaces() -> str:
    """Columns padded with spaces to a common width, as pdftotext -layout writes them."""
    rows = [HEADER, *table()]
    widths = [max(display(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = [
        "   ".join(c + " " * (w - display(c)) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    return "\n".join([TITLE, "", *lines]) + "\n"


def words() -> str:
    """Single spaces; the header says six cells; a heading row is its one cell."""
    rows = [" ".join(c for c in r if c) for r in table()]
    return "\n".join([TITLE, " ".join(HEADER), *rows]) + "\n"


def cells_flat() -> str:
    """One cell a line, no indentation, a blank line after each row, bare numbers (1, 2, …)."""
    out = [TITLE, "", *HEADER, ""]
    for row in table(number=lambda t: str(t["seq"])):
        out += [c for c in row if c] + [""]
    return "\n".join(out) + "\n"


def cells_and_pipes() -> str:
    """A cell a line and its | on the next line (a page's table copied cell by cell)."""
    out = [TITLE, "", *(line for name in HEADER for line in (name, "|"))]
    for row in table():
        out += [line for c in row if c for line in (c, "|")]
    return "\n".join(out) + "\n"


def headed_rows() -> list[str | list[str]]:
    """Each new heading on a line of its own (a str), then the task rows under it: five cells,
    no 政策措施 column."""
    out: list[str | list[str]] = []
    for row in table():
        out.append(row[0] if row[0] else row[1:])
    return out


def four_spaces_headings_between() -> str:
    """Cells apart by runs of four spaces, not padded into columns; headings between the rows."""
    lines = [TITLE, "", "    ".join(HEADER[1:])]
    lines += [r if isinstance(r, str) else "    ".join(r) for r in headed_rows()]
    return "\n".join(lines) + "\n"


def cells_blank_after_each_headings_between() -> str:
    """One cell a line with a blank line after every cell (not after every row), the headings
    cells of their own between the rows: the rows are told apart by their numbers alone."""
    lines = [TITLE, ""]
    for name in HEADER[1:]:
        lines += [name, ""]
    for row in headed_rows():
        for cell in [row] if isinstance(row, str) else [c for c in row if c]:
            lines += [cell, ""]
    return "\n".join(lines) + "\n"


RENDERINGS: dict[str, Callable[[], str | bytes]] = {
    "cells-blank-after-each-headings-between": cells_blank_after_each_headings_between,
    "four-spaces-headings-between": four_spaces_headings_between,
    "tab": tabs,
    "pipe-outer": pipes_outer,
    "pipe-inner": pipes_inner,
    "pipe-closing": pipes_closing,
    "excel-csv": excel_csv,
    "spaces": spaces,
    "words": words,
    "cells-flat": cells_flat,
    "cells-and-pipes": cells_and_pipes,
}


def key(task: dict[str, Any]) -> dict[str, Any]:
    deadline = task["deadline"]
    return {
        "seq": task["seq"],
        "headings": [h["marker"] + h["title"] for h in task["headings"]],
        "text": task["text"],
        "lead_units": task["lead_units"],
        "responsible_units": task["responsible_units"],
        "all_districts": task["all_districts"],
        "scope_words": task["scope_words"],
        "deadline": deadline
        and {k: deadline[k] for k in ("raw", "due", "ongoing", "immediate", "recurring")},
    }


@pytest.mark.parametrize("name", sorted(RENDERINGS))
def test_every_separator_gives_the_154_records(name: str) -> None:
    rendered = RENDERINGS[name]()
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    dataset = ybhj_parse.parse_bytes(data, path=f"ezhou-2022-{name}.txt")
    got = [key(to_data(t)) for t in dataset.tasks]
    assert len(got) == 154
    assert got == [key(t) for t in canonical()]
    assert [f"{d.line} {d.code}" for d in dataset.diagnostics if d.severity != "info"] == []
    assert dataset.document.coverage is not None and dataset.document.coverage.unconsumed == []
    assert dataset.document.title == TITLE


def test_the_renderings_really_use_their_separators() -> None:
    assert pipes_outer().split("\n")[3] == "|---|---|---|---|---|---|"
    assert words().split("\n")[1] == "政策措施 序号 重点任务 牵头单位 责任单位 完成时限"
    assert "\t" not in spaces() and "  " in spaces().split("\n")[2]
    assert excel_csv().startswith(b"\xef\xbb\xbf") and b"\r\n" in excel_csv()
    assert cells_flat().split("\n")[2:9] == [*HEADER, ""]


def test_a_traditional_copy_gives_the_same_records_in_simplified_characters() -> None:
    import opencc

    seed = ybhj_parse.parse_file(CANONICAL.parent.parent / "raw" / "ezhou-2022-key-tasks.txt")
    text = (CANONICAL.parent.parent / "raw" / "ezhou-2022-key-tasks.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    assert "牽頭單位" in traditional and "重點任務" in traditional
    dataset = ybhj_parse.parse_text(traditional)
    assert dataset.document.script == "traditional" and seed.document.script == "simplified"
    assert dataset.document.title == "鄂州市优化营商环境2022年重点任务清单"
    assert to_data(dataset.tasks) == to_data(seed.tasks)
    assert dataset.tasks[38].lead_units == ["市市场监管局（市知识产权局）"]
    assert dataset.tasks[38].source.line == 318


TABLES = CANONICAL.parent.parent.parent / "tests" / "fixtures" / "tables"


def test_people_and_kept_columns() -> None:
    dataset = ybhj_parse.parse_file(TABLES / "pipe-leaders.txt")
    assert [t.leaders for t in dataset.tasks] == [["张明"], ["李华副市长"], ["王强"], ["张明"]]
    assert [t.extra for t in dataset.tasks] == [{"备注": "按季度调度"}, {}, {"备注": "牵头单位待定"}, {}]
    assert dataset.tasks[2].lead_units == [] and dataset.tasks[2].responsible_units == ["市政数局"]


def test_traditional_fixture_says_its_script() -> None:
    dataset = ybhj_parse.parse_file(TABLES / "traditional.txt")
    assert dataset.document.script == "traditional"
    assert dataset.document.columns == ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]


def test_short_row_alignment_is_linear_in_the_row_width() -> None:
    """A 400-column header and a row of 3 cells: placed in one pass (no search over placements)."""
    import time

    from ybhj_parse.blocks.table import Cell, realign

    slots = ["seq", "text", *(f"column:c{i}" for i in range(396)), "lead", "deadline"]
    row = {
        "text": Cell("推进改革。", 1, 1),
        "lead": Cell("市发改委", 1, 1),
        "deadline": Cell("2022年6月底", 1, 1),
    }
    row = {
        "seq": Cell("（1）", 1, 1),
        "column:c0": row["text"],
        "column:c1": row["lead"],
        "column:c2": row["deadline"],
    }
    started = time.perf_counter()
    placed = realign(row, slots)
    assert time.perf_counter() - started < 0.5
    assert {role: cell.text for role, cell in placed.items()} == {
        "seq": "（1）",
        "text": "推进改革。",
        "lead": "市发改委",
        "deadline": "2022年6月底",
    }
