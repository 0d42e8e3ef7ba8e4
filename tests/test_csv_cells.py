"""A CSV cell never holds Python's spelling of an absent value."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import ybhj_parse
from ybhj_parse.output.writers import to_csv

GROUP_UNNUMBERED = Path(__file__).parent / "fixtures" / "tables" / "group-unnumbered.txt"


def test_a_heading_without_number_leaves_its_number_cell_empty() -> None:
    dataset = ybhj_parse.parse_file(GROUP_UNNUMBERED)
    rows = list(csv.DictReader(io.StringIO(to_csv(dataset).lstrip("\ufeff"))))
    assert [(row["seq"], row["section_no"], row["section_title"]) for row in rows[:3]] == [
        ("1", "", "优化政务服务"),
        ("2", "", "优化政务服务"),
        ("3", "", "规范涉企收费"),
    ]
    assert not any(value == "None" for row in rows for value in row.values())
