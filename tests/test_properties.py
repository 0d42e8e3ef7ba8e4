"""Generated damage to the seeds: lines deleted, duplicated, swapped and cut, bytes flipped.

Whatever the damage, parsing either returns a dataset or raises the documented
:class:`InputError` (exit 2 at the command line); and in a dataset

- every item number present in the damaged input is a record's ``seq`` or is
  named in a diagnostic message (a range such as ``16–28`` names the numbers in it);
- every non-blank line the parser did not use lies on a diagnostic's lines.

Hypothesis runs derandomized (the same examples on every run) with a bounded
number of examples, so the suite is repeatable and quick in CI.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from test_layouts import render_row_per_line
from ybhj_parse.errors import InputError
from ybhj_parse.model.records import Dataset

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

TASK_NUMBER = regex.compile(r"^[（(]\s*(\d+)\s*[）)]$")  # a cell holding only （n）
ROW_NUMBER = regex.compile(r"^\d+$")


def task_numbers(lines: list[str]) -> set[int]:
    """Numbers of the cells that hold only （n）, in either table layout."""
    return {
        int(m.group(1))
        for line in lines
        for cell in line.split("\t")
        if (m := TASK_NUMBER.match(cell.strip()))
    }


def notice_numbers(lines: list[str]) -> set[int]:
    """Numbers in the number column of the notice's attachment rows (the second tab-separated cell)."""
    numbers = set()
    for line in lines:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 5 and ROW_NUMBER.match(cells[1]):
            numbers.add(int(cells[1]))
    return numbers


SEEDS: dict[str, tuple[list[str], Callable[[list[str]], set[int]]]] = {
    "task-list": (TASK_LIST.read_text(encoding="utf-8").split("\n"), task_numbers),
    "task-list-row-per-line": (
        render_row_per_line(["policy", "seq", "text", "lead", "responsible", "deadline"]).split("\n"),
        task_numbers,
    ),
    "notice": (NOTICE.read_text(encoding="utf-8").split("\n"), notice_numbers),
}

_RANGE = regex.compile(r"(?<!\d)(\d+)–(\d+)(?!\d)")
_NUMBER = regex.compile(r"(?<!\d)\d+(?!\d)")


def numbers_named(message: str) -> set[int]:
    named = {int(n) for n in _NUMBER.findall(message)}
    for first, last in _RANGE.findall(message):
        named.update(range(int(first), int(last) + 1))
    return named


# One edit: (kind, a, b) with a and b fractions of the current length, so that any
# draw is valid whatever the earlier edits left.
EDIT = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "cut", "cut-inside-line"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)


def damage(lines: list[str], edits: list[tuple[str, float, float]]) -> list[str]:
    lines = list(lines)
    for kind, a, b in edits:
        if not lines:
            break
        i, j = int(a * len(lines)), int(b * len(lines))
        if kind == "delete":
            del lines[i : i + 1 + j % 6]  # up to six lines: a cell, a row, a heading and its row
        elif kind == "duplicate":
            lines.insert(i, lines[j])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines = lines[:i]
        else:  # the copy ends inside line i
            lines = [*lines[:i], lines[i][: int(b * len(lines[i]))]]
    return lines


def parse_or_refuse(data: bytes) -> Dataset | None:
    try:
        return ybhj_parse.parse_bytes(data, path="damaged.txt")
    except InputError:
        return None  # documented: the command line prints it on one line and exits 2


def check_accounted_for(dataset: Dataset, numbers: set[int]) -> None:
    records = dataset.pilot_items if dataset.document.kind == "notice" else dataset.tasks
    named = {record.seq for record in records or []}
    for d in dataset.diagnostics:
        named |= numbers_named(d.message)
    assert numbers <= named, f"numbers neither a record nor in a diagnostic: {sorted(numbers - named)}"
    coverage = dataset.document.coverage
    assert coverage is not None
    explained = {
        n
        for d in dataset.diagnostics
        if d.line is not None
        for n in range(d.line, (d.end_line or d.line) + 1)
    }
    unexplained = set(coverage.unconsumed) - explained
    assert not unexplained, f"lines unused and unreported: {sorted(unexplained)}"


@pytest.mark.parametrize("seed", sorted(SEEDS))
@SETTINGS
@given(edits=st.lists(EDIT, min_size=1, max_size=6))
def test_damaged_lines_are_kept_or_reported(seed: str, edits: list[tuple[str, float, float]]) -> None:
    lines, numbers_of = SEEDS[seed]
    damaged = damage(lines, edits)
    dataset = parse_or_refuse("\n".join(damaged).encode("utf-8"))
    if dataset is not None:
        check_accounted_for(dataset, numbers_of(damaged))


@pytest.mark.parametrize("seed", sorted(SEEDS))
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
@SETTINGS
@given(
    flips=st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), max_size=4),
    keep=st.floats(min_value=0, max_value=1),
)
def test_damaged_bytes_are_kept_or_reported(
    seed: str, encoding: str, flips: list[float], keep: float
) -> None:
    """Bytes overwritten and the copy cut anywhere, even inside a character."""
    lines, _ = SEEDS[seed]
    data = bytearray("\n".join(lines).encode(encoding))
    for at in flips:
        data[int(at * len(data))] = 0xFF
    dataset = parse_or_refuse(bytes(data[: int(keep * len(data))]))
    if dataset is not None:
        check_accounted_for(dataset, set())
